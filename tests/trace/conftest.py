"""Real frames for the trace tests: read from the installed source with ast, or recorded live.

``real_frame`` builds a :class:`Frame` for a function of an installed package (or of the
standard library) from its source: the lines are the ones ``ast`` finds, never typed in.
``recorded_trace`` runs ``stack_app.py`` (flask-sock on 127.0.0.1 in a child process), does a
real WebSocket handshake and one masked frame each way with a stdlib socket client, and loads
the trace the child wrote.
"""

from __future__ import annotations

import ast
import base64
import importlib.metadata
import os
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from reportgen.trace.model import Frame, load

HERE = Path(__file__).parent


def _installed(file: str) -> tuple[Path, str | None, str | None]:
    for entry in sys.path:
        if entry.endswith("site-packages") and (Path(entry) / file).is_file():
            top = file.split("/", 1)[0]
            dist = importlib.metadata.packages_distributions()[top][0]
            return Path(entry) / file, dist, importlib.metadata.version(dist)
    raise LookupError(file)


def real_frame(file: str, qualname: str, *, root: str = "site-packages", link: bool = False) -> Frame:
    """The frame of ``qualname`` (``Class.method``, nested with ``.<locals>.``) in an installed file."""
    if root == "stdlib":
        path, dist, version = Path(sysconfig.get_paths()["stdlib"]) / file, None, "%d.%d.%d" % sys.version_info[:3]
    else:
        path, dist, version = _installed(file)
    tree = ast.parse(path.read_text("utf-8"))
    want = qualname.replace(".<locals>", "").split(".")

    def find(node, parts):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child.name == parts[0]:
                return child if len(parts) == 1 else find(child, parts[1:])
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                hit = find(child, parts)
                if hit is not None:
                    return hit
        return None

    node = find(tree, want)
    if node is None:
        raise LookupError(f"{qualname} not in {path}")
    frame = Frame(file=file, root=root, function=qualname, line=node.body[0].lineno, first=node.lineno,
                  last=node.end_lineno, distribution=dist, version=version)
    if link:
        from reportgen.trace.chain import frame_link

        frame.link = frame_link(frame)
    return frame


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
        _websocket_echo(port, b"hello trace")
        done = child.stdout.readline()
        assert done.strip() == "DONE", done
    finally:
        child.kill()
        child.wait(10)
    return out


@pytest.fixture(scope="session")
def recorded_trace(recorded_trace_path):
    return load(recorded_trace_path)


def _websocket_echo(port: int, payload: bytes) -> None:
    """RFC 6455 handshake and one masked text frame, with a plain socket; checks the echo."""
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        conn.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            assert chunk, head
            head += chunk
        assert head.startswith(b"HTTP/1.1 101"), head
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        conn.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)
        rest = head.split(b"\r\n\r\n", 1)[1]
        while len(rest) < 2 + len(payload):
            chunk = conn.recv(4096)
            assert chunk, rest
            rest += chunk
        assert rest[0] == 0x81 and rest[2 : 2 + rest[1]] == payload, rest
        conn.sendall(bytes([0x88, 0x80]) + os.urandom(4))  # close
