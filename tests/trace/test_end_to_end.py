"""The whole path: `reportgen trace` on a flask-sock app (127.0.0.1) writes the chain, lint agrees, build confirms."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli.main import cli
from reportgen.lint import lint
from reportgen.notes import load
from reportgen.trace.model import load as load_trace
from reportgen.trace.model import trace_path

APP = Path(__file__).parent / "apps" / "flask_sock_echo.py"
NOTES = """# my notes  (a comment that must stay)
technology: Flask-Sock
topic: WebSockets
package: 'flask-sock==0.7.0'
general:
  code_repository: https://github.com/miguelgrinberg/flask-sock
  license_type: MIT
sections:
  - title: "Chain of calls (WebSockets)"
    explanation: |
      Mine.
    chain: []
"""


def test_trace_write_lint_build(tmp_path):
    shutil.copy(APP, tmp_path / "app.py")
    (tmp_path / "reports").mkdir()
    notes = tmp_path / "reports" / "flask-sock.yaml"
    notes.write_bytes(NOTES.replace("\n", "\r\n").encode())
    runner = CliRunner()
    result = runner.invoke(cli, ["trace", str(notes), "--app", "app:app", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = notes.read_bytes()
    head = NOTES.split("    chain: []")[0].replace("\n", "\r\n").encode()
    assert text.startswith(head + b"    chain:\r\n      - link: https://github.com/miguelgrinberg/flask-sock/blob/v0.7.0/")
    chain = load(notes).sections[0].chain
    assert chain[0].symbol == "Sock.route.decorator.websocket_route"
    assert "generate_accept_token" in [s.symbol for s in chain]
    assert all(s.text == "TODO" for s in chain)

    found = lint([notes], select=["RG111"]).findings
    assert [f for f in found if f.severity != "info"] == []

    # a second run: the chain matches the trace, nothing is written
    again = runner.invoke(cli, ["trace", str(notes), "--app", "app:app", "--project", str(tmp_path)])
    assert again.exit_code == 0 and notes.read_bytes() == text

    trace = load_trace(trace_path(notes))
    out = runner.invoke(cli, ["build", str(notes), "--format", "html"])
    assert out.exit_code == 0, out.output
    html = (tmp_path / "reports" / "flask-sock.html").read_text()
    confirmed = html.count(f"confirmed by trace (recorded {trace.recorded[:10]}, flask-sock 0.7.0)")
    app_steps = sum(1 for s in chain if s.link.startswith("TODO"))
    assert confirmed == len(chain) - app_steps and confirmed > 10
