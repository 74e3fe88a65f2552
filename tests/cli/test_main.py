"""The console script's entry point (reportgen.cli.main.main)."""

from __future__ import annotations

import gc
import sys

import pytest

from reportgen.cli import main as entry


@pytest.fixture
def freezes(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(True))
    return calls


def test_console_script_freezes_the_heap_before_exit(monkeypatch, freezes, capsys):
    monkeypatch.setattr(sys, "argv", ["reportgen", "--version"])
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 0
    assert "reportgen, version" in capsys.readouterr().out
    assert freezes == [True]


def test_errors_still_exit_with_their_code_after_freezing(monkeypatch, freezes, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["reportgen", "build"])
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 2
    assert "no reports/ folder here" in capsys.readouterr().err
    assert freezes == [True]


def test_callers_passing_arguments_keep_their_garbage_collector(freezes, capsys):
    with pytest.raises(SystemExit):
        entry.main(["--version"])
    assert freezes == []


def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    """SIGINT to a running build (its PDF server included): one line, exit 130, no process left."""
    import os
    import shutil
    import signal
    import subprocess
    import time
    from pathlib import Path

    script = Path(sys.executable).with_name("reportgen")
    if not script.exists():
        pytest.skip("console script not installed")
    reports = Path(__file__).resolve().parents[2] / "reports"
    for notes in reports.glob("*.yaml"):
        shutil.copy(notes, tmp_path / notes.name)
    proc = subprocess.Popen([str(script), "build", *sorted(str(p) for p in tmp_path.glob("*.yaml")),
                             "--format", "md,html,pdf", "-o", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(0.6)  # the PDF server is importing WeasyPrint by now
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before the signal came")
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "Interrupted."
    assert "Traceback" not in err, err
    time.sleep(0.5)
    leftover = subprocess.run(["ps", "-o", "pid=,stat=,etimes=,args=", "-g", str(proc.pid)],
                              capture_output=True, text=True).stdout.strip()
    assert leftover == "", leftover


def test_an_interrupt_wrapped_by_python_is_still_an_interrupt(monkeypatch, capsys):
    """Ctrl-C inside a class body comes out as RuntimeError('Error calling __set_name__ ...')
    from KeyboardInterrupt; it is reported as the interrupt it is."""
    def interrupted_import(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from exc

    monkeypatch.setattr(entry.cli, "main", interrupted_import)
    with pytest.raises(SystemExit) as exited:
        entry.main(["build"])
    assert exited.value.code == 130
    assert capsys.readouterr().err == "Interrupted.\n"


def test_other_errors_are_not_taken_for_interrupts(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(entry.cli, "main", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        entry.main(["build"])
