"""A real HTTP server on 127.0.0.1 that plays PyPI and the npm registry."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

#: URL path -> fixture file.
ROUTES = {
    "/pypi/six/1.16.0/json": "pypi-six-1.16.0.json",
    "/pypi/attrs/25.3.0/json": "pypi-attrs-25.3.0.json",
    "/npm/ws/8.13.0": "npm-ws-8.13.0.json",
    "/npm/@types/node/20.1.0": "npm-types-node-20.1.0.json",
}


class RegistryServer:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.delay = 0.0  # seconds to wait before answering (timeout tests)
        self.in_flight = 0  # requests being answered right now
        self.most_in_flight = 0  # the most requests ever answered at once
        self._lock = threading.Lock()
        self._stopping = threading.Event()  # set on exit: a delayed answer stops waiting
        self.status_override: int | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                server.requests.append(self.path)
                with server._lock:
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    if server.delay:
                        server._stopping.wait(server.delay)
                    self._answer()
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self) -> None:
                if server.status_override is not None:
                    self.send_error(server.status_override)
                    return
                name = ROUTES.get(self.path)
                if name is None:
                    body = b'{"message": "Not Found"}'
                    self.send_response(404)
                else:
                    body = (FIXTURES / name).read_bytes()
                    json.loads(body)  # the fixture itself must be valid
                    self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # request threads are joined when the server closes (no thread outlives the test)
        self.httpd.daemon_threads = False
        self.httpd.block_on_close = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def pypi_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/pypi"

    @property
    def npm_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/npm"

    def __enter__(self) -> "RegistryServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def registry_server():
    with RegistryServer() as server:
        yield server


@pytest.fixture
def closed_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def registry_env(registry_server, tmp_path, monkeypatch):
    """Point reportgen at the local registry, with a fresh cache folder."""
    monkeypatch.setenv("REPORTGEN_PYPI_URL", registry_server.pypi_url)
    monkeypatch.setenv("REPORTGEN_NPM_URL", registry_server.npm_url)
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    return registry_server
