"""The process ``reportgen trace`` runs the app in: install the profiler hook, import, serve.

Run as a script (``python .../reportgen/trace/_child.py CONFIG.json``) by the project's own
interpreter, which need not have reportgen installed, so this file imports nothing but the
standard library, and as little of it as it can before the app is imported (eventlet and
gevent patch ``socket`` and ``threading`` when the app imports them).

CONFIG.json: ``{"project": DIR, "app": "module:attr" | null, "argv": [...] | null,
"host": "127.0.0.1", "port": 0, "points": [[name, function, [file suffixes]], ...],
"hits": FILE, "status": FILE}``.

Every time a work point's function is entered, one JSON line goes to ``hits``:
``{"point": name, "t": time.monotonic(), "frames": [[file, qualname, line, firstline], ...]}``
(outermost first).  ``status`` gets JSON lines: ``{"event": "serving", "server": ...}`` or
``{"event": "error", "kind": ..., "message": ..., "file": ..., "line": ...}``.
"""

import json
import os
import sys
import time

_LIMIT = 40  # stacks kept per work point: enough for a few requests, bounded for a chatty one
_WANT = {}  # co_name -> [(qualname, suffixes, point name)]
_COUNT = {}
_HITS_FD = None
_STATUS = None
# Set before the app is imported: libraries that would otherwise do the work in a C extension,
# which has no Python frames to record (aiohttp's HTTP parser and WebSocket reader).
PURE_PYTHON = {"AIOHTTP_NO_EXTENSIONS": "1"}


def _hook(frame, event, arg):
    if event != "call":
        return
    code = frame.f_code
    wanted = _WANT.get(code.co_name)
    if wanted is None:
        return
    qual = getattr(code, "co_qualname", None)
    filename = code.co_filename.replace("\\", "/")
    for want_qual, suffixes, name in wanted:
        if (qual is None or qual == want_qual) and filename.endswith(suffixes):
            _record(name, frame)


def _record(name, frame):
    count = _COUNT.get(name, 0)
    if count >= _LIMIT:
        return
    _COUNT[name] = count + 1
    frames = []
    f = frame
    while f is not None:  # f_back of a greenlet's or a coroutine's frame is its own caller
        c = f.f_code
        frames.append([c.co_filename, getattr(c, "co_qualname", c.co_name), f.f_lineno, c.co_firstlineno])
        f = f.f_back
    frames.reverse()
    line = json.dumps({"point": name, "t": time.monotonic(), "frames": frames}) + "\n"
    os.write(_HITS_FD, line.encode("utf-8"))  # one write per line: whole lines, whatever thread


def _status(**data):
    _STATUS.write(json.dumps(data) + "\n")
    _STATUS.flush()


def _fail(kind, message, exc=None, project=None):
    where = {}
    if exc is not None and project:
        tb = exc.__traceback__
        for frame_summary in _extract(tb):
            if os.path.abspath(frame_summary[0]).startswith(project + os.sep):
                where = {"file": os.path.relpath(frame_summary[0], project), "line": frame_summary[1]}
        if not where and isinstance(exc, SyntaxError) and exc.filename:
            where = {"file": os.path.relpath(exc.filename, project), "line": exc.lineno}
    _status(event="error", kind=kind, message=message, **where)
    sys.stderr.flush()
    os._exit(3)


def _extract(tb):
    out = []
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return out


def _resolve(module, attr):
    obj = module
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def _is_asgi(obj):
    import inspect

    if inspect.iscoroutinefunction(obj):
        return True
    call = getattr(type(obj), "__call__", None)
    return call is not None and inspect.iscoroutinefunction(call)


def _made_by(obj, prefix):
    return type(obj).__module__.startswith(prefix)


def _socketio_of(obj, module):
    """(SocketIO, Flask app) when obj is a Flask-SocketIO server or an app that has one."""
    ext = getattr(obj, "extensions", None)
    if isinstance(ext, dict) and "socketio" in ext:
        return ext["socketio"], obj
    if type(obj).__name__ == "SocketIO" and type(obj).__module__.startswith("flask_socketio"):
        for value in vars(module).values():
            ext = getattr(value, "extensions", None)
            if isinstance(ext, dict) and ext.get("socketio") is obj:
                return obj, value
    return None, None


def _serve_app(config):
    import importlib

    spec = config["app"]
    mod_name, _, attr = spec.partition(":")
    attr = attr or "app"
    project = config["project"]
    try:
        module = importlib.import_module(mod_name)
    except BaseException as exc:  # noqa: BLE001 - any failure is the app's: report it and stop
        if isinstance(exc, ModuleNotFoundError) and exc.name == mod_name.split(".")[0]:
            _fail("import", f"no module '{mod_name}' in {project}")
        _fail("import", f"cannot import '{mod_name}': {type(exc).__name__}: {exc}", exc, project)
    try:
        obj = _resolve(module, attr)
    except AttributeError:
        _fail("import", f"module '{mod_name}' has no attribute '{attr}'")
    host, port = config["host"], config["port"]
    _install()
    sio, flask_app = _socketio_of(obj, module)
    if sio is not None:
        _status(event="serving", server=f"flask-socketio ({sio.async_mode})", socketio=True)
        sio.run(flask_app, host=host, port=port, debug=False, use_reloader=False, log_output=False,
                allow_unsafe_werkzeug=True)
    elif _made_by(obj, "aiohttp."):
        from aiohttp import web

        if not isinstance(obj, web.Application):
            _fail("import", f"'{spec}' is not an aiohttp web.Application (it is a {type(obj).__name__})")
        _status(event="serving", server="aiohttp")
        web.run_app(obj, host=host, port=port, print=None, access_log=None, handle_signals=False)
    elif _made_by(obj, "django.core.handlers.wsgi"):  # mysite.wsgi:application: runserver's own server
        from django.core.servers.basehttp import WSGIServer, run

        _status(event="serving", server="django runserver")
        run(host, port, obj, threading=True, server_cls=WSGIServer)
    elif _is_asgi(obj):
        try:
            import uvicorn
        except ImportError:
            _fail("server", f"'{spec}' is an ASGI app; install uvicorn to serve it")
        ws = "auto"
        try:  # uvicorn's pick (the websockets library) fails on a websockets release too old for it
            import uvicorn.protocols.websockets.auto  # noqa: F401
        except ImportError:
            import importlib.util

            ws = "wsproto" if importlib.util.find_spec("wsproto") else "none"
        _status(event="serving", server=f"uvicorn (websockets: {ws})")
        uvicorn.run(obj, host=host, port=port, log_level="warning", lifespan="off", ws=ws)
    elif callable(obj):
        try:
            from werkzeug.serving import run_simple
        except ImportError:
            run_simple = None
        if run_simple is not None:
            _status(event="serving", server="werkzeug")
            run_simple(host, port, obj, threaded=True, use_reloader=False, use_debugger=False)
        else:
            import socketserver
            from wsgiref.simple_server import WSGIServer, make_server

            class _Threading(socketserver.ThreadingMixIn, WSGIServer):
                daemon_threads = True

            _status(event="serving", server="wsgiref")
            make_server(host, port, obj, server_class=_Threading).serve_forever()
    else:
        _fail("import", f"'{spec}' is not a WSGI or ASGI application (it is a {type(obj).__name__})")


def _serve_command(config):
    import runpy
    import shutil

    argv = list(config["argv"])
    if argv and os.path.basename(argv[0]).startswith("python"):
        argv = argv[1:]
    if not argv:
        _fail("command", "the command names no Python program to run")
    _install()
    _status(event="serving", server="command")
    if argv[0] == "-m" and len(argv) > 1:
        sys.argv = [argv[1]] + argv[2:]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return
    path = argv[0] if os.path.exists(argv[0]) else shutil.which(argv[0])
    if path:
        path = os.path.abspath(path)  # frames name their file as run: the recorder needs it whole
    if not path:
        _fail("command", f"no program '{argv[0]}' (in {config['project']} or on PATH)")
    try:
        with open(path, "rb") as fh:
            head = fh.read(200)
    except OSError as exc:
        _fail("command", f"cannot read '{path}': {exc.strerror}")
    if not (path.endswith(".py") or (head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0])):
        _fail("command", f"'{argv[0]}' is not a Python program; reportgen traces Python servers only")
    sys.argv = [path] + argv[1:]
    runpy.run_path(path, run_name="__main__")


def _install():
    sys.setprofile(_hook)
    import threading

    threading.setprofile(_hook)


def main():
    global _HITS_FD, _STATUS
    with open(sys.argv[1], encoding="utf-8") as fh:
        config = json.load(fh)
    for key, value in PURE_PYTHON.items():
        os.environ.setdefault(key, value)
    _HITS_FD = os.open(config["hits"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    _STATUS = open(config["status"], "a", encoding="utf-8")
    for name, function, suffixes in config["points"]:
        qualname = function.partition(":")[2]
        leaf = qualname.rsplit(".", 1)[-1]
        _WANT.setdefault(leaf, []).append((qualname, tuple(suffixes), name))
    project = os.path.abspath(config["project"])
    config["project"] = project
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.path.insert(0, project)
    os.chdir(project)
    try:
        if config.get("app"):
            _serve_app(config)
        else:
            _serve_command(config)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001
        sys.setprofile(None)
        import traceback

        traceback.print_exc()
        _fail("crash", f"{type(exc).__name__}: {exc}", exc, project)


if __name__ == "__main__":
    main()
