"""chain_from_trace on a stack recorded live from flask-sock on 127.0.0.1, and on frames read from the installed source."""

from __future__ import annotations

import ast
import sys
import sysconfig
from pathlib import Path

import pytest

from realframes import real_frame
from reportgen.errors import InputError
from reportgen.lint import links
from reportgen.trace.chain import chain_from_trace, frame_link, is_noise, is_wrapper, select_frames
from reportgen.trace.model import Point, Trace

PY = "%d.%d.%d" % sys.version_info[:3]


def _def_line(frame) -> str:
    """The source line a frame's ``first`` names, read from the installed file."""
    if frame.root == "stdlib":
        base = Path(sysconfig.get_paths()["stdlib"])
    else:
        base = next(Path(p) for p in sys.path if p.endswith("site-packages") and (Path(p) / frame.file).is_file())
    return (base / frame.file).read_text("utf-8").splitlines()[frame.first - 1].strip()


def test_recorded_stack_holds_the_real_frames(recorded_trace):
    """The live recording reached the three work points, with the lines ast gives for each function."""
    assert [p.name for p in recorded_trace.points] == [
        "wsproto.handshake.accept", "wsproto.frame.unmask", "wsproto.frame.serialize"]
    for point in recorded_trace.points:
        for frame in point.frames:
            if frame.root == "site-packages":
                want = real_frame(frame.file, frame.function)
                assert (frame.first, frame.last) == (want.first, want.last), frame
                assert frame.first <= frame.line <= frame.last


def test_chain_starts_at_the_library_and_ends_at_the_work(recorded_trace):
    steps = chain_from_trace(recorded_trace, "flask-sock==0.7.0", "WebSockets")
    symbols = [s["symbol"] for s in steps]
    assert symbols[0] == "Sock.route.decorator.websocket_route"
    # the handshake point, in stack order, down to the work
    handshake = symbols[: symbols.index("generate_accept_token") + 1]
    assert handshake == [
        "Sock.route.decorator.websocket_route", "Server.__init__", "Base.__init__", "Server.handshake",
        "Base._handle_events", "WSConnection.send", "H11Handshake.send", "H11Handshake._accept",
        "generate_accept_token",
    ]
    # the frame-reading point starts in simple-websocket's own thread (flask-sock is not on that stack)
    assert symbols[len(handshake)] == "Base._thread"
    assert "XorMaskerSimple.process" in symbols and symbols[-1] == "FrameProtocol._serialize_frame"
    # what the server ran before flask-sock, and the thread plumbing, is not a step
    for left_out in ("Thread.run", "Thread._bootstrap", "WSGIRequestHandler.run_wsgi", "Flask.wsgi_app",
                     "ThreadingMixIn.process_request_thread"):
        assert left_out not in symbols
    # each function once, although two points pass through WSConnection.send and _handle_events
    assert len(symbols) == len(set(symbols))
    assert all(s["text"] == "TODO" for s in steps)


def test_links_are_permalinks_at_the_installed_tags(recorded_trace):
    frames = select_frames(recorded_trace, "flask-sock")
    tags = {"flask-sock": "v0.7.0", "simple-websocket": "v1.1.0", "wsproto": "1.3.2"}
    for frame, step in zip(frames, chain_from_trace(recorded_trace, "flask-sock", None)):
        if frame.root == "app":
            assert step["link"] == f"TODO: permalink to stack_app.py lines {frame.first}-{frame.last}"
            continue
        link = links.parse(step["link"])
        assert link.kind == "blob" and link.ref == tags[frame.distribution]
        assert link.path == "src/" + frame.file
        assert link.lines == (frame.first, frame.last)
        name = frame.function.rsplit(".", 1)[-1]
        assert _def_line(frame).startswith((f"def {name}(", f"async def {name}(")), step


def test_app_call_into_the_library_is_the_first_step():
    """With the app's frame right above the library's, the chain starts at the app's call."""
    app = real_frame("flask_sock/__init__.py", "Sock.route.<locals>.decorator.<locals>.websocket_route")
    app.root, app.file, app.distribution, app.version = "app", "app.py", None, None
    trace = Trace(package="simple-websocket", points=[Point("p", [
        real_frame("threading.py", "Thread.run", root="stdlib"),
        app,
        real_frame("simple_websocket/ws.py", "Base.send"),
        real_frame("wsproto/__init__.py", "WSConnection.send"),
    ])])
    assert [s["symbol"] for s in chain_from_trace(trace, None, None)] == [
        "Sock.route.decorator.websocket_route", "Base.send", "WSConnection.send"]


def test_another_package_moves_the_start(recorded_trace):
    symbols = [s["symbol"] for s in chain_from_trace(recorded_trace, "werkzeug", None)]
    assert symbols[:3] == ["WSGIRequestHandler.handle", "BaseHTTPRequestHandler.handle",
                           "BaseHTTPRequestHandler.handle_one_request"]
    assert "Flask.dispatch_request" in symbols


def test_stdlib_frames_link_to_cpython_at_the_running_version():
    frame = real_frame("http/server.py", "BaseHTTPRequestHandler.handle_one_request", root="stdlib")
    assert frame_link(frame) == (f"https://github.com/python/cpython/blob/v{PY}/Lib/http/server.py"
                                 f"#L{frame.first}-L{frame.last}")


def test_noise_and_wrappers():
    wrapper = real_frame("click/decorators.py", "pass_context.<locals>.new_func")
    assert is_wrapper(wrapper) and is_noise(wrapper)
    working = real_frame("flask_sock/__init__.py", "Sock.route.<locals>.decorator.<locals>.websocket_route")
    assert not is_wrapper(working) and not is_noise(working)
    assert is_noise(real_frame("threading.py", "Thread.run", root="stdlib"))
    assert not is_noise(real_frame("socketserver.py", "BaseServer.serve_forever", root="stdlib"))
    trace = Trace(package="flask-sock", points=[Point("p", [working, wrapper, real_frame("simple_websocket/ws.py", "Base.send")])])
    assert [s["symbol"] for s in chain_from_trace(trace, None, None)] == ["Sock.route.decorator.websocket_route", "Base.send"]


def test_a_given_link_is_kept_and_an_unknown_repository_gives_a_placeholder():
    frame = real_frame("simple_websocket/ws.py", "Base.send")
    frame.link = "https://github.com/miguelgrinberg/simple-websocket/blob/0123456789abcdef0123456789abcdef01234567/src/simple_websocket/ws.py#L70-L83"
    assert frame_link(frame) == frame.link
    # markupsafe: a repository whose tags and layout are known; jsonschema: neither is
    known = real_frame("markupsafe/__init__.py", "escape")
    assert frame_link(known) == (f"https://github.com/pallets/markupsafe/blob/{known.version}/src/markupsafe/__init__.py"
                                 f"#L{known.first}-L{known.last}")
    unknown = real_frame("jsonschema/validators.py", "validate")
    assert frame_link(unknown) is None
    (step,) = chain_from_trace(Trace(package="jsonschema", points=[Point("p", [unknown])]), None, None)
    assert step == {"link": f"TODO: permalink to jsonschema {unknown.version} jsonschema/validators.py lines "
                            f"{unknown.first}-{unknown.last}", "symbol": "validate", "text": "TODO"}


def test_a_trace_of_another_topic_is_refused(recorded_trace):
    with pytest.raises(InputError, match="recorded for the topic 'WebSockets'"):
        chain_from_trace(recorded_trace, "flask-sock", "HTTP headers")
    assert chain_from_trace(recorded_trace, "flask-sock", "websockets")  # the same topic, spelled otherwise
    assert chain_from_trace(recorded_trace, "flask-sock", "TCP, WebSockets")  # one of the notes' topics
