"""A flask-sock echo app that records the Python stack at wsproto's work points (test helper).

Run as ``python stack_app.py OUT.trace.yaml``: serves on 127.0.0.1 (a free port, printed
on stdout as ``PORT n``), and when every watched function has been entered once, writes
the stacks as a reportgen trace file and prints ``DONE``.  The stacks are taken with
``sys.setprofile`` / ``threading.setprofile`` on a real request; nothing is typed in.
"""

import ast
import importlib.metadata
import os
import sys
import sysconfig
import threading

from flask import Flask
from flask_sock import Sock

from reportgen.trace.model import Frame, Point, Trace, dump

#: (installed file, qualified name) -> work point name
WATCH = {
    ("wsproto/utilities.py", "generate_accept_token"): "wsproto.handshake.accept",
    ("wsproto/frame_protocol.py", "XorMaskerSimple.process"): "wsproto.frame.unmask",
    ("wsproto/frame_protocol.py", "FrameProtocol._serialize_frame"): "wsproto.frame.serialize",
}
APP_DIR = os.path.dirname(os.path.abspath(__file__))
SITE = [p for p in sys.path if p.endswith("site-packages")]
STDLIB = sysconfig.get_paths()["stdlib"]
DISTS = importlib.metadata.packages_distributions()

app = Flask(__name__)
sock = Sock(app)


@sock.route("/ws")
def echo(ws):
    data = ws.receive()
    ws.send(data)


def _where(filename):
    filename = os.path.abspath(filename)
    for site in SITE:
        if filename.startswith(site + os.sep):
            rel = os.path.relpath(filename, site).replace(os.sep, "/")
            dist = (DISTS.get(rel.split("/", 1)[0]) or [None])[0]
            version = importlib.metadata.version(dist) if dist else None
            return rel, "site-packages", dist, version
    if filename.startswith(APP_DIR + os.sep):
        return os.path.relpath(filename, APP_DIR).replace(os.sep, "/"), "app", None, None
    if filename.startswith(STDLIB + os.sep):
        version = "%d.%d.%d" % sys.version_info[:3]
        return os.path.relpath(filename, STDLIB).replace(os.sep, "/"), "stdlib", None, version
    return None


_trees = {}


def _lines(filename, code):
    """(def line, last line) of the function a code object belongs to, read with ast."""
    if filename not in _trees:
        with open(filename, encoding="utf-8") as handle:
            _trees[filename] = ast.parse(handle.read())
    for node in ast.walk(_trees[filename]):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == code.co_name:
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if start == code.co_firstlineno:
                return node.lineno, node.end_lineno
    return code.co_firstlineno, code.co_firstlineno


def _stack(frame):
    out = []
    while frame is not None:
        code = frame.f_code
        where = _where(code.co_filename)
        if where is not None and "reportgen" not in where[0].split("/")[0]:
            rel, root, dist, version = where
            first, last = _lines(code.co_filename, code)
            out.append(Frame(file=rel, root=root, function=code.co_qualname, line=frame.f_lineno,
                             first=first, last=last, distribution=dist, version=version))
        frame = frame.f_back
    return out[::-1]


points = {}
lock = threading.Lock()


def profile(frame, event, arg):
    if event != "call":
        return
    code = frame.f_code
    if not code.co_filename.endswith(".py") or "wsproto" not in code.co_filename:
        return
    where = _where(code.co_filename)
    name = WATCH.get((where[0], code.co_qualname)) if where else None
    with lock:
        if name is None or name in points:
            return
        points[name] = Point(name=name, frames=_stack(frame), request=0)
        if len(points) == len(WATCH):
            order = [WATCH[k] for k in WATCH]
            trace = Trace(package="flask-sock==0.7.0", topic="WebSockets", notes="notes.yaml",
                          recorded="2026-12-04T18:00:00Z", app="stack_app:app",
                          python="%d.%d.%d" % sys.version_info[:3],
                          requests=["WebSocket upgrade GET /ws, one masked text frame each way"],
                          points=[points[n] for n in order])
            dump(trace, sys.argv[1])
            print("DONE", flush=True)


if __name__ == "__main__":
    from werkzeug.serving import make_server

    threading.setprofile(profile)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print("PORT", server.server_port, flush=True)
    server.serve_forever()
