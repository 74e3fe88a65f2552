"""RG111 chain-not-traced against a trace recorded live (flask-sock on 127.0.0.1)."""

from __future__ import annotations

import shutil
import sys

from click.testing import CliRunner

from reportgen.cli.main import cli
from reportgen.lint import lint
from reportgen.trace.chain import chain_from_trace
from reportgen.trace.model import dump, load, trace_path
from reportgen.trace.write import write_chain

NOTES = """technology: Flask-Sock
package: flask-sock==0.7.0
general:
  code_repository: https://github.com/miguelgrinberg/flask-sock
  license_type: MIT
sections:
  - title: Chain
    chain: []
"""


def _notes_with_trace(tmp_path, recorded_trace_path, steps=None):
    notes = tmp_path / "flask-sock.yaml"
    notes.write_text(NOTES)
    shutil.copy(recorded_trace_path, trace_path(notes))
    if steps is None:
        steps = chain_from_trace(load(recorded_trace_path), "flask-sock==0.7.0", None)
    write_chain(notes, steps)
    return notes, steps


def _rg111(path):
    return [f for f in lint([path], select=["RG111"]).findings]


def test_the_traced_chain_passes(tmp_path, recorded_trace_path):
    notes, steps = _notes_with_trace(tmp_path, recorded_trace_path)
    assert len(steps) > 10
    assert _rg111(notes) == []


def test_a_step_the_trace_never_ran_gets_the_traced_step_as_fix(tmp_path, recorded_trace_path):
    steps = chain_from_trace(load(recorded_trace_path), "flask-sock", None)
    at = [s["symbol"] for s in steps].index("H11Handshake._accept")
    traced = steps[at]
    wrong = dict(traced, link=traced["link"].replace("#L270-L310", "#L312-L328"), symbol="H11Handshake._reject")
    notes, _ = _notes_with_trace(tmp_path, recorded_trace_path, steps[:at] + [wrong] + steps[at + 1:])
    (finding,) = _rg111(notes)
    assert finding.severity == "warning" and finding.field == f"sections[0].chain[{at}].link"
    assert finding.message == f"step {at + 1} ('H11Handshake._reject') is never passed through in flask-sock.trace.yaml"
    assert finding.fix == f"{traced['link']} (symbol: H11Handshake._accept)"


def test_two_steps_in_the_wrong_order(tmp_path, recorded_trace_path):
    steps = chain_from_trace(load(recorded_trace_path), "flask-sock", None)
    k = [s["symbol"] for s in steps].index("H11Handshake.send")
    swapped = steps[:k] + [steps[k + 1], steps[k]] + steps[k + 2:]
    notes, _ = _notes_with_trace(tmp_path, recorded_trace_path, swapped)
    (finding,) = _rg111(notes)
    assert finding.message.startswith(f"steps {k + 1} and {k + 2} are in an order flask-sock.trace.yaml contradicts: "
                                      "H11Handshake.send calls down to H11Handshake._accept")
    assert finding.fix == f"step {k + 1} after step {k + 2}: {steps[k]['link']}, then {steps[k + 1]['link']}"


def test_no_trace_no_findings_and_a_broken_trace_is_one_finding(tmp_path, recorded_trace_path):
    notes, steps = _notes_with_trace(tmp_path, recorded_trace_path)
    trace_path(notes).unlink()
    assert _rg111(notes) == []
    trace_path(notes).write_text("format: 1\npoints: [\n")
    (finding,) = _rg111(notes)
    assert finding.severity == "error" and (finding.line, finding.column) == (1, 1)
    assert finding.message.startswith(f"cannot use the recorded trace: {trace_path(notes)}:")
    result = CliRunner().invoke(cli, ["lint", "--select", "RG111", str(notes)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "flask-sock.trace.yaml" in result.output


def test_a_trace_of_another_package(tmp_path, recorded_trace_path):
    notes, _ = _notes_with_trace(tmp_path, recorded_trace_path)
    trace = load(trace_path(notes))
    trace.package = "werkzeug==3.1.8"
    dump(trace, trace_path(notes))
    (finding,) = _rg111(notes)
    assert finding.field == "package" and "recorded for werkzeug, the notes are about flask-sock" in finding.message


def test_a_section_the_trace_does_not_touch_is_not_judged(tmp_path, recorded_trace_path):
    notes, _ = _notes_with_trace(tmp_path, recorded_trace_path)
    text = notes.read_text() + (
        "  - title: TCP\n"
        "    chain:\n"
        "      - link: https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L961-L1126\n"
        "        symbol: run_simple\n"
    )
    notes.write_text(text)
    assert _rg111(notes) == []


def test_the_fixture_traces_hold_real_frames():
    """tests/lint/fixtures/RG111/*.trace.yaml were recorded from stack_app.py; their lines are the installed ones."""
    from pathlib import Path

    from realframes import real_frame

    folder = Path(__file__).parents[1] / "lint" / "fixtures" / "RG111"
    for name in ("fail.trace.yaml", "pass.trace.yaml"):
        trace = load(folder / name)
        assert len(trace.points) == 3
        for point in trace.points:
            for frame in point.frames:
                if frame.root == "app" or frame.root == "stdlib" and frame.version != "%d.%d.%d" % sys.version_info[:3]:
                    continue  # the app's own file; another Python's standard library
                want = real_frame(frame.file, frame.function, root=frame.root)
                assert (frame.first, frame.last) == (want.first, want.last), (name, frame)
