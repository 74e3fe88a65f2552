"""``reportgen trace`` as a subprocess: a real flask-sock server, the chain written, a hand-written chain kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from reportgen.trace.model import load, trace_path

APPS = Path(__file__).parent / "apps"
NOTES = """\
# our notes: the comment stays
template: cse312-v2
technology: Flask-Sock
topic: WebSockets
package: flask-sock==0.7.0
sections:
  - title: Opening the WebSocket
    explanation: |
      Our own words, kept as they are.
    chain: []
"""


def trace_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportgen", "trace", "reports/flask-sock.yaml", "--app", "app:app", *args],
                          capture_output=True, text=True, timeout=120, cwd=project)


def flask_sock_project(root: Path) -> Path:
    """The flask-sock echo app and empty-chain notes in ``root``; the notes file."""
    (root / "app.py").write_text((APPS / "flask_sock_echo.py").read_text("utf-8"), "utf-8")
    notes = root / "reports" / "flask-sock.yaml"
    notes.parent.mkdir()
    notes.write_text(NOTES, "utf-8")
    return notes


def test_trace_writes_the_chain_then_keeps_a_hand_written_one(tmp_path):
    notes = flask_sock_project(tmp_path)
    done = trace_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    text = notes.read_text("utf-8")
    assert text.startswith(NOTES.split("    chain:")[0])  # everything the student wrote is unchanged
    chain = yaml.safe_load(text)["sections"][0]["chain"]
    links = [step["link"] for step in chain]
    assert "https://github.com/python-hyper/wsproto/blob/1.3.2/src/wsproto/handshake.py#L270-L310" in links
    assert all(step["text"] == "TODO" for step in chain)
    assert chain[0]["symbol"] == "Sock.route.decorator.websocket_route"  # from the first flask-sock frame
    trace = load(trace_path(notes))
    assert trace.package == "flask-sock==0.7.0" and trace.topic == "WebSockets" and trace.notes == "flask-sock.yaml"
    assert "wrote a chain" in done.stderr

    # the student's own, shorter chain: the next trace does not replace it, it shows the diff
    accept = "https://github.com/python-hyper/wsproto/blob/1.3.2/src/wsproto/handshake.py#L270-L310"
    mine = NOTES.replace("    chain: []\n", f"    chain:\n      - link: {accept}\n        symbol: H11Handshake._accept\n"
                                             "        text: wsproto builds the 101 answer.\n")
    notes.write_text(mine, "utf-8")
    done = trace_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    assert notes.read_text("utf-8") == mine
    assert "not written" in done.stderr and "--replace" in done.stderr
    assert done.stdout.startswith("---") and "+        symbol: Sock.route.decorator.websocket_route" in done.stdout

    done = trace_cli(tmp_path, "--replace")
    assert done.returncode == 0, done.stderr
    chain = yaml.safe_load(notes.read_text("utf-8"))["sections"][0]["chain"]
    assert len(chain) > 1 and chain[0]["symbol"] == "Sock.route.decorator.websocket_route"
    kept = [s for s in chain if s["link"] == accept]
    assert [s["text"] for s in kept] == ["wsproto builds the 101 answer."]  # the student's words stay with their step


def test_a_traced_chain_is_no_discontinuity_for_lint(tmp_path):
    """The written chain goes back up between work points (the handshake, then the frames); RG108
    takes the trace beside the notes as proof that each such step was called from an earlier one."""
    from reportgen.lint import lint

    notes = flask_sock_project(tmp_path)
    done = trace_cli(tmp_path)
    assert done.returncode == 0, done.stderr

    def codes():
        return [(f.code, f.field) for f in lint([notes], select=["RG108", "RG111"]).findings]

    assert codes() == []
    trace = trace_path(notes)
    saved = trace.read_bytes()
    trace.unlink()  # without the recorded trace, the steps where the chain goes back up are jumps again
    without = codes()
    assert without and {code for code, _ in without} == {"RG108"}
    trace.write_bytes(saved)
    assert codes() == []
