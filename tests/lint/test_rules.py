"""Every rule: unique code, a name, a doc with the required sections, and fail/pass fixtures that behave.

Fixtures that need the library source use werkzeug 3.1.8 / flask-sock 0.7.0 (installed by the
test extra) and, for python/cpython links, the running interpreter's standard library.
"""

import json
import sys
from pathlib import Path

import pytest

from reportgen.lint import lint, registry
from reportgen.lint.base import DOC_SECTIONS

FIXTURES = Path(__file__).parent / "fixtures"


def findings_as_dicts(findings):
    return [{"code": f.code, "line": f.line, "column": f.column, "field": f.field} | ({"fix": f.fix} if f.fix else {})
            for f in findings]

RULES = registry.all_rules()
CPYTHON_TAG = "v%d.%d.%d" % sys.version_info[:3]


def test_codes_and_names_are_unique():
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    assert len(RULES) >= 16


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_doc_sections_and_fixtures(rule):
    assert rule.code.startswith("RG") and rule.code[2:].isdigit()
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
    assert rule.severity in ("error", "warning", "info")
    doc = rule.doc()
    assert doc.split("\n", 1)[0].strip(), "first doc line is the summary"
    for section in DOC_SECTIONS:
        assert f"## {section}" in doc, f"{rule.code} doc lacks '## {section}'"
    folder = FIXTURES / rule.code
    assert (folder / "fail.yaml").is_file() and (folder / "pass.yaml").is_file()
    assert (folder / "expected.json").is_file()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_fail_fixture_gives_expected_findings(rule):
    folder = FIXTURES / rule.code
    if "cpython" in (folder / "fail.yaml").read_text() and CPYTHON_TAG != "v3.11.7":
        pytest.skip("fixture cites CPython v3.11.7 standard library")
    got = findings_as_dicts(lint([folder / "fail.yaml"]).findings)
    want = json.loads((folder / "expected.json").read_text())
    assert got == want
    assert any(f["code"] == rule.code for f in got)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_pass_fixture_is_clean(rule):
    folder = FIXTURES / rule.code
    result = lint([folder / "pass.yaml"])
    assert [(f.code, f.message) for f in result.findings] == []


def test_select_and_ignore():
    fail = FIXTURES / "RG104" / "fail.yaml"
    assert {f.code for f in lint([fail], select=["RG104"]).findings} == {"RG104"}
    assert lint([fail], ignore=["link-malformed-anchor"]).findings == []
    assert {r.code for r in registry.selected(["RG10"])} >= {"RG101", "RG108"}
    assert registry.get("link-unpinned").code == "RG102"
    assert registry.get("rg102").name == "link-unpinned"
