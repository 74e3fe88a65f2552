"""A recorded trace -> the chain of calls a report explains.

Each work point of a trace holds the whole Python stack, outermost first.  The
chain keeps the part of it the report is about: from the first frame of the
library named by the notes (or the app's own call into it, when the app's frame
is right above it) down to the innermost frame, the work.  Plumbing is left out
(standard-library helpers such as ``threading``, ``contextlib`` and
``functools``, comprehensions, and decorator wrappers that only pass their
arguments on; the list is ``reportgen/data/trace.yaml``).  The points are merged
into one chain, each function once, in the order the stacks give.

Every step is ``{"link", "symbol", "text": "TODO"}``: the frame's permalink (the
function's lines at the installed version's tag, or at the commit a VCS install
was built from), the function's qualified name, and a placeholder for the
student's own words.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from reportgen.model import normalize_name
from reportgen.trace.model import Frame, Trace

TODO = "TODO"


@lru_cache(maxsize=1)
def _data() -> dict:
    from reportgen.knowledge.datafile import DATA, load_yaml

    return load_yaml(DATA / "trace.yaml")


def symbol_of(frame: Frame) -> str:
    """The frame's function as notes (and ``ast``) name it: ``Sock.route.decorator.websocket_route``."""
    return frame.function.replace(".<locals>", "")


def frame_key(frame: Frame) -> tuple[str, str, str]:
    """What makes two frames the same step: the same function of the same file."""
    return (frame.root, frame.file, frame.function)


# ------------------------------------------------------------------ noise
def _stdlib_noise(file: str) -> bool:
    for entry in _data()["noise"]["stdlib_files"]:
        if file == entry or (entry.endswith("/") and file.startswith(entry)):
            return True
    return False


def source_file(frame: Frame, python: str | None = None) -> Path | None:
    """The installed file a frame ran, when this machine has that version (else None)."""
    from reportgen.lint import source

    if frame.root == "stdlib":
        interp = source.interpreter(python)
        if frame.version and frame.version != interp.version_text:
            return None
        path = Path(interp.stdlib) / frame.file
    elif frame.root == "site-packages" and frame.distribution:
        dist = source.find_distribution(frame.distribution, python)
        if dist is None or (frame.version and dist.version != frame.version):
            return None
        path = dist.root / frame.file
    else:
        return None
    return path if path.is_file() else None


@lru_cache(maxsize=256)
def _functions(path: Path) -> dict[int, ast.AST]:
    """def line -> function node, for one source file."""
    try:
        tree = ast.parse(path.read_text("utf-8", "replace"))
    except (OSError, SyntaxError, ValueError):
        return {}
    return {n.lineno: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _passes_arguments_on(node: ast.AST) -> bool:
    """True for a call that hands on ``*args`` / ``**kwargs``."""
    return isinstance(node, ast.Call) and (
        any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords)
    )


def is_wrapper(frame: Frame, python: str | None = None) -> bool:
    """A decorator wrapper: a function of ``*args, **kwargs`` whose body only calls on with them.

    ``functools.wraps``-style wrappers (``def wrapper(*a, **kw): return f(*a, **kw)``, perhaps
    inside one ``with``/``try``) add nothing to the chain; a wrapper that does work of its own
    (flask-sock's ``websocket_route`` builds the WebSocket server) is a step.
    """
    path = source_file(frame, python)
    node = _functions(path).get(frame.first) if path is not None else None
    if node is None or not (node.args.vararg or node.args.kwarg):
        return False
    body = list(node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    while len(body) == 1 and isinstance(body[0], (ast.With, ast.Try)):
        body = list(body[0].body)
    if len(body) != 1 or not isinstance(body[0], (ast.Return, ast.Expr)):
        return False
    value = body[0].value
    if isinstance(value, ast.Await):
        value = value.value
    return _passes_arguments_on(value)


def is_noise(frame: Frame, python: str | None = None) -> bool:
    """Plumbing that is never a step of its own (see ``reportgen/data/trace.yaml``)."""
    if frame.function.rsplit(".", 1)[-1] in _data()["noise"]["functions"]:
        return True
    if frame.root == "stdlib" and _stdlib_noise(frame.file):
        return True
    return frame.root != "app" and is_wrapper(frame, python)


# ------------------------------------------------------------------ links
def frame_link(frame: Frame, python: str | None = None) -> str | None:
    """The frame's permalink: its own ``link`` (the recorder's), else made the way the recorder
    makes them (:mod:`reportgen.trace.frames`) from this machine's install of that version, or None."""
    if frame.link:
        return frame.link
    from reportgen.lint import source
    from reportgen.trace.frames import link_for  # the recorder's: one way to make links

    if frame.root == "stdlib" and frame.version:
        if frame.version != source.interpreter(python).version_text:
            return f"https://github.com/python/cpython/blob/v{frame.version}/Lib/{frame.file}#L{frame.first}-L{frame.last}"
        return link_for(Path(source.interpreter(python).stdlib) / frame.file, None, frame.first, frame.last, python)
    if frame.root != "site-packages" or not frame.distribution:
        return None
    dist = source.find_distribution(frame.distribution, python)
    if dist is None or (frame.version and dist.version != frame.version):
        return None
    return link_for(dist.root / frame.file, dist.dist_info, frame.first, frame.last, python)


def placeholder_link(frame: Frame) -> str:
    """What a step says when no permalink can be made (the app's own code, an unknown repository)."""
    where = frame.file if frame.root == "app" else f"{frame.distribution or frame.root} {frame.version or ''}".strip()
    if frame.root != "app":
        where += f" {frame.file}"
    return f"TODO: permalink to {where} lines {frame.first}-{frame.last}"


# ------------------------------------------------------------------ selection
def _package_name(package: str | None) -> str | None:
    if not package:
        return None
    from reportgen.lint.base import parse_package

    name = parse_package(package)[0]
    return normalize_name(name) if name else None


def _start(frames: list[Frame], package: str | None, python: str | None) -> int:
    """Index of the first frame of the chain in one point's stack."""
    if package is not None:
        for i, frame in enumerate(frames):
            if frame.distribution and normalize_name(frame.distribution) == package:
                return i - 1 if i > 0 and frames[i - 1].root == "app" and not is_noise(frames[i - 1], python) else i
    if package is None:
        for i, frame in enumerate(frames):
            if frame.root == "app" and not is_noise(frame, python):
                return i
    # the library is not on this stack (a thread it started): from the first frame that is not plumbing
    return next((i for i, f in enumerate(frames) if not is_noise(f, python)), max(len(frames) - 1, 0))


def select_frames(trace: Trace, package: str | None = None, python: str | None = None) -> list[Frame]:
    """The frames of the chain, each function once: the first point's, then what each later point adds.

    Points are in the order they were reached, so the chain tells the story in that order
    (the handshake, then reading a frame, then the reply); a function already in the chain
    is not repeated when a later point passes through it again.
    """
    wanted = _package_name(package) or _package_name(trace.package)
    chain: list[Frame] = []
    seen: set[tuple] = set()
    for point in trace.points:
        frames = point.frames
        if not frames:
            continue
        start = _start(frames, wanted, python)
        for frame in [f for f in frames[start:-1] if not is_noise(f, python)] + [frames[-1]]:
            if frame_key(frame) not in seen:
                seen.add(frame_key(frame))
                chain.append(frame)
    return chain


def chain_from_trace(trace: Trace, package: str | None, topic: str | None, *, python: str | None = None) -> list[dict]:
    """The chain steps of a trace: ``[{"link", "symbol", "text": "TODO"}, ...]``.

    ``package`` is the notes' ``package:`` (``flask-sock``, ``flask-sock==0.7.0`` or a purl;
    None: the trace's own).  ``topic`` is the notes' topic: a trace recorded for another
    topic raises :class:`reportgen.errors.InputError` rather than fill the chain with the
    wrong calls.
    """
    # notes may name several topics ("TCP, WebSockets"): the trace must be of one of them
    if topic and trace.topic and _topic_key(trace.topic) not in {_topic_key(t) for t in topic.split(",") if t.strip()}:
        from reportgen.errors import InputError

        raise InputError(f"the trace was recorded for the topic '{trace.topic}', the notes are about '{topic}'",
                         hint=f"record it again for '{topic}'")
    steps = []
    for frame in select_frames(trace, package, python):
        link = frame_link(frame, python) or placeholder_link(frame)
        steps.append({"link": link, "symbol": symbol_of(frame), "text": TODO})
    return steps


def _topic_key(topic: str) -> str:
    from reportgen.project.ranking import normalize_topic

    return normalize_topic(topic)


__all__ = ["TODO", "chain_from_trace", "frame_key", "frame_link", "is_noise", "is_wrapper", "select_frames", "symbol_of"]
