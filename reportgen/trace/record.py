"""Record a trace: run the app on 127.0.0.1 with a profiler hook, send requests, keep the stacks.

:func:`record` starts the app in a child process (its own process group, so that it and
everything it starts can be stopped together), waits until it listens, sends the topic's
requests (:mod:`reportgen.trace.client`), stops the child (always, also on errors and
Ctrl-C) and turns the stacks the child saw at the work points into a
:class:`reportgen.trace.model.Trace`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from reportgen.errors import InputError, Location
from reportgen.model import normalize_name
from reportgen.trace import client, workpoints
from reportgen.trace.frames import CHILD, FrameMapper
from reportgen.trace.model import Point, Trace

HOST = "127.0.0.1"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
SOCKETIO_PACKAGES = {"flask-socketio", "python-socketio", "python-engineio"}


class TraceError(InputError):
    """The app could not be traced (does not import, port in use, no answer, crashed)."""


def default_requests(topic: str | None, *, socketio: bool = False, path: str | None = None) -> list[client.Request]:
    """What exercises a topic: TCP, HTTP headers or a WebSocket conversation."""
    key = workpoints.topic_key(topic)
    if key == "tcp":
        return [client.Request("tcp", path or "/")]
    if key == "websockets":
        if socketio:
            return [client.Request("socketio", path or "/socket.io/")]
        return [client.Request("ws", path or "/ws")]
    return [client.Request("http", path or "/", headers=list(client.DEFAULT_HEADERS))]


def record(
    app: str | None = None,
    *,
    command: list[str] | None = None,
    topic: str | None = None,
    package: str | None = None,
    project: str | os.PathLike[str] = ".",
    port: int | None = None,
    path: str | None = None,
    requests: list[client.Request] | None = None,
    extra_requests: list[client.Request] = (),
    python: str | None = None,
    timeout: float = 10.0,
    start_timeout: float = 30.0,
    notes: str | None = None,
    stacks: int = 1,
) -> Trace:
    """Run ``app`` (``module:attr``, imported from ``project``) or ``command`` (a Python server's
    argv, run under the tracer) on 127.0.0.1, send the requests of ``topic`` (or ``requests``)
    plus ``extra_requests``, and return the stacks recorded at the topic's work points.

    ``stacks``: how many different stacks to keep per work point and request (1: the first
    time the work point is entered; more shows other ways in, such as a frame parsed in the
    handshake's thread and then in a reader thread, but makes the chain less linear).

    The child is stopped before this returns or raises; :class:`TraceError` (one line) for an
    app that does not import, a port in use, a server that never answers or that crashes.
    """
    if (app is None) == (command is None):
        raise InputError("name the app to trace: an import path (--app module:app) or a command (--command)")
    project = Path(project).resolve()
    if not project.is_dir():
        raise InputError(f"{project}: the project folder does not exist")
    if port is not None:
        _check_port_free(port)
    points = workpoints.for_topic(topic)
    with tempfile.TemporaryDirectory(prefix="reportgen-trace-") as tmp:
        hits_file, status_file, log_file = Path(tmp, "hits.jsonl"), Path(tmp, "status.jsonl"), Path(tmp, "app.log")
        config = {
            "project": str(project), "app": app, "argv": command, "host": HOST, "port": port or 0,
            "points": [[p.name, f"{p.module}:{p.qualname}", list(p.file_suffixes)] for p in points],
            "hits": str(hits_file), "status": str(status_file),
        }
        Path(tmp, "config.json").write_text(json.dumps(config), "utf-8")
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1")
        what = app or " ".join(command or [])
        with open(log_file, "wb") as log:
            try:
                proc = subprocess.Popen([python or sys.executable, CHILD, str(Path(tmp, "config.json"))], cwd=project,
                                        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True, env=env)
            except OSError as exc:
                raise TraceError(f"cannot run the Python interpreter '{python or sys.executable}' ({exc.strerror})") from None
        windows: list[float] = []
        done: list[str] = []
        try:
            status = _wait_listening(proc, port, start_timeout, status_file, log_file, what)
            socketio = bool(status.get("socketio")) or normalize_name((package or "").split("==")[0]) in SOCKETIO_PACKAGES
            todo = list(requests) if requests is not None else default_requests(topic, socketio=socketio, path=path)
            todo += list(extra_requests)
            for req in todo:
                windows.append(time.monotonic())
                try:
                    answer = client.send(req, status["port"], timeout)
                except client.RequestFailed as exc:
                    _raise_if_crashed(proc, req, status_file, log_file, what)
                    hint = ("the server never answered: does the view block? --timeout waits longer"
                            if isinstance(exc, client.NoAnswer) else "is the path right? see --path and --request")
                    raise TraceError(f"{req.short()}: {exc}", hint=hint) from None
                if answer.startswith("HTTP 5"):
                    time.sleep(0.2)
                    _raise_if_crashed(proc, req, status_file, log_file, what)
                    last = _last_error_line(log_file)
                    raise TraceError(f"the app answered {answer} to {req.short()}" + (f": {last}" if last else ""))
                done.append(f"{req.describe()} ({answer})")
            time.sleep(0.3)  # let background threads (a WebSocket's reader) finish their step
            _raise_if_crashed(proc, None, status_file, log_file, what)
        finally:
            stop(proc)
        hits = _read_hits(hits_file)
    mapper = FrameMapper(project, python)
    trace = Trace(package=package, topic=topic, notes=notes, app=what,
                  recorded=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  python=mapper.python_version, requests=done)
    known = workpoints.by_name()
    seen: dict[tuple[str, int], set[tuple]] = {}
    for hit in hits:
        index = _window(windows, hit["t"])
        if index is None:
            continue
        paths = seen.setdefault((hit["point"], index), set())
        if len(paths) >= stacks:
            continue
        frames = mapper.frames(hit["frames"])
        path_key = tuple((f.file, f.function) for f in frames)
        if not frames or path_key in paths:
            continue
        paths.add(path_key)
        point = known.get(hit["point"])
        trace.points.append(Point(name=hit["point"], frames=frames, what=point.what if point else "", request=index))
    if not trace.points:
        raise TraceError(f"the requests reached none of the {workpoints.topic_key(topic) or 'known'} work points"
                         f" (sent: {'; '.join(done)})", hint="does the app use a library reportgen knows? see docs/trace.md")
    return trace


# --------------------------------------------------------------------------- the child
def _check_port_free(port: int) -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((HOST, port))
    except OSError:
        raise TraceError(f"port {port} on {HOST} is in use", hint="stop what listens there or pass another --port") from None
    finally:
        s.close()


def _status(status_file: Path) -> dict:
    """What the child said: its server (``serving``) and its first error, if any."""
    out: dict = {}
    try:
        lines = status_file.read_text("utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if data.get("event") == "error":
            out.setdefault("error", data)
        elif data.get("event") == "serving":
            out.update(data)
    return out


def _child_error(proc: subprocess.Popen, status_file: Path, log_file: Path, what: str) -> TraceError:
    err = _status(status_file).get("error")
    if err:
        loc = Location(err["file"], err.get("line")) if err.get("file") else None
        return TraceError(err["message"], loc)
    log = _tail(log_file)
    if "Address already in use" in log or "is in use by another program" in log:
        return TraceError(f"the port on {HOST} is in use", hint="stop what listens there or pass another --port")
    last = _last_error_line(log_file)
    return TraceError(f"'{what}' exited with code {proc.returncode} before listening" + (f": {last}" if last else ""))


def _wait_listening(proc, port, start_timeout, status_file, log_file, what) -> dict:
    deadline = time.monotonic() + start_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise _child_error(proc, status_file, log_file, what)
        ports = listening_ports(proc.pid)
        if port is not None and port in ports or port is None and ports:
            if port is None and len(ports) > 1:
                raise TraceError(f"'{what}' listens on several ports ({', '.join(map(str, sorted(ports)))})",
                                 hint="pass --port")
            status = _status(status_file)
            status["port"] = port if port is not None else next(iter(ports))
            return status
        time.sleep(0.05)
    raise TraceError(f"'{what}' did not start listening on {HOST} within {start_timeout:g} s",
                     hint="does it start a server? pass --port if it listens elsewhere")


def _raise_if_crashed(proc, req, status_file, log_file, what) -> None:
    try:
        proc.wait(timeout=0.3)
    except subprocess.TimeoutExpired:
        return
    last = _last_error_line(log_file)
    during = f" while answering {req.short()}" if req is not None else ""
    raise TraceError(f"the app exited with code {proc.returncode}{during}" + (f": {last}" if last else ""))


def _tail(log_file: Path, size: int = 8192) -> str:
    try:
        with open(log_file, "rb") as fh:
            fh.seek(max(0, os.path.getsize(log_file) - size))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _last_error_line(log_file: Path) -> str:
    """The last line of a Python traceback in the app's output (``ZeroDivisionError: ...``), or ""."""
    lines = [_ANSI.sub("", ln).strip() for ln in _tail(log_file).splitlines()]
    for ln in reversed(lines):
        head = ln.split(":", 1)[0]
        if ":" in ln and head.isidentifier() and head[0].isupper() and head.endswith(("Error", "Exception", "Exit", "Interrupt")):
            return ln[:200]
    return ""


def stop(proc: subprocess.Popen, grace: float = 3.0) -> None:
    """Stop the child and its whole process group; reap it.  Never raises."""
    pgid = proc.pid  # start_new_session: the child leads its own group
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        if not group_members(pgid):
            return
        if sig == signal.SIGTERM:  # the leader left; others of the group may not have
            end = time.monotonic() + grace
            while group_members(pgid) and time.monotonic() < end:
                time.sleep(0.05)
            if not group_members(pgid):
                return


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (from /proc; zombies excluded)."""
    out = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 2 and fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(entry))
    return out


def listening_ports(pid: int) -> set[int]:
    """TCP ports the process group led by ``pid`` listens on (Linux /proc)."""
    inodes = set()
    for member in group_members(pid) or [pid]:
        try:
            fds = os.listdir(f"/proc/{member}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink(f"/proc/{member}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    ports = set()
    if not inodes:
        return ports
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) > 9 and parts[3] == "0A" and parts[9] in inodes:
                ports.add(int(parts[1].rsplit(":", 1)[1], 16))
    return ports


def _read_hits(hits_file: Path) -> list[dict]:
    out = []
    try:
        text = hits_file.read_text("utf-8")
    except OSError:
        return out
    for line in text.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut by a crash
    return out


def _window(starts: list[float], t: float) -> int | None:
    """The request a hit belongs to: the last one started before it."""
    index = None
    for i, start in enumerate(starts):
        if t >= start:
            index = i
    return index
