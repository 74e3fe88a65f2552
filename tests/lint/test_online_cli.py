"""--online against a local HTTP server playing raw.githubusercontent.com, and the CLI contract."""

import contextlib
import http.server
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import werkzeug.serving

from reportgen.cli.main import cli

SHA = "3115aa6a6276939f5fd6efa46282e0256ff21f1a"
SERVING = Path(werkzeug.serving.__file__)  # the real file, from the werkzeug wheel the test extra installs


@contextlib.contextmanager
def raw_host(monkeypatch, served: str, hits: list | None = None):
    """A local HTTP server playing the code host's raw-file server: ``served`` is the real
    werkzeug serving.py, anything else a 404; REPORTGEN_RAW_BASE points at it while open."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if hits is not None:
                hits.append(self.path)
            if self.path == served:
                body = SERVING.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("REPORTGEN_RAW_BASE", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def code_host(monkeypatch):
    hits = []
    with raw_host(monkeypatch, f"/pallets/werkzeug/{SHA}/src/werkzeug/serving.py", hits):
        yield hits


def _notes(tmp_path):
    base = f"https://github.com/pallets/werkzeug/blob/{SHA}/src/werkzeug"
    text = f"""technology: Werkzeug
general:
  code_repository: https://github.com/pallets/werkzeug
sections:
  - chain:
      - link: {base}/serving.py#L10-L20
        symbol: run_simple
        text: starts the server
      - link: {base}/servering.py#L5
        text: a file that does not exist
"""
    p = tmp_path / "notes.yaml"
    p.write_text(text)
    return p


def test_offline_skips_and_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["lint", str(_notes(tmp_path))])
    assert result.exit_code == 0, result.output
    assert f"no source for pallets/werkzeug@{SHA[:12]}" in result.stderr
    assert "use --online" in result.stderr


def test_online_fetches_checks_and_caches(tmp_path, code_host):
    notes = _notes(tmp_path)
    result = CliRunner().invoke(cli, ["lint", "--online", "--format", "json", str(notes)])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    codes = {(d["code"], d["field"]) for d in data}
    assert ("RG107", "sections[0].chain[0].link") in codes
    assert ("RG106", "sections[0].chain[1].link") in codes
    fix = next(d["fix"] for d in data if d["code"] == "RG107")
    assert fix.startswith(f"https://github.com/pallets/werkzeug/blob/{SHA}/src/werkzeug/serving.py#L")
    first = len(code_host)
    assert first == 2
    again = CliRunner().invoke(cli, ["lint", "--online", "--format", "json", str(notes)])
    assert json.loads(again.stdout) == data
    assert len(code_host) == first  # both answers (the file and the 404) came from the disk cache


def test_online_unreachable_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_RAW_BASE", "http://127.0.0.1:9")
    result = CliRunner().invoke(cli, ["lint", "--online", str(_notes(tmp_path))])
    assert result.exit_code == 0
    assert "offline: cannot reach http://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output


def test_text_json_sarif_and_exit_codes(tmp_path):
    fail = Path(__file__).parent / "fixtures" / "RG104" / "fail.yaml"
    r = CliRunner().invoke(cli, ["lint", str(fail)])
    assert r.exit_code == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{fail}:11:15: RG104 [link-malformed-anchor] ")
    r = CliRunner().invoke(cli, ["lint", "--format", "json", str(fail)])
    row = json.loads(r.stdout)[0]
    assert set(row) >= {"path", "line", "column", "field", "code", "rule", "severity", "message"}
    assert row["fix"].endswith("serving.py#L961-L1126")
    r = CliRunner().invoke(cli, ["lint", "--format", "sarif", str(fail)])
    log = json.loads(r.stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert any(rule["id"] == "RG104" and rule["name"] == "link-malformed-anchor" for rule in run["tool"]["driver"]["rules"])
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 11, "startColumn": 15}
    ok = Path(__file__).parent / "fixtures" / "RG104" / "pass.yaml"
    assert CliRunner().invoke(cli, ["lint", str(ok)]).exit_code == 0


def test_usage_errors_exit_2(tmp_path):
    from reportgen.cli.main import main

    for args in (["lint", str(tmp_path / "missing.yaml")], ["lint", "--select", "RG999"], ["lint", "--explain", "nope"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 2


def test_broken_yaml_is_a_finding_not_a_crash(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("technology: [unclosed\n")
    r = CliRunner().invoke(cli, ["lint", "--format", "json", str(p)])
    assert r.exit_code == 1
    assert json.loads(r.stdout)[0]["code"] == "RG001"


def test_explain_and_config(tmp_path, monkeypatch):
    r = CliRunner().invoke(cli, ["lint", "--explain", "link-unpinned"])
    assert "RG102 link-unpinned" in r.stdout and "## Why is this bad" in r.stdout
    fail = Path(__file__).parent / "fixtures" / "RG104" / "fail.yaml"
    (tmp_path / "pyproject.toml").write_text('[tool.reportgen.lint]\nignore = ["RG104"]\n')
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["lint", str(fail)]).exit_code == 0
    (tmp_path / "pyproject.toml").write_text('[tool.reportgen.lint]\nper-file-ignores = {"fail.yaml" = ["RG1"]}\n')
    assert CliRunner().invoke(cli, ["lint", str(fail)]).exit_code == 0
    (tmp_path / "pyproject.toml").write_text('[tool.reportgen.lint]\nbogus = 1\n')
    from reportgen.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["lint", str(fail)])
    assert exc.value.code == 2


def test_online_answer_wins_over_the_offline_src_layout_judgement(tmp_path, monkeypatch):
    """Offline, werkzeug/serving.py on a branch is judged missing (werkzeug keeps its code under src/).
    Online, the code host's answer decides: a 404 keeps the finding (with the src/ fix), a 200 drops it."""
    import importlib.metadata

    from reportgen.lint import lint

    with raw_host(monkeypatch, "/pallets/werkzeug/main/werkzeug/serving.py"):
        def notes(ref):
            path = tmp_path / f"notes-{ref}.yaml"
            path.write_text(
                "technology: Werkzeug\npackage: werkzeug\nsections:\n  - chain:\n"
                f"      - link: https://github.com/pallets/werkzeug/blob/{ref}/werkzeug/serving.py#L10\n"
                "        text: the server\n", encoding="utf-8")
            return path

        version = importlib.metadata.version("werkzeug")
        fix = f"https://github.com/pallets/werkzeug/blob/{version}/src/werkzeug/serving.py#L10"
        for ref in ("main", "master"):
            assert [f.fix for f in lint([notes(ref)], select=["RG106"]).findings] == [fix]  # offline
        assert lint([notes("main")], select=["RG106"], online=True).findings == []  # the host has it
        (still,) = lint([notes("master")], select=["RG106"], online=True).findings  # the host says 404
        assert "pallets/werkzeug@master" in still.message and "'src/werkzeug/serving.py'" in still.message
        assert still.fix == fix
