"""Fixtures of the trace tests: a stack recorded live from flask-sock on 127.0.0.1.

``recorded_trace`` runs ``stack_app.py`` (flask-sock in a child process), does a real
WebSocket handshake and one masked frame each way with a stdlib socket client, and loads
the trace the child wrote.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from realframes import websocket_echo
from reportgen.trace.model import load

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def recorded_trace_path(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("trace") / "notes.trace.yaml"
    env = dict(os.environ, PYTHONPATH=str(HERE) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    child = subprocess.Popen([sys.executable, str(HERE / "stack_app.py"), str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, cwd=HERE)
    try:
        line = child.stdout.readline()
        assert line.startswith("PORT "), (line, child.stderr.read() if child.poll() is not None else "")
        port = int(line.split()[1])
        websocket_echo(port, b"hello trace")
        done = child.stdout.readline()
        assert done.strip() == "DONE", done
    finally:
        child.kill()
        child.wait(10)
    return out


@pytest.fixture(scope="session")
def recorded_trace(recorded_trace_path):
    return load(recorded_trace_path)


