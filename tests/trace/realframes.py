"""Real frames and a real WebSocket client for the trace tests (helpers; the fixtures are in conftest.py).

``real_frame`` builds a :class:`Frame` for a function of an installed package (or of the
standard library) from its source: the lines are the ones ``ast`` finds, never typed in.
``websocket_echo`` does an RFC 6455 handshake and one masked frame with a plain socket.
"""

from __future__ import annotations

import ast
import base64
import importlib.metadata
import os
import socket
import sys
import sysconfig
from pathlib import Path

from reportgen.trace.model import Frame


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


def websocket_echo(port: int, payload: bytes) -> None:
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
