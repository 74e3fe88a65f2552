"""Reading policies: keys, values, and one-line errors that point at the mistake."""

from __future__ import annotations

import pytest

from reportgen.policy import PolicyError, find_policy, load_policy, project_metadata


def _write(tmp_path, text: str, name: str = "pyproject.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _error(tmp_path, text: str, name: str = "pyproject.toml") -> str:
    path = _write(tmp_path, text, name)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    message = str(info.value)
    assert "\n" not in message
    return message.replace(str(path), "FILE")


def test_full_policy_in_pyproject(tmp_path):
    path = _write(tmp_path, """
[project]
name = "app"

[tool.reportgen.policy]
allow = ["permissive", "MPL-2.0", "gpl-2.0-only with classpath-exception-2.0", "LGPL-*"]
deny = ["AGPL-*", "Classpath-exception-2.0"]
unknown = "warn"
only = ["runtime"]
project_license = "apache-2.0"
distribution = "network-service"
compatibility = "warn"

[[tool.reportgen.policy.exceptions]]
package = "chardet"
version = "<5"
reason = "dev only"
""")
    policy = load_policy(path)
    assert [(r.text, r.kind) for r in policy.allow] == [
        ("permissive", "category"),
        ("MPL-2.0", "id"),
        ("GPL-2.0-only WITH Classpath-exception-2.0", "with"),
        ("LGPL-*", "glob"),
    ]
    assert [(r.text, r.kind) for r in policy.deny] == [("AGPL-*", "glob"), ("Classpath-exception-2.0", "exception")]
    assert policy.unknown == "warn"
    assert policy.only == ("runtime",)
    assert policy.project_license == "Apache-2.0"
    assert policy.distribution == "network-service"
    assert policy.compatibility == "warn"
    assert policy.exceptions[0].package == "chardet"
    assert policy.exceptions[0].line == 14
    assert policy.exceptions[0].matches("Chardet", "4.0.0", "pypi")
    assert not policy.exceptions[0].matches("chardet", "5.2.0", "pypi")


def test_defaults(tmp_path):
    policy = load_policy(_write(tmp_path, "[tool.reportgen.policy]\n"))
    assert (policy.allow, policy.deny, policy.unknown, policy.distribution, policy.compatibility) == (
        (), (), "fail", "distributed", "fail"
    )


def test_standalone_policy_file_top_level_and_under_tool(tmp_path):
    top = load_policy(_write(tmp_path, 'deny = ["GPL-3.0-only"]\n', "licenses.toml"))
    assert [r.text for r in top.deny] == ["GPL-3.0-only"]
    nested = load_policy(_write(tmp_path, '[tool.reportgen.policy]\ndeny = ["MIT"]\n', "other.toml"))
    assert [r.text for r in nested.deny] == ["MIT"]


def test_find_policy_in_parents(tmp_path):
    root = _write(tmp_path, "[tool.reportgen.policy]\ndeny = []\n")
    inner = tmp_path / "services" / "web"
    inner.mkdir(parents=True)
    (inner / "pyproject.toml").write_text('[project]\nname = "web"\n')  # no policy here: keep looking up
    assert find_policy(inner) == root


def test_toml_syntax_error_has_line_and_column(tmp_path):
    msg = _error(tmp_path, '[tool.reportgen.policy]\nallow = ["MIT",\ndeny = 3\n')
    assert msg.startswith("FILE:3:")
    assert "TOML syntax error" in msg


def test_unknown_key_with_suggestion(tmp_path):
    msg = _error(tmp_path, '[project]\nname = "x"\n\n[tool.reportgen.policy]\nalow = ["MIT"]\n')
    assert msg == "FILE:5:1: unknown policy key 'alow' (did you mean 'allow'?)"


def test_unknown_category_points_at_the_value(tmp_path):
    msg = _error(tmp_path, '[tool.reportgen.policy]\nallow = ["MIT", "weak-copylef"]\n')
    assert msg == "FILE:2:17: unknown license id or category 'weak-copylef' in allow (did you mean the category 'weak-copyleft'?)"


def test_unknown_license_id_suggests_ids(tmp_path):
    msg = _error(tmp_path, '[tool.reportgen.policy]\ndeny = [\n  "MIT",\n  "GPL-3.0-onyl",\n]\n')
    assert msg.startswith("FILE:4:3: unknown license id or category 'GPL-3.0-onyl' in deny (did you mean ")
    assert "GPL-3.0-only" in msg


def test_exception_without_reason(tmp_path):
    msg = _error(tmp_path, """[tool.reportgen.policy]
deny = ["GPL-*"]

[[tool.reportgen.policy.exceptions]]
package = "mutagen"
reason = "tagging only"

[[tool.reportgen.policy.exceptions]]
package = "chardet"
version = "<5"
""")
    assert msg == "FILE:9:11: the exception for 'chardet' has no reason (add reason = \"why this license is acceptable here\")"


def test_exception_with_bad_version_range(tmp_path):
    msg = _error(tmp_path, """[tool.reportgen.policy]
[[tool.reportgen.policy.exceptions]]
package = "chardet"
version = "4.0.0"
reason = "x"
""")
    assert msg == 'FILE:4:11: not a version range: \'4.0.0\' (write "==4.0.0")'


def test_bad_choice_values(tmp_path):
    msg = _error(tmp_path, '[tool.reportgen.policy]\ndistribution = "saas"\n')
    assert msg == "FILE:2:16: distribution must be one of 'distributed', 'network-service', not 'saas'"
    msg = _error(tmp_path, '[tool.reportgen.policy]\nunknown = "ignore"\n')
    assert msg == "FILE:2:11: unknown must be one of 'fail', 'warn', not 'ignore'"


def test_expressions_are_not_allowed_in_lists(tmp_path):
    msg = _error(tmp_path, '[tool.reportgen.policy]\nallow = ["MIT OR Apache-2.0"]\n')
    assert msg.startswith("FILE:2:10: allow entries are single license ids, not expressions")


def test_wrong_types(tmp_path):
    assert _error(tmp_path, "[tool.reportgen.policy]\nallow = 3\n") == (
        'FILE:2:1: allow must be a list of strings (e.g. allow = ["MIT", "permissive"])'
    )
    assert _error(tmp_path, '[tool.reportgen.policy]\nonly = ["prod"]\n').startswith(
        "FILE:2:9: unknown dependency group 'prod' in only"
    )


def test_bad_project_license(tmp_path):
    msg = _error(tmp_path, '[tool.reportgen.policy]\nproject_license = "MIT OR"\n')
    assert msg.startswith("FILE:2:19: project_license: ")


def test_pyproject_without_policy_table(tmp_path):
    msg = _error(tmp_path, '[project]\nname = "x"\n')
    assert msg == "FILE:1:1: no [tool.reportgen.policy] table (add one, or give --policy a policy file)"


def test_missing_policy_file(tmp_path):
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "nope.toml")
    assert "no such policy file" in str(info.value)


def test_project_metadata_from_pyproject_and_package_json(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "app"\nlicense = "Apache-2.0"\n')
    name, license_, source = project_metadata(tmp_path)
    assert (name, license_) == ("app", "Apache-2.0")
    assert source.endswith("pyproject.toml: [project] license")
    old = tmp_path / "old"
    old.mkdir()
    (old / "pyproject.toml").write_text('[project]\nname = "old"\nlicense = {text = "MIT"}\n')
    assert project_metadata(old)[1] == "MIT"
    js = tmp_path / "js"
    js.mkdir()
    (js / "package.json").write_text('{"name": "web", "license": "(MIT OR Apache-2.0)"}')
    assert project_metadata(js)[:2] == ("web", "MIT OR Apache-2.0")


def test_toml_error_at_end_of_document_still_has_a_position(tmp_path):
    msg = _error(tmp_path, '[tool.reportgen.policy]\nallow = ["MIT"\n', "licenses.toml")
    assert msg == "FILE:2:15: TOML syntax error: unclosed array at end of document (fix the TOML syntax)"
