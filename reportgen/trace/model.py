"""The recorded trace: what ``reportgen trace`` saves next to the notes, and what lint and build read.

File: ``<notes stem>.trace.yaml`` beside the notes file (``reports/flask-sock.yaml`` ->
``reports/flask-sock.trace.yaml``), plain YAML, meant to be read by a person::

    # reportgen trace: recorded stacks at the library's work points (do not edit by hand)
    format: 1
    notes: flask-sock.yaml
    package: flask-sock==0.7.0
    topic: WebSockets
    recorded: '2026-12-04T18:00:00Z'
    app: app:app                       # what was run (import path or command)
    python: 3.11.7
    requests:                          # what reportgen sent
    - WebSocket upgrade GET /ws, one masked text frame each way
    points:                            # one entry per work point reached
    - name: wsproto.handshake.accept   # the work point's id in the work-points data file
      what: computes Sec-WebSocket-Accept
      request: 0                       # index into requests
      frames:                          # outermost first, innermost (the work) last
      - file: werkzeug/serving.py      # path relative to site-packages / the stdlib folder
        root: site-packages            # site-packages | stdlib | app
        distribution: werkzeug         # None for stdlib and the app
        version: 3.1.8                 # distribution version, or the Python version for stdlib
        function: WSGIRequestHandler.run_wsgi   # qualified name (co_qualname on 3.11+)
        line: 322                      # the line executing in this frame (the call site)
        first: 245                     # the function's first line (def, decorators excluded)
        last: 380                      # the function's last line
        link: https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L245-L380
                                       # permalink to the function at the installed version, or None

Frames of the app itself have ``root: app`` and ``file`` relative to the project folder.
Only frames that matter are kept (library, stdlib networking code, the app), not every
call: the recorder drops frames of reportgen itself, of the tracer and of import machinery.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT = 1
SUFFIX = ".trace.yaml"
HEADER = "# reportgen trace: recorded stacks at the library's work points (do not edit by hand)\n"


@dataclass
class Frame:
    file: str
    root: str  # site-packages | stdlib | app
    function: str
    line: int
    first: int
    last: int
    distribution: str | None = None
    version: str | None = None
    link: str | None = None


@dataclass
class Point:
    name: str
    frames: list[Frame] = field(default_factory=list)
    what: str = ""
    request: int | None = None


@dataclass
class Trace:
    package: str | None = None
    topic: str | None = None
    notes: str | None = None
    recorded: str | None = None
    app: str | None = None
    python: str | None = None
    requests: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    format: int = FORMAT

    def to_dict(self) -> dict:
        data = asdict(self)
        order = ["format", "notes", "package", "topic", "recorded", "app", "python", "requests", "points"]
        return {k: data[k] for k in order}

    @classmethod
    def from_dict(cls, data: dict) -> "Trace":
        points = []
        for p in data.get("points") or []:
            frames = [Frame(**f) for f in (p.get("frames") or [])]
            points.append(Point(name=p["name"], frames=frames, what=p.get("what") or "", request=p.get("request")))
        fields = {k: data.get(k) for k in ("package", "topic", "notes", "recorded", "app", "python")}
        return cls(requests=list(data.get("requests") or []), points=points, format=data.get("format", FORMAT), **fields)


def trace_path(notes_path: str | Path) -> Path:
    """Where the trace of a notes file lives: ``x.yaml`` -> ``x.trace.yaml`` beside it."""
    p = Path(notes_path)
    stem = p.name
    for ext in (".yaml", ".yml"):
        if stem.endswith(ext):
            stem = stem[: -len(ext)]
            break
    return p.with_name(stem + SUFFIX)


def load_beside(notes_path: str | Path) -> "Trace | None":
    """The trace saved beside a notes file (:func:`trace_path`), or None when there is none.

    A trace file that cannot be read raises :class:`reportgen.errors.InputError`, as :func:`load`.
    """
    path = trace_path(notes_path)
    return load(path) if path.is_file() else None


def dump(trace: Trace, path: str | Path) -> None:
    """Write a trace file atomically (YAML, block style, keys in a fixed order)."""
    import yaml

    from reportgen.fsutil import atomic_write

    text = HEADER + yaml.safe_dump(trace.to_dict(), sort_keys=False, default_flow_style=False, allow_unicode=True, width=100)
    atomic_write(Path(path), text)


def load(path: str | Path) -> Trace:
    """Read a trace file; a broken one raises :class:`reportgen.errors.InputError` naming the file."""
    import yaml

    from reportgen.errors import InputError

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"{p}: cannot read trace ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{p}:{mark.line + 1}:{mark.column + 1}" if mark else str(p)
        raise InputError(f"{where}: not a valid trace file; record it again with 'reportgen trace'") from None
    if not isinstance(data, dict) or "points" not in data:
        raise InputError(f"{p}:1:1: not a reportgen trace file; record it again with 'reportgen trace'")
    try:
        return Trace.from_dict(data)
    except (TypeError, KeyError) as exc:
        raise InputError(f"{p}:1:1: trace file has an unexpected shape ({exc}); record it again with 'reportgen trace'") from None
