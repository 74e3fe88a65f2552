"""reportgen trace, the recording half: real servers on 127.0.0.1, real stacks.

Every test runs a small app of tests/trace/apps/ in a child process, sends real requests
and checks the frames against the installed source, independently of reportgen: the file
is in the distribution's RECORD (importlib.metadata), the version is the installed one,
the recorded def..end lines are what ``ast`` finds at that spot, the link names the
installed version's tag and resolves (offline) to the very installed file, and the
innermost frame is the work point's function.  Then no process may be left.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import psutil
import pytest

from reportgen.lint import links
from reportgen.lint.source import SourceResolver
from reportgen.trace import record as rec
from reportgen.trace import workpoints
from reportgen.trace.model import Trace, dump, load

APPS = Path(__file__).parent / "apps"
STDLIB = Path(sysconfig.get_paths()["stdlib"])
PY = "%d.%d.%d" % sys.version_info[:3]


# --------------------------------------------------------------------------- checks
def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def _leftovers(project: Path) -> list[psutil.Process]:
    """Processes still running one of reportgen's trace children in ``project``."""
    out = []
    for p in psutil.process_iter(["cmdline", "cwd", "status"]):
        try:
            if p.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            cmd = " ".join(p.info["cmdline"] or [])
            if "_child.py" in cmd and "reportgen-trace-" in cmd and p.info["cwd"] == str(project):
                out.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return out


def run(app: str, topic: str, **kw) -> Trace:
    before = _children()
    trace = rec.record(app, topic=topic, project=APPS, **kw)
    assert _children() <= before, "the app's process was left running"
    assert not _leftovers(APPS)
    return trace


def _dist_files(dist: str) -> set[str]:
    return {str(f) for f in importlib.metadata.files(dist) or ()}


def _def_at(path: Path, first: int) -> ast.AST:
    tree = ast.parse(path.read_text("utf-8"))
    hits = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.lineno == first]
    assert hits, f"no def at {path}:{first}"
    return hits[0]


def check_frame(frame, resolver: SourceResolver) -> None:
    if frame.root == "stdlib":
        path = STDLIB / frame.file
        assert frame.version == PY
        assert frame.link.startswith(f"https://github.com/python/cpython/blob/v{PY}/Lib/{frame.file}#L{frame.first}")
    elif frame.root == "site-packages":
        assert frame.distribution, frame
        assert frame.file in _dist_files(frame.distribution), f"{frame.file} not installed by {frame.distribution}"
        assert frame.version == importlib.metadata.version(frame.distribution)
        path = Path(importlib.metadata.distribution(frame.distribution).locate_file(frame.file))
    else:
        assert frame.root == "app"
        path = APPS / frame.file
        assert frame.link is None
    assert path.is_file(), path
    if frame.function == "<module>":  # module code has no def: the step is the line itself
        assert frame.first == frame.last == frame.line
        return
    node = _def_at(path, frame.first)
    assert node.end_lineno == frame.last
    assert node.name == frame.function.rsplit(".", 1)[-1]
    assert frame.first <= frame.line <= frame.last
    if frame.root == "site-packages" and frame.link is None:
        # only a library whose metadata names no GitHub repository goes without a permalink
        meta = importlib.metadata.metadata(frame.distribution)
        urls = (meta.get_all("Project-URL") or []) + (meta.get_all("Home-page") or [])
        assert not any("github.com/" in u for u in urls), (frame, urls)
    if frame.link:
        link = links.parse(frame.link)
        assert (link.start, link.end or link.start) == (frame.first, frame.last)
        assert link.path.endswith(frame.file)
        if frame.root == "site-packages":
            assert frame.version in link.ref  # the tag of the installed version (3.1.8, v0.7.0)
        got = resolver.resolve(link)
        assert got.source is not None and got.source.exact, (frame.link, got.skipped)
        assert got.source.text == path.read_text("utf-8"), frame.link


def check_trace(trace: Trace) -> None:
    resolver = SourceResolver()
    known = workpoints.by_name()
    assert trace.points
    for point in trace.points:
        wp = known[point.name]
        inner = point.frames[-1]
        assert inner.function == wp.qualname.replace(".<locals>", ""), (point.name, inner)
        assert ("/" + inner.file).endswith(wp.file_suffixes), (point.name, inner.file)
        assert inner.line == inner.first
        assert point.what == wp.what
        for frame in point.frames:
            check_frame(frame, resolver)
        # the file written and read back is the same trace
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"reportgen-test-{os.getpid()}.trace.yaml"
    dump(trace, path)
    try:
        assert load(path) == trace
    finally:
        path.unlink()


def stack(trace: Trace, name: str) -> list[str]:
    point = next((p for p in trace.points if p.name == name), None)
    assert point is not None, f"{name} not reached; reached: {[p.name for p in trace.points]}"
    return [f"{f.file}:{f.function}" for f in point.frames]


def stacks(trace: Trace, name: str) -> list[list[str]]:
    return [[f"{f.file}:{f.function}" for f in p.frames] for p in trace.points if p.name == name]


def in_order(seq: list[str], *wanted: str) -> bool:
    it = iter(seq)
    return all(any(w == s for s in it) for w in wanted)


# --------------------------------------------------------------------------- real servers
def test_flask_dev_server_http_headers():
    trace = run("flask_http:app", "HTTP headers")
    check_trace(trace)
    assert trace.requests[0].startswith("GET / with headers User-Agent") and "(HTTP 200)" in trace.requests[0]
    s = stack(trace, "http.client.parse_headers")
    assert in_order(s, "socketserver.py:ThreadingMixIn.process_request_thread", "werkzeug/serving.py:WSGIRequestHandler.handle",
                    "http/server.py:BaseHTTPRequestHandler.handle_one_request", "http/server.py:BaseHTTPRequestHandler.parse_request",
                    "http/client.py:parse_headers")
    s = stack(trace, "flask.app.Flask.dispatch_request")
    assert in_order(s, "werkzeug/serving.py:WSGIRequestHandler.run_wsgi", "flask/app.py:Flask.wsgi_app",
                    "flask/app.py:Flask.full_dispatch_request", "flask/app.py:Flask.dispatch_request")
    assert not any(f.startswith("threading.py") for f in s)  # plumbing is dropped


def test_flask_dev_server_tcp():
    trace = run("flask_http:app", "TCP")
    check_trace(trace)
    s = stack(trace, "socket.socket.accept")
    assert in_order(s, "socketserver.py:BaseServer.serve_forever", "socketserver.py:BaseServer._handle_request_noblock",
                    "socketserver.py:TCPServer.get_request", "socket.py:socket.accept")
    assert s[0].startswith("werkzeug/serving.py:")  # the main thread, from werkzeug's run_simple down
    stack(trace, "socketserver.StreamRequestHandler.setup")


def test_flask_sock_websocket_handshake_and_frames():
    trace = run("flask_sock_echo:app", "WebSockets", stacks=3)
    check_trace(trace)
    assert "a frame back" in trace.requests[0]
    s = stack(trace, "wsproto.handshake.H11Handshake._accept")
    # the chain the issue names, each with its call-site line
    assert in_order(s, "socketserver.py:ThreadingMixIn.process_request_thread", "werkzeug/serving.py:WSGIRequestHandler.handle",
                    "http/server.py:BaseHTTPRequestHandler.handle_one_request", "werkzeug/serving.py:WSGIRequestHandler.run_wsgi",
                    "flask/app.py:Flask.wsgi_app", "flask_sock/__init__.py:Sock.route.decorator.websocket_route",
                    "simple_websocket/ws.py:Server.handshake", "wsproto/handshake.py:H11Handshake._accept")
    stack(trace, "wsproto.utilities.generate_accept_token")
    # the frame parser is first entered in the handshake's thread, then the masked frame from
    # the client is parsed in simple-websocket's reader thread: stacks=3 keeps both ways in
    first = stacks(trace, "wsproto.frame_protocol.FrameDecoder.parse_header")[0]
    assert in_order(first, "simple_websocket/ws.py:Server.handshake", "simple_websocket/ws.py:Base._handle_events",
                    "wsproto/frame_protocol.py:FrameDecoder.parse_header")
    assert any("simple_websocket/ws.py:Base._thread" in s
               for s in stacks(trace, "wsproto.frame_protocol.FrameDecoder.parse_header")), \
        stacks(trace, "wsproto.frame_protocol.FrameDecoder.parse_header")
    stack(trace, "wsproto.frame_protocol.FrameProtocol._serialize_frame")


def test_flask_socketio_threading(monkeypatch):
    monkeypatch.setenv("SOCKETIO_MODE", "threading")
    trace = run("socketio_app:socketio", "WebSockets", package="flask-socketio")  # the SocketIO object itself
    check_trace(trace)
    assert "Socket.IO connected, an event back" in trace.requests[0]
    s = stack(trace, "wsproto.handshake.H11Handshake._accept")
    assert in_order(s, "werkzeug/serving.py:WSGIRequestHandler.run_wsgi", "engineio/server.py:Server.handle_request",
                    "engineio/server.py:Server._handle_connect", "simple_websocket/ws.py:Server.handshake",
                    "wsproto/handshake.py:H11Handshake._accept")
    s = stack(trace, "flask_socketio.SocketIO._handle_event")
    assert s[-1] == "flask_socketio/__init__.py:SocketIO._handle_event"
    # async_handlers: the handler runs in a thread of its own, started by python-socketio
    assert s[0] == "socketio/server.py:Server._handle_event_internal"
    assert in_order(s, "socketio/server.py:Server._trigger_event", "flask_socketio/__init__.py:SocketIO._handle_event")


def test_flask_socketio_gevent_stacks_are_the_greenlets(monkeypatch):
    monkeypatch.setenv("SOCKETIO_MODE", "gevent")
    trace = run("socketio_app:app", "WebSockets")  # Socket.IO found from the Flask app's extensions
    check_trace(trace)
    assert trace.requests[0].startswith("Socket.IO over WebSocket")
    s = stack(trace, "wsproto.handshake.H11Handshake._accept")
    # the greenlet's own stack: it starts where gevent runs the connection, not in the hub's loop
    assert s[0].startswith("gevent/"), s[:3]
    assert not any("hub.py" in f for f in s)
    assert in_order(s, "gevent/pywsgi.py:WSGIHandler.handle", "gevent/pywsgi.py:WSGIHandler.run_application",
                    "engineio/server.py:Server.handle_request", "simple_websocket/ws.py:Server.handshake",
                    "wsproto/handshake.py:H11Handshake._accept")
    stack(trace, "socketio.server.Server._handle_event")


def test_flask_socketio_eventlet(monkeypatch):
    monkeypatch.setenv("SOCKETIO_MODE", "eventlet")
    trace = run("socketio_app:app", "WebSockets", package="flask-socketio")
    check_trace(trace)
    s = stack(trace, "eventlet.websocket.WebSocketWSGI._handle_hybi_request")
    assert s[0] == "eventlet/greenthread.py:GreenThread.main"
    assert in_order(s, "eventlet/wsgi.py:HttpProtocol.handle_one_response", "engineio/server.py:Server.handle_request",
                    "eventlet/websocket.py:WebSocketWSGI.__call__", "eventlet/websocket.py:WebSocketWSGI._handle_hybi_request")
    stack(trace, "eventlet.websocket.RFC6455WebSocket._recv_frame")
    stack(trace, "flask_socketio.SocketIO._handle_event")


def test_fastapi_uvicorn_http_headers():
    trace = run("fastapi_app:app", "HTTP headers")
    check_trace(trace)
    s = stack(trace, "h11._readers.maybe_read_from_IDLE_client")
    assert in_order(s, "asyncio/events.py:Handle._run", "uvicorn/protocols/http/h11_impl.py:H11Protocol.data_received",
                    "uvicorn/protocols/http/h11_impl.py:H11Protocol.handle_events", "h11/_connection.py:Connection.next_event",
                    "h11/_readers.py:maybe_read_from_IDLE_client")
    # FastAPI first reads the headers while it solves the endpoint's dependencies
    s = stack(trace, "starlette.requests.HTTPConnection.headers")
    assert in_order(s, "fastapi/applications.py:FastAPI.__call__", "fastapi/routing.py:get_request_handler.app",
                    "fastapi/dependencies/utils.py:solve_dependencies", "starlette/requests.py:HTTPConnection.headers")
    assert len(stacks(trace, "starlette.requests.HTTPConnection.headers")) == 1  # one stack per point by default


def _uvicorn_websockets() -> str:
    """Which WebSocket implementation uvicorn's "auto" gives here (the child falls back on wsproto)."""
    try:
        from uvicorn.protocols.websockets.auto import AutoWebSocketsProtocol
    except ImportError:  # a websockets release too old for this uvicorn
        return "wsproto"
    return "wsproto" if "wsproto" in AutoWebSocketsProtocol.__module__ else "websockets"


def test_fastapi_uvicorn_websocket():
    trace = run("fastapi_app:app", "WebSockets")
    check_trace(trace)
    assert "a frame back" in trace.requests[0]
    upgrade = stack(trace, "uvicorn.protocols.http.h11_impl.H11Protocol.handle_websocket_upgrade")
    assert in_order(upgrade, "asyncio/events.py:Handle._run", "uvicorn/protocols/http/h11_impl.py:H11Protocol.data_received",
                    "uvicorn/protocols/http/h11_impl.py:H11Protocol.handle_websocket_upgrade")
    s = stack(trace, "starlette.websockets.WebSocket.accept")
    assert in_order(s, "fastapi/routing.py:get_websocket_app.app", "fastapi_app.py:echo", "starlette/websockets.py:WebSocket.accept")
    if _uvicorn_websockets() == "websockets":
        s = stack(trace, "websockets.utils.accept_key")
        assert in_order(s, "uvicorn/protocols/websockets/websockets_sansio_impl.py:WebSocketsSansIOProtocol.data_received",
                        "websockets/server.py:ServerProtocol.accept", "websockets/utils.py:accept_key")
        stack(trace, "websockets.frames.Frame.parse")
    else:  # wsproto answers the upgrade when the app accepts it
        s = stack(trace, "wsproto.utilities.generate_accept_token")
        assert in_order(s, "fastapi_app.py:echo", "starlette/websockets.py:WebSocket.send",
                        "uvicorn/protocols/websockets/wsproto_impl.py:WSProtocol.send", "wsproto/handshake.py:H11Handshake._accept",
                        "wsproto/utilities.py:generate_accept_token")
        stack(trace, "uvicorn.protocols.websockets.wsproto_impl.WSProtocol.handle_connect")
        stack(trace, "wsproto.frame_protocol.FrameDecoder.parse_header")


RUNSERVER = ["python", "manage.py", "runserver", "127.0.0.1:0", "--noreload"]


def test_django_runserver_http_headers():
    trace = run(None, "HTTP headers", command=RUNSERVER)  # Django's own runserver command, port found in /proc
    check_trace(trace)
    assert "(HTTP 200)" in trace.requests[0]
    s = stack(trace, "http.client.parse_headers")
    assert s[0] == "socketserver.py:ThreadingMixIn.process_request_thread"  # the connection's own thread
    assert in_order(s, "socketserver.py:ThreadingMixIn.process_request_thread", "django/core/servers/basehttp.py:WSGIRequestHandler.handle",
                    "django/core/servers/basehttp.py:WSGIRequestHandler.handle_one_request",
                    "http/server.py:BaseHTTPRequestHandler.parse_request", "http/client.py:parse_headers")
    s = stack(trace, "django.core.handlers.wsgi.WSGIRequest.__init__")
    assert in_order(s, "django/core/servers/basehttp.py:WSGIRequestHandler.handle_one_request", "wsgiref/handlers.py:BaseHandler.run",
                    "django/core/handlers/wsgi.py:WSGIHandler.__call__", "django/core/handlers/wsgi.py:WSGIRequest.__init__")
    stack(trace, "django.core.servers.basehttp.WSGIRequestHandler.get_environ")
    # the view reads request.headers: Django builds it from META then
    s = stack(trace, "django.http.request.HttpHeaders.__init__")
    assert in_order(s, "django/core/handlers/wsgi.py:WSGIHandler.__call__", "djsite/views.py:index",
                    "django/http/request.py:HttpRequest.headers", "django/http/request.py:HttpHeaders.__init__")


def test_django_runserver_tcp():
    trace = run(None, "TCP", command=RUNSERVER)
    check_trace(trace)
    s = stack(trace, "socket.socket.accept")
    assert s[0] == "manage.py:<module>"
    assert in_order(s, "django/core/management/commands/runserver.py:Command.inner_run", "django/core/servers/basehttp.py:run",
                    "socketserver.py:BaseServer.serve_forever", "socketserver.py:TCPServer.get_request", "socket.py:socket.accept")
    s = stack(trace, "django.core.servers.basehttp.WSGIRequestHandler.handle")
    assert in_order(s, "socketserver.py:ThreadingMixIn.process_request_thread", "django/core/servers/basehttp.py:WSGIRequestHandler.handle")
    # --app with the project's WSGI application: the child serves it with runserver's server too
    trace = run("djsite.wsgi:application", "TCP")
    check_trace(trace)
    assert stack(trace, "socket.socket.accept")[0] == "django/core/servers/basehttp.py:run"
    stack(trace, "django.core.servers.basehttp.WSGIRequestHandler.handle_one_request")


def test_aiohttp_http_headers_pure_python_parser():
    trace = run("aiohttp_app:app", "HTTP headers")
    check_trace(trace)
    assert "(HTTP 200)" in trace.requests[0]
    s = stack(trace, "aiohttp.http_parser.HeadersParser.parse_headers")  # reached only with AIOHTTP_NO_EXTENSIONS
    assert in_order(s, "asyncio/events.py:Handle._run", "asyncio/selector_events.py:_SelectorSocketTransport._read_ready__data_received",
                    "aiohttp/web_protocol.py:RequestHandler.data_received", "aiohttp/http_parser.py:HttpParser.feed_data",
                    "aiohttp/http_parser.py:HttpRequestParser.parse_message", "aiohttp/http_parser.py:HeadersParser.parse_headers")
    assert in_order(s, "aiohttp/web.py:run_app", "asyncio/base_events.py:BaseEventLoop.run_forever")  # the loop aiohttp runs


def test_aiohttp_websocket():
    trace = run("aiohttp_app:app", "WebSockets")
    check_trace(trace)
    assert "a frame back" in trace.requests[0]
    s = stack(trace, "aiohttp.web_ws.WebSocketResponse._handshake")
    assert in_order(s, "aiohttp/web_protocol.py:RequestHandler._handle_request", "aiohttp/web_app.py:Application._handle",
                    "aiohttp_app.py:echo", "aiohttp/web_ws.py:WebSocketResponse.prepare", "aiohttp/web_ws.py:WebSocketResponse._handshake")
    # the client's masked frame, read by the pure-Python reader as the bytes arrive
    s = stack(trace, "aiohttp._websocket.reader_py.WebSocketReader._feed_data")
    assert in_order(s, "aiohttp/web_protocol.py:RequestHandler.data_received", "aiohttp/_websocket/reader_py.py:WebSocketReader.feed_data",
                    "aiohttp/_websocket/reader_py.py:WebSocketReader._feed_data")
    s = stack(trace, "aiohttp._websocket.writer.WebSocketWriter.send_frame")
    assert in_order(s, "aiohttp_app.py:echo", "aiohttp/web_ws.py:WebSocketResponse.send_str", "aiohttp/_websocket/writer.py:WebSocketWriter.send_frame")


def test_command_and_extra_request(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    trace = rec.record(command=["python", "serve_script.py", str(port)], topic="HTTP headers", project=APPS,
                       port=port, extra_requests=[rec.client.parse_request("GET /?q=1; X-Extra: yes")])
    assert not _leftovers(APPS)
    check_trace(trace)
    assert len(trace.requests) == 2 and "X-Extra" in trace.requests[1]
    assert {p.request for p in trace.points} == {0, 1}  # the stacks of each request are told apart
    assert trace.app == f"python serve_script.py {port}"
    # no --port: reportgen finds the port the command listens on (in /proc)
    trace = rec.record(command=["serve_script.py", "0"], topic="TCP", project=APPS)
    assert not _leftovers(APPS)
    check_trace(trace)
    assert stack(trace, "socket.socket.accept")[0] == "serve_script.py:<module>"  # the script's own run_simple call


# --------------------------------------------------------------------------- bad input, through the real CLI
def cli(*args: str, project: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    notes = project / "reports" / "n.yaml"
    notes.parent.mkdir(exist_ok=True)
    if not notes.exists():
        notes.write_text("technology: Flask\ntopic: HTTP headers\npackage: flask\nsections:\n  - chain: []\n", "utf-8")
    done = subprocess.run([sys.executable, "-m", "reportgen", "trace", str(notes), *args, "--project", str(project)],
                          capture_output=True, text=True, timeout=timeout, cwd=project)
    assert not _leftovers(project), "a traced app was left running"
    return done


@pytest.fixture
def project(tmp_path):
    for f in APPS.glob("*.py"):
        (tmp_path / f.name).write_text(f.read_text("utf-8"), "utf-8")
    return tmp_path


def one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def test_app_that_does_not_import(project):
    line = one_line(cli("--app", "broken_import:app", project=project))
    assert line.startswith("broken_import.py:5:1: cannot import 'broken_import': NameError"), line
    line = one_line(cli("--app", "no_such_module:app", project=project))
    assert "no module 'no_such_module'" in line
    line = one_line(cli("--app", "flask_http:nope", project=project))
    assert "module 'flask_http' has no attribute 'nope'" in line


def test_port_in_use(project):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        line = one_line(cli("--app", "flask_http:app", "--port", str(port), project=project))
    assert f"port {port} on 127.0.0.1 is in use" in line


def test_server_that_never_answers(project):
    line = one_line(cli("--app", "bad_views:app", "--path", "/hang", "--timeout", "1", project=project))
    assert "GET /hang" in line and "did not come within 1 s" in line, line
    line = one_line(cli("--command", "python never_listens.py", "--start-timeout", "1", project=project))
    assert "did not start listening on 127.0.0.1 within 1 s" in line, line


def test_app_that_crashes_mid_request(project):
    line = one_line(cli("--app", "bad_views:app", "--path", "/crash", project=project))
    assert line == "reportgen: the app exited with code 7 while answering GET /crash", line
    line = one_line(cli("--app", "bad_views:app", "--path", "/error", project=project))
    assert "the app answered HTTP 500 to GET /error" in line and "ZeroDivisionError" in line, line


def test_bad_request_option(project):
    line = one_line(cli("--app", "flask_http:app", "--request", "GET nopath", project=project))
    assert "--request" in line and "must start with '/'" in line


def test_websocket_path_that_is_not_one(project):
    notes = project / "reports" / "n.yaml"
    notes.parent.mkdir(exist_ok=True)
    notes.write_text("technology: FastAPI\ntopic: WebSockets\nsections:\n  - chain: []\n", "utf-8")
    line = one_line(cli("--app", "fastapi_app:app", "--path", "/nope", project=project))
    assert line.startswith("reportgen: the WebSocket upgrade GET /nope: answered 403, not 101 Switching Protocols"), line
    assert notes.read_text("utf-8").endswith("chain: []\n")  # nothing written
