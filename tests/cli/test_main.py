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
