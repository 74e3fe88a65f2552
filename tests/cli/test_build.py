"""``reportgen build`` end to end: CliRunner and the real console script."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli

FIXTURES = Path(__file__).parents[1] / "render" / "fixtures"
SCRIPT = Path(sys.executable).with_name("reportgen")
LINE_COL = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): \S")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with reports/ holding two sample notes; the cwd for the test."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(FIXTURES / "socketio-v2.yaml", reports / "socketio.yaml")
    shutil.copy(FIXTURES / "werkzeug-v1.yaml", reports / "werkzeug.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)


def script(*args, cwd):
    return subprocess.run([str(SCRIPT), "build", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_builds_all_reports_next_to_notes(project):
    result = run()
    assert result.exit_code == 0, result.output
    for stem in ("socketio", "werkzeug"):
        for ext in (".md", ".html", ".pdf"):
            assert (project / "reports" / f"{stem}{ext}").stat().st_size > 0
    assert f"wrote {os.path.join('reports', 'socketio.pdf')}" in result.output
    assert len(result.output.strip().splitlines()) == 6


def test_second_build_is_unchanged(project):
    assert run().exit_code == 0
    times = {p: p.stat().st_mtime_ns for p in (project / "reports").iterdir() if p.suffix != ".yaml"}
    result = run()
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 6 and all(line.startswith("unchanged ") for line in lines), lines
    assert times == {p: p.stat().st_mtime_ns for p in times}
    # a change to the notes rebuilds only what changed
    notes = project / "reports" / "werkzeug.yaml"
    notes.write_text(notes.read_text().replace("Ben", "Bea"))
    out = run("--format", "md").output
    assert "wrote reports/werkzeug.md" in out.replace(os.sep, "/") and "unchanged reports/socketio.md" in out.replace(os.sep, "/")


def test_output_folder_formats_and_template(project):
    result = run("reports/socketio.yaml", "-o", "out", "--format", "md", "--template", "cse312-v1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "out").iterdir()) == ["socketio.md"]
    assert "Who worked with this?" in (project / "out" / "socketio.md").read_text()


def test_user_template_relative_to_notes(project):
    (project / "reports" / "mine.md.j2").write_text("# {{ technology | md_escape }}\n{% for r in rows %}- {{ r.label }}: {{ r.cell }}\n{% endfor %}")
    notes = project / "reports" / "socketio.yaml"
    notes.write_text(notes.read_text().replace("template: cse312-v2", "template: mine.md.j2"))
    assert run("reports/socketio.yaml", "--format", "md").exit_code == 0
    text = (project / "reports" / "socketio.md").read_text()
    assert "# Flask-SocketIO" in text and "- License Type: MIT" in text


def test_explain_prints_provenance(project):
    result = CliRunner().invoke(cli, ["build", "reports/socketio.yaml", "--format", "md", "--explain"])
    assert result.exit_code == 0
    assert "reports/socketio.yaml: license_type: written in the notes" in result.stderr


def test_never_overwrites_a_users_file(project):
    mine = project / "reports" / "socketio.md"
    mine.write_text("my own notes\n")
    result = run("reports/socketio.yaml", "--format", "md,html")
    assert result.exit_code == 2
    assert "not written by reportgen" in result.stderr
    assert mine.read_text() == "my own notes\n"
    assert not (project / "reports" / "socketio.html").exists()
    assert run("reports/socketio.yaml", "--format", "md", "--force").exit_code == 0


def test_pdf_only_rewrites_reportgen_pdfs(project):
    assert run("reports/socketio.yaml", "--format", "pdf").exit_code == 0
    assert run("reports/socketio.yaml", "--format", "pdf").output.startswith("unchanged")
    (project / "reports" / "socketio.pdf").write_bytes(b"%PDF-1.4 someone else's\n")
    assert run("reports/socketio.yaml", "--format", "pdf").exit_code == 2


BROKEN = {
    "yaml": ("technology: X\ngeneral: [unclosed\n", r"YAML syntax error"),
    "unknown-key": ("technology: X\ngeneral:\n  licence_type: MIT\n", r"unknown key 'licence_type'.*did you mean 'license_type'"),
    "wrong-type": ("technology: X\nsections: {title: x}\n", r"'sections' must be a list"),
    "template-name": ("technology: X\ntemplate: cse312-v3\n", r"unknown template 'cse312-v3'.*did you mean"),
}


def _write_broken(folder: Path) -> None:
    for name, (text, _) in BROKEN.items():
        (folder / f"{name}.yaml").write_text(text)
    (folder / "bad.md.j2").write_text("# {{ technology }}\n\n{% if %}\n")
    (folder / "template-syntax.yaml").write_text("technology: X\ntemplate: bad.md.j2\n")
    (folder / "undef.md.j2").write_text("# {{ technology }}\n{{ no_such_variable }}\n")
    (folder / "template-undefined.yaml").write_text("technology: X\ntemplate: undef.md.j2\n")


def _check_errors(stderr: str, folder: str) -> None:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr
    expected = {f"{folder}/{name}.yaml": pattern for name, (_, pattern) in BROKEN.items()}
    expected[f"{folder}/bad.md.j2"] = r"template syntax error"
    expected[f"{folder}/undef.md.j2"] = r"'no_such_variable' is undefined"
    assert len(lines) == len(expected), lines
    for line in lines:
        match = LINE_COL.match(line.replace(os.sep, "/"))
        assert match, f"not FILE:LINE:COL: {line}"
        pattern = expected.pop(match["file"])
        assert re.search(pattern, line), line
    assert not expected
    assert "bad.md.j2:3:1:" in stderr.replace(os.sep, "/")


def test_every_broken_file_is_reported_and_the_rest_built(project):
    _write_broken(project / "reports")
    result = CliRunner().invoke(cli, ["build", "--format", "md"])
    assert result.exit_code == 2
    _check_errors(result.stderr, "reports")
    assert (project / "reports" / "socketio.md").exists() and (project / "reports" / "werkzeug.md").exists()


def test_errors_through_the_console_script(project):
    _write_broken(project / "reports")
    proc = script("--format", "md", cwd=project)
    assert proc.returncode == 2
    _check_errors(proc.stderr, "reports")
    assert proc.stdout.count("wrote ") == 2


@pytest.mark.parametrize(
    "args, setup, message",
    [
        ([], "empty", r"^reportgen: no reports/ folder here"),
        (["nope.yaml"], None, r"^nope\.yaml: no such notes file"),
        (["reports/socketio.yaml", "--template", "nowhere/x.md.j2"], None, r"template file 'nowhere/x\.md\.j2' not found"),
        (["reports/socketio.yaml", "--format", "doc"], None, r"unknown format 'doc'"),
    ],
)
def test_usage_errors_cli_and_script(project, args, setup, message, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("empty") if setup == "empty" else project
    os.chdir(cwd)
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exit_code == 2
    assert re.search(message, result.stderr.strip().splitlines()[-1]), result.stderr
    proc = script(*args, cwd=cwd)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and re.search(message, proc.stderr.strip()), proc.stderr


def test_reports_folder_without_notes(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2 and "no notes files" in result.stderr


def test_unknown_command_line_template_is_one_error_for_the_run(project):
    result = CliRunner().invoke(cli, ["build", "--format", "md", "--template", "cse312-v3"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["reportgen: unknown template 'cse312-v3' (did you mean 'cse312-v2'?)"]
    assert not (project / "reports" / "socketio.md").exists()
