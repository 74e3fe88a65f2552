"""AND / OR / WITH, allow / deny, categories, unknowns, exceptions, groups and compatibility,
judged on the licenses identified in a real venv (see conftest.py)."""

from __future__ import annotations

import subprocess

import pytest

from reportgen.policy import check, evaluate, load_policy_text

pytestmark = pytest.mark.slow


def judge(reports, policy_text: str, project_license: str | None = "Apache-2.0"):
    policy = load_policy_text(policy_text, "policy.toml")
    result = evaluate(reports, policy, project_license=project_license, project_name="myapp")
    return result, {o.dependency.name.lower(): o for o in result.outcomes}


def test_identified_licenses_are_the_ones_the_tests_rely_on(reports):
    found = {r.dependency.name.lower(): r.license.expression for r in reports}
    assert found["chardet"] == "LGPL-2.1-or-later"
    assert found["certifi"] == "MPL-2.0"
    assert found["packaging"] == "Apache-2.0 OR BSD-2-Clause"
    assert found["python-dateutil"] == "BSD-3-Clause AND Apache-2.0"
    assert found["mutagen"] == "GPL-2.0-or-later"
    assert found["linkdemo"] == "GPL-2.0-only WITH Classpath-exception-2.0"
    assert found["nolicense"] == "NOASSERTION"


# --- pip-licenses' known failures --------------------------------------------------------


def test_or_passes_when_one_choice_is_allowed_where_pip_licenses_fails(reports, policy_venv):
    _, by = judge(reports, 'allow = ["MIT"]\ncompatibility = "off"')
    assert by["dualdemo"].status == "pass"
    assert by["dualdemo"].chosen == "MIT"
    assert by["dualdemo"].notes[0] == "chose MIT from MIT OR GPL-3.0-only"
    # pip-licenses compares the whole expression as one name, so it rejects the same package
    pip_licenses = subprocess.run(
        ["pip-licenses", f"--python={policy_venv}", "--packages", "dualdemo", "--allow-only=MIT"],
        capture_output=True, text=True, timeout=120,
    )
    assert pip_licenses.returncode == 1, pip_licenses.stdout + pip_licenses.stderr


def test_and_fails_when_one_part_is_denied_where_pip_licenses_passes(reports, policy_venv):
    _, by = judge(reports, 'deny = ["GPL-3.0-only"]\ncompatibility = "off"')
    outcome = by["bothdemo"]
    assert outcome.status == "fail"
    assert [(p.kind, p.detail) for p in outcome.problems] == [
        ("denied", "GPL-3.0-only matches deny entry GPL-3.0-only")
    ]
    pip_licenses = subprocess.run(
        ["pip-licenses", f"--python={policy_venv}", "--packages", "bothdemo", "--fail-on=GPL-3.0-only"],
        capture_output=True, text=True, timeout=120,
    )
    assert pip_licenses.returncode == 0, pip_licenses.stdout + pip_licenses.stderr


# --- OR / AND ----------------------------------------------------------------------------------


def test_or_with_no_allowed_choice_fails_with_every_reason(reports):
    _, by = judge(reports, 'allow = ["MIT"]\ncompatibility = "off"')
    outcome = by["packaging"]
    assert outcome.status == "fail"
    assert [p.detail for p in outcome.problems] == [
        "Apache-2.0 (permissive) matches no allow entry",
        "BSD-2-Clause (permissive) matches no allow entry",
    ]


def test_and_passes_when_every_part_is_allowed(reports):
    _, by = judge(reports, 'allow = ["BSD-3-Clause", "Apache-2.0"]')
    assert by["python-dateutil"].status == "pass"
    assert by["python-dateutil"].chosen == "BSD-3-Clause AND Apache-2.0"


def test_or_takes_the_choice_compatible_with_the_project(reports):
    # Apache-2.0 cannot go into a GPL-2.0-only program you distribute; BSD-2-Clause can
    _, by = judge(reports, "", project_license="GPL-2.0-only")
    assert by["packaging"].status == "pass"
    assert by["packaging"].chosen == "BSD-2-Clause"
    # an AND cannot choose: python-dateutil's Apache-2.0 part is incompatible
    outcome = by["python-dateutil"]
    assert outcome.status == "fail"
    assert [p.detail for p in outcome.problems] == [
        "Apache-2.0 dependency in a GPL-2.0-only project you distribute: Apache-2.0's patent and "
        "indemnity terms are further restrictions that GPL/LGPL version 2 does not allow"
    ]


# --- WITH ----------------------------------------------------------------------------------------


def test_deny_of_the_license_matches_a_with_expression(reports):
    _, by = judge(reports, 'deny = ["GPL-*"]')
    assert by["linkdemo"].status == "fail"
    assert by["linkdemo"].problems[0].detail == "GPL-2.0-only WITH Classpath-exception-2.0 matches deny entry GPL-*"
    assert by["gccdemo"].status == "fail"


def test_allowing_the_exception_lifts_the_deny_of_its_license(reports):
    _, by = judge(reports, 'deny = ["GPL-*"]\nallow = ["Classpath-exception-2.0", "permissive", "weak-copyleft"]')
    assert by["linkdemo"].status == "pass"
    assert by["gccdemo"].status == "fail"  # GCC-exception-3.1 is not allowed
    assert by["mutagen"].status == "fail"


def test_with_exception_is_judged_by_what_it_relaxes(reports):
    _, by = judge(reports, "")
    # Classpath exception: linking is allowed, so it is weak-copyleft-like for the project
    link = by["linkdemo"]
    assert link.status == "pass"
    assert [(c.verdict, c.reason) for c in link.compatibility] == [
        (
            "conditional",
            "GPL-2.0-only WITH Classpath-exception-2.0 dependency in an Apache-2.0 project you distribute: ship it as "
            "a separate, replaceable library and share any changes to its own files under GPL-2.0 WITH "
            "Classpath-exception-2.0; your code stays Apache-2.0",
        )
    ]
    # GCC runtime exception: permissive for what links to it
    assert by["gccdemo"].status == "pass"
    assert by["gccdemo"].compatibility[0].verdict == "compatible"
    # the plain GPL in the same project fails
    assert by["gpl3demo"].status == "fail"


def test_allow_by_category_uses_the_category_the_exception_gives(reports):
    _, by = judge(reports, 'allow = ["permissive"]\ncompatibility = "off"')
    assert by["gccdemo"].status == "pass"  # permissive with the GCC exception
    assert by["linkdemo"].status == "fail"
    assert by["linkdemo"].problems[0].detail == (
        "GPL-2.0-only WITH Classpath-exception-2.0 (strong-copyleft, weak-copyleft with the exception) matches no allow entry"
    )


# --- allow / deny / categories ----------------------------------------------------------------


def test_deny_beats_allow_for_the_same_id(reports):
    _, by = judge(reports, 'allow = ["GPL-2.0-or-later", "permissive"]\ndeny = ["GPL-2.0-or-later"]')
    assert by["mutagen"].status == "fail"
    assert by["mutagen"].problems[0].kind == "denied"


def test_categories_in_allow(reports):
    result, by = judge(reports, 'allow = ["permissive", "public-domain"]\ncompatibility = "off"')
    assert by["certifi"].problems[0].detail == "MPL-2.0 (weak-copyleft) matches no allow entry"
    assert by["chardet"].problems[0].detail == "LGPL-2.1-or-later (weak-copyleft) matches no allow entry"
    assert by["flask"].status == "pass"
    assert sorted(o.dependency.name for o, _ in result.groups()["not in the allow list"]) == [
        "agpldemo", "bothdemo", "certifi", "chardet", "gpl3demo", "linkdemo", "mutagen",
    ]


def test_categories_in_deny(reports):
    _, by = judge(reports, 'deny = ["network-copyleft"]')
    assert by["agpldemo"].problems[0].detail == "AGPL-3.0-or-later matches deny entry network-copyleft"


# --- unknown ----------------------------------------------------------------------------------------


def test_unknown_fails_by_default(reports):
    result, by = judge(reports, "")
    assert by["nolicense"].status == "fail"
    assert by["nolicense"].problems[0].kind == "unknown"
    assert by["nolicense"].problems[0].detail == "no license could be identified (NOASSERTION)"
    assert "unknown license" in result.groups()


def test_unknown_warn_does_not_fail(reports):
    _, by = judge(reports, 'unknown = "warn"')
    assert by["nolicense"].status == "warn"
    assert by["nolicense"].warnings[0].kind == "unknown"


# --- exceptions ------------------------------------------------------------------------------------


def test_exception_with_matching_version_range(reports):
    text = """
allow = ["permissive"]
compatibility = "off"
[[tool.reportgen.policy.exceptions]]
package = "chardet"
version = "<5"
reason = "only used by the dev server; chardet 5 is MIT"
"""
    result, by = judge(reports, "[tool.reportgen.policy]\n" + text)
    assert by["chardet"].status == "excepted"
    assert by["chardet"].exception.reason == "only used by the dev server; chardet 5 is MIT"
    assert by["certifi"].status == "fail"
    assert result.warnings == []


def test_exception_for_another_version_does_not_apply(reports):
    text = """[tool.reportgen.policy]
allow = ["permissive"]
compatibility = "off"
[[tool.reportgen.policy.exceptions]]
package = "chardet"
version = ">=5"
reason = "chardet 5 and later are MIT"
"""
    result, by = judge(reports, text)
    assert by["chardet"].status == "fail"
    assert result.warnings == ["exception for chardet >=5 matches no dependency (policy.toml:4)"]


# --- compatibility ---------------------------------------------------------------------------------


def test_gpl_dependency_in_a_distributed_apache_project(reports):
    result, by = judge(reports, "")
    outcome = by["gpl3demo"]
    assert outcome.status == "fail"
    assert outcome.problems[0].title == "incompatible with the project license"
    assert outcome.problems[0].detail == (
        "GPL-3.0-only dependency in an Apache-2.0 project you distribute: the combined work must be GPL-3.0"
    )
    assert by["certifi"].compatibility[0].verdict == "conditional"
    assert by["flask"].compatibility[0].reason == (
        "BSD-3-Clause dependency in an Apache-2.0 project you distribute: permissive; keep its copyright "
        "notice and license text with copies"
    )


def test_network_service_gpl_is_not_triggered_agpl_is(reports):
    _, by = judge(reports, 'distribution = "network-service"')
    assert by["gpl3demo"].status == "pass"
    assert by["gpl3demo"].compatibility[0].reason == (
        "GPL-3.0-only dependency in an Apache-2.0 project you run as a network service: the GPL is not "
        "triggered by network use, only by distributing copies"
    )
    assert by["mutagen"].status == "pass"
    assert by["agpldemo"].status == "fail"
    assert by["agpldemo"].problems[0].detail == (
        "AGPL-3.0-or-later dependency in an Apache-2.0 project you run as a network service: users reach it "
        "over a network, so the whole service's source must be offered under AGPL-3.0-or-later"
    )
    assert by["certifi"].compatibility[0].verdict == "compatible"


def test_gpl_project_accepts_gpl_but_not_gpl2_only_into_gpl3(reports):
    _, by = judge(reports, "", project_license="GPL-3.0-or-later")
    assert by["gpl3demo"].status == "fail"  # "or later" project cannot take a "3.0 only" part
    assert by["mutagen"].status == "pass"  # GPL-2.0-or-later can be taken as GPL-3.0
    assert by["mutagen"].compatibility[0].reason == (
        "GPL-2.0-or-later dependency in a GPL-3.0-or-later project you distribute: both are GPL-family "
        "licenses that can govern the combined work"
    )
    assert by["agpldemo"].compatibility[0].verdict == "conditional"


def test_compatibility_warn_reports_without_failing(reports):
    _, by = judge(reports, 'compatibility = "warn"')
    assert by["gpl3demo"].status == "warn"
    assert by["gpl3demo"].warnings[0].kind == "incompatible"


def test_unknown_project_license_skips_compatibility_with_a_note(reports):
    result, by = judge(reports, "", project_license=None)
    assert by["gpl3demo"].status == "pass"
    assert result.warnings and "compatibility was not checked" in result.warnings[0]


# --- groups and paths (whole pipeline) ------------------------------------------------------------


def test_only_runtime_leaves_out_dev_dependencies(policy_venv, project):
    folder = project('only = ["runtime"]\ndeny = ["network-copyleft"]\nunknown = "warn"')
    result = check(folder, python=policy_venv)
    names = {o.dependency.name.lower() for o in result.outcomes}
    assert "flask" in names and "werkzeug" in names
    assert "mutagen" not in names and "agpldemo" not in names
    everything = check(folder, python=policy_venv, only=("runtime", "dev"))
    assert {"mutagen", "agpldemo"} <= {o.dependency.name.lower() for o in everything.outcomes}
    assert [o.dependency.name for o in everything.violations if o.problems[0].kind == "denied"] == ["agpldemo"]


def test_dependency_path_walks_requires_from_direct_dependencies(policy_venv, project):
    folder = project('deny = ["BSD-3-Clause"]\nunknown = "warn"\ncompatibility = "off"')
    result = check(folder, python=policy_venv)
    paths = {o.dependency.name: o.path for o in result.violations}
    assert paths["Werkzeug"] == ("myapp", "Flask", "Werkzeug")
    assert paths["MarkupSafe"] in (("myapp", "Flask", "Werkzeug", "MarkupSafe"), ("myapp", "Flask", "Jinja2", "MarkupSafe"), ("myapp", "Flask", "MarkupSafe"))
    assert paths["Flask"] == ("myapp", "Flask")
    assert {o.dependency.name for o in result.outcomes if o.path == ("myapp", "dualdemo", "six")} == {"six"}
