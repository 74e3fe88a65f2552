"""reportgen init on real sample projects."""

from __future__ import annotations

import json
import re

import pytest

from reportgen.notes import load
from reportgen.project.ranking import rank, top_picks
from reportgen.model import Dependency

pytestmark = pytest.mark.slow


def _installed_version(python, name):
    import subprocess

    out = subprocess.run([str(python), "-c", f"from importlib.metadata import version; print(version({name!r}))"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_flask_app_yes_picks_flask_and_flask_sock(project, flask_python, run_cli):
    root = project("flask-chat")
    code, out, err = run_cli("init", root, "--yes", "--python", flask_python)
    assert code == 0, err
    written = sorted(p.name for p in (root / "reports").iterdir())
    assert written == ["flask-sock.yaml", "flask.yaml"]
    # the listing names the services too, and puts the database last among the known ones
    listing = out.split("wrote")[0]
    assert "mongo" in listing and "pymongo" in listing
    assert listing.index("flask-sock") < listing.index("pymongo")

    text = (root / "reports" / "flask-sock.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    version = _installed_version(flask_python, "flask-sock")
    assert f"package: flask-sock=={version}  # from: " in text
    assert re.search(r"license_type: MIT  # from: flask-sock " + re.escape(version) + " \\S", text)
    assert "code_repository: https://github.com/miguelgrinberg/flask-sock  # from: " in text
    assert f"link: https://github.com/miguelgrinberg/flask-sock/blob/v{version}/src/flask_sock/__init__.py" in text
    notes = load(root / "reports" / "flask-sock.yaml")
    assert notes.topic == "WebSockets"
    assert notes.general.license_type == "MIT"

    flask = load(root / "reports" / "flask.yaml")
    assert flask.general.license_type == "BSD-3-Clause"
    assert flask.package.lower() == f"flask=={_installed_version(flask_python, 'flask')}"
    assert flask.sections[0].chain[0].link.startswith("https://github.com/pallets/flask/blob/3.1.0/")


def test_existing_notes_are_never_overwritten(project, flask_python, run_cli):
    root = project("flask-chat")
    (root / "reports").mkdir()
    mine = root / "reports" / "flask-sock.yaml"
    mine.write_bytes(b"technology: mine\n# hand-written\n")
    code, out, err = run_cli("init", root, "--package", "flask-sock", "--python", flask_python)
    assert code == 1
    assert "flask-sock.yaml: exists, left as it is" in out
    assert mine.read_bytes() == b"technology: mine\n# hand-written\n"
    code, out, err = run_cli("init", root, "--package", "flask-sock", "--skip-existing", "--python", flask_python)
    assert code == 0
    assert mine.read_bytes() == b"technology: mine\n# hand-written\n"


def test_package_and_topic_options(project, flask_python, run_cli):
    root = project("flask-chat")
    code, out, err = run_cli("init", root, "--package", "werkzeug", "--topic", "HTTP headers",
                             "--template", "cse312-v1", "--python", flask_python)
    assert code == 0, err
    notes = load(root / "reports" / "werkzeug.yaml")
    assert notes.template == "cse312-v1"
    assert notes.topic == "HTTP headers"
    assert notes.general.who_worked == []
    assert "/src/werkzeug/datastructures/headers.py" in notes.sections[0].chain[0].link


def test_express_ws_lock_file(project, run_cli):
    root = project("express-ws")
    code, out, err = run_cli("init", root, "--yes")
    assert code == 0, err
    assert sorted(p.name for p in (root / "reports").iterdir()) == ["express.yaml", "ws.yaml"]
    lock = json.loads((root / "package-lock.json").read_text())
    ws_version = lock["packages"]["node_modules/ws"]["version"]
    ws = load(root / "reports" / "ws.yaml")
    assert ws.package == f"pkg:npm/ws@{ws_version}"
    assert ws.general.license_type == "MIT"
    assert ws.topic == "WebSockets"
    express = load(root / "reports" / "express.yaml")
    assert express.topic == "TCP, HTTP headers"
    assert "nodemon" in out  # listed (a dev tool), but not picked


def test_pyproject_only_project(project, flask_python, run_cli):
    root = project("pyproject-only")
    code, out, err = run_cli("init", root, "--yes", "--python", flask_python)
    assert code == 0, err
    assert sorted(p.name for p in (root / "reports").iterdir()) == ["simple-websocket.yaml", "werkzeug.yaml"]
    werkzeug = load(root / "reports" / "werkzeug.yaml")
    assert werkzeug.general.license_type == "BSD-3-Clause"
    assert "pytest" in out  # the test extra is listed, ranked low


def test_not_a_terminal_without_yes_is_a_usage_error(project, run_cli):
    root = project("express-ws")
    code, out, err = run_cli("init", root)
    assert code == 2
    assert "--yes" in err and "Traceback" not in err
    assert not (root / "reports").exists()


def test_missing_project_folder_is_one_line_error(tmp_path, run_cli):
    code, out, err = run_cli("init", tmp_path / "nope", "--yes")
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_ranking_puts_course_topics_first():
    deps = [Dependency(n) for n in ("bcrypt", "pymongo", "jinja2", "flask-socketio", "flask", "requests")]
    ranked = [c.name for c in rank(deps)]
    assert ranked[:2] == ["flask-socketio", "flask"]
    assert ranked.index("pymongo") < ranked.index("jinja2") < ranked.index("bcrypt")
    picks = {c.name: topics for c, topics in top_picks(rank(deps))}
    assert picks == {"flask": ["tcp", "http-headers"], "flask-socketio": ["websockets"]}
    picks = {c.name: topics for c, topics in top_picks(rank(deps), "websockets")}
    assert picks == {"flask-socketio": ["websockets"]}


def test_init_output_builds_and_lints_with_only_chain_not_written_findings(project, flask_python, run_cli):
    root = project("pyproject-only")  # has its own pyproject.toml, so lint reads no config from above
    assert run_cli("init", root, "--yes", "--python", flask_python)[0] == 0
    code, out, err = run_cli("lint", "reports", "--format", "json", "--python", flask_python, cwd=root)
    assert code == 1, err
    findings = json.loads(out)
    findings = findings.get("findings", findings) if isinstance(findings, dict) else findings
    codes = {f["code"] for f in findings}
    assert codes and codes <= {"RG002", "RG003", "RG103"}, findings  # placeholders and line-less links only
    code, out, err = run_cli("build", "reports", "--format", "md", cwd=root)
    assert code == 0, err
    built = (root / "reports" / "werkzeug.md").read_text()
    assert "BSD-3-Clause" in built and "https://github.com/pallets/werkzeug" in built


def test_fresh_notes_are_up_to_date_from_any_folder(project, flask_python, run_cli, tmp_path):
    root = project("flask-chat")
    assert run_cli("init", ".", "--package", "docker:mongo", "--package", "flask-sock",
                   "--python", flask_python, cwd=root)[0] == 0
    mongo = load(root / "reports" / "mongo.yaml")
    assert mongo.package == "pkg:docker/mongo@7.0" and mongo.general.license_type == "SSPL-1.0"
    code, out, err = run_cli("update", root / "reports", "--check", "--python", flask_python, cwd=tmp_path)
    assert code == 0, out + err
    assert out == ""
