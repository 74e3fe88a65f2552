"""``reportgen check`` as CI runs it: exit codes, text / JSON / JUnit output, bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.slow


def test_pass_exits_0(run_cli, policy_venv, project):
    folder = project('allow = ["permissive", "weak-copyleft", "Classpath-exception-2.0"]\nonly = ["runtime"]\n'
                     'unknown = "warn"\ndeny = ["GPL-3.0-only"]\n'
                     '[[tool.reportgen.policy.exceptions]]\npackage = "gccdemo"\nreason = "runtime library exception"\n'
                     '[[tool.reportgen.policy.exceptions]]\npackage = "bothdemo"\nreason = "we use only its MIT part"\n'
                     '[[tool.reportgen.policy.exceptions]]\npackage = "gpl3demo"\nreason = "build tool"\n')
    proc = run_cli("check", str(folder), "--python", str(policy_venv))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("reportgen check: passed, ")
    assert "warnings (do not fail the check):\n  nolicense 1.0.0  NOASSERTION: no license could be identified (NOASSERTION)" in proc.stdout
    assert "excepted by the policy:\n" in proc.stdout
    assert "  gpl3demo 1.0.0  GPL-3.0-only: build tool" in proc.stdout


def test_violations_exit_1_grouped_by_reason_with_paths(run_cli, policy_venv, project):
    folder = project('deny = ["GPL-*", "BSD-3-Clause"]\nunknown = "warn"\nonly = ["runtime"]')
    proc = run_cli("check", str(folder), "--python", str(policy_venv))
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "denied by the policy (GPL-*) (4):" in out
    assert "denied by the policy (BSD-3-Clause) (7):" in out
    assert (
        "  Werkzeug 3.1.9  BSD-3-Clause\n    BSD-3-Clause matches deny entry BSD-3-Clause\n"
        "    path: myapp -> Flask -> Werkzeug\n"
    ) in out
    assert "    GPL-2.0-only WITH Classpath-exception-2.0 matches deny entry GPL-*\n    path: myapp -> linkdemo\n" in out
    assert "warnings (do not fail the check):\n  nolicense 1.0.0  NOASSERTION" in out
    assert out.rstrip().splitlines()[-1] == "6 passed, 11 failed, 1 warned, 0 excepted"


def test_json_output(run_cli, policy_venv, project):
    folder = project('deny = ["GPL-*"]\nunknown = "warn"')
    proc = run_cli("check", str(folder), "--python", str(policy_venv), "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["schema_version"] == 1
    assert data["result"] == "fail" and data["exit_code"] == 1
    assert data["project"] == {
        "name": "myapp", "license": "Apache-2.0",
        "license_source": f"{folder / 'pyproject.toml'}: [project] license", "distribution": "distributed",
    }
    by = {d["name"]: d for d in data["dependencies"]}
    assert by["packaging"]["chosen"] == "Apache-2.0"
    assert by["packaging"]["status"] == "pass"
    assert by["mutagen"]["problems"] == [
        {"kind": "denied", "title": "denied by the policy (GPL-*)", "detail": "GPL-2.0-or-later matches deny entry GPL-*", "term": "GPL-2.0-or-later"}
    ]
    assert by["Werkzeug"]["path"] == ["myapp", "Flask", "Werkzeug"]
    assert by["certifi"]["compatibility"][0]["verdict"] == "conditional"
    assert sorted(v["name"] for v in data["violations"]["denied by the policy (GPL-*)"]) == [
        "bothdemo", "gccdemo", "gpl3demo", "linkdemo", "mutagen",
    ]
    assert data["counts"]["fail"] == len([d for d in data["dependencies"] if d["status"] == "fail"])


def test_junit_output_one_testcase_per_dependency(run_cli, policy_venv, project, tmp_path):
    folder = project('deny = ["GPL-*"]\nunknown = "fail"')
    report = tmp_path / "license-report.xml"
    proc = run_cli("check", str(folder), "--python", str(policy_venv), "--format", "junit", "-o", str(report))
    assert proc.returncode == 1
    root = ET.parse(report).getroot()
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert len(cases) == int(suite.get("tests"))
    assert failed == {"agpldemo 1.0.0", "bothdemo 1.0.0", "gccdemo 1.0.0", "gpl3demo 1.0.0", "linkdemo 1.0.0", "mutagen 1.48.1", "nolicense 1.0.0"}
    assert int(suite.get("failures")) == 7
    failure = next(c for c in cases if c.get("name") == "nolicense 1.0.0").find("failure")
    assert failure.get("type") == "unknown"
    assert failure.get("message") == "no license could be identified (NOASSERTION)"
    assert "path: myapp -> nolicense" in failure.text
    # -o never replaces an existing file unless --force
    again = run_cli("check", str(folder), "--python", str(policy_venv), "--format", "junit", "-o", str(report))
    assert again.returncode == 2
    assert "already exists" in again.stderr


def test_bad_policy_exits_2_with_one_line(run_cli, policy_venv, project):
    folder = project('deny = ["GPL-*"]\n[[tool.reportgen.policy.exceptions]]\npackage = "mutagen"\n')
    proc = run_cli("check", str(folder), "--python", str(policy_venv))
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    pyproject = folder / "pyproject.toml"
    line_no = pyproject.read_text().splitlines().index('package = "mutagen"') + 1
    assert lines[0] == (
        f"{pyproject}:{line_no}:11: the exception for 'mutagen' has no reason "
        '(add reason = "why this license is acceptable here")'
    )
    assert "Traceback" not in proc.stderr


def test_policy_option_and_usage_errors(run_cli, policy_venv, project, tmp_path):
    folder = project("")  # pyproject without a policy table: --policy gives one
    policy = tmp_path / "licenses.toml"
    policy.write_text('allow = ["permissive", "public-domain"]\nunknown = "warn"\ncompatibility = "off"\nonly = ["runtime"]\n')
    proc = run_cli("check", str(folder), "--python", str(policy_venv), "--policy", str(policy), "-f", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["policy"]["path"] == str(policy)
    assert set(data["violations"]) == {"not in the allow list"}
    missing = run_cli("check", str(folder), "--policy", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "no such policy file" in missing.stderr
    usage = run_cli("check", "--format", "xml")
    assert usage.returncode == 2
