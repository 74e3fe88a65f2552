"""How many processes identify packages when REPORTGEN_JOBS is not set (reportgen.inventory)."""

from __future__ import annotations

import sys
import threading

import pytest

from reportgen import inventory


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked: Linux only")
def test_default_worker_count(monkeypatch):
    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    monkeypatch.setattr(inventory.os, "cpu_count", lambda: 2)
    assert inventory._worker_count(10) == 1  # small projects: one process
    assert inventory._worker_count(inventory.PARALLEL_DEFAULT_MIN - 1) == 1
    assert inventory._worker_count(246) == 2  # a large environment: one per CPU
    monkeypatch.setenv("REPORTGEN_JOBS", "1")
    assert inventory._worker_count(246) == 1
    monkeypatch.setenv("REPORTGEN_JOBS", "2")
    assert inventory._worker_count(40) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked: Linux only")
def test_no_implicit_fork_while_other_threads_run(monkeypatch):
    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    monkeypatch.setattr(inventory.os, "cpu_count", lambda: 2)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert inventory._worker_count(246) == 1
        monkeypatch.setenv("REPORTGEN_JOBS", "2")
        assert inventory._worker_count(246) == 2  # asked for explicitly
    finally:
        stop.set()
        thread.join()
