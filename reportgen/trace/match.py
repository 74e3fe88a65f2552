"""Which written chain steps a recorded trace passed through (shared by lint RG111 and build).

A step matches a traced frame when its link names the frame's file (the
repository path ends with the installed path: ``src/werkzeug/serving.py`` and
``werkzeug/serving.py``) in the frame's repository and

* at the same ref (the tag or commit of the traced version), its lines overlap
  the function's lines (``first``..``last``), or, without lines, its ``symbol``
  names the function;
* at another ref (another version), its ``symbol`` names the function: line
  numbers move between versions, names rarely do.  Such a match says so.

A link at another ref without a ``symbol`` cannot be judged (``Verdict.unsure``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from reportgen.lint import links as _links
from reportgen.trace.chain import frame_key, frame_link, symbol_of
from reportgen.trace.model import Frame, Trace


@dataclass
class TracedFrame:
    frame: Frame
    link: _links.Link | None  # the frame's permalink taken apart (None: not known, e.g. the app's own code)

    @property
    def key(self):
        return frame_key(self.frame)


@dataclass
class Verdict:
    """What the trace says about one step."""

    frame: TracedFrame | None = None  # the traced frame the step is (None: not matched)
    checked: bool = False  # False: the trace cannot say (another repository, not Python ...)
    unsure: str | None = None  # why a step in a traced file could not be judged
    note: str | None = None  # how a match was made when the versions differ
    other_ref: str | None = None  # the link's ref, when it is not the traced version's (matched by symbol)
    why: str | None = None  # why the trace does not check the step

    @property
    def confirmed(self) -> bool:
        return self.frame is not None


def _same_symbol(symbol: str, frame: Frame) -> bool:
    want = symbol.strip().rstrip("()").strip()
    have = symbol_of(frame)
    return bool(want) and (have == want or have.endswith("." + want) or want.endswith("." + have))


def _same_file(link: _links.Link, traced: TracedFrame) -> bool:
    path, file = link.path or "", traced.frame.file
    if traced.link is not None and traced.link.path == path:
        return True
    return path == file or path.endswith("/" + file)


@dataclass
class TraceIndex:
    """The frames of a trace, ready for matching steps against."""

    trace: Trace
    python: str | None = None
    frames: list[TracedFrame] = field(default_factory=list)

    def __post_init__(self) -> None:
        seen: dict = {}
        for point in self.trace.points:
            for frame in point.frames:
                key = frame_key(frame)
                if key not in seen:
                    url = frame_link(frame, self.python)
                    seen[key] = TracedFrame(frame, _links.parse(url) if url else None)
        self.frames = list(seen.values())

    @cached_property
    def slugs(self) -> set[str]:
        """Repositories some traced frame belongs to."""
        return {t.link.slug for t in self.frames if t.link is not None and t.link.slug}

    def positions(self, frame: TracedFrame) -> dict[int, int]:
        """point index -> the frame's depth in that point's stack (0: outermost)."""
        out = {}
        for p, point in enumerate(self.trace.points):
            for depth, other in enumerate(point.frames):
                if frame_key(other) == frame.key:
                    out[p] = depth
                    break
        return out

    def verdict(self, link: _links.Link, symbol: str | None) -> Verdict:
        """Whether the trace passed through the code a step's link (and symbol) names."""
        if link.kind not in ("blob", "raw") or not link.path:
            return Verdict(why="not a file link")
        if not link.path.endswith(".py"):
            return Verdict(why="not Python code: the trace records only Python frames")
        in_repo = [t for t in self.frames if t.link is not None and t.link.slug == link.slug]
        app = [t for t in self.frames if t.frame.root == "app" and _same_file(link, t)]
        if not in_repo and not app:
            return Verdict(why=f"no traced frame is in {link.slug or link.host}")
        candidates = [t for t in in_repo + app if _same_file(link, t)]
        for traced in candidates:
            same_ref = traced.link is None or traced.link.ref == link.ref
            if same_ref and link.start is not None:
                start, end = sorted(link.lines)
                if start <= traced.frame.last and traced.frame.first <= end:
                    return Verdict(traced, checked=True)
            elif same_ref and symbol and _same_symbol(symbol, traced.frame):
                return Verdict(traced, checked=True)
        other_ref = [t for t in candidates if t.link is not None and t.link.ref != link.ref]
        if other_ref:
            traced = other_ref[0]
            version = f"{traced.frame.distribution or 'Python'} {traced.frame.version}"
            if not symbol:
                return Verdict(checked=True, unsure=(f"the link is at {link.ref} and the trace recorded {version}; "
                                                     "add the step's symbol to compare by name"))
            note = f"the link is at {link.ref}, the trace recorded {version}: compared by file and symbol"
            for t in other_ref:
                if _same_symbol(symbol, t.frame):
                    return Verdict(t, checked=True, note=note, other_ref=link.ref)
            return Verdict(checked=True, note=note)
        return Verdict(checked=True)


def label(trace: Trace) -> str:
    """``recorded 2026-12-04, flask-sock 0.7.0``: what a confirmation names."""
    from reportgen.lint.base import parse_package

    parts = []
    if trace.recorded:
        parts.append(f"recorded {str(trace.recorded)[:10]}")
    if trace.package:
        name, version = parse_package(str(trace.package))
        parts.append(f"{name} {version}" if version else str(name))
    return ", ".join(parts)


def confirmations(notes, trace: Trace, python: str | None = None) -> dict[tuple[int, int], Verdict]:
    """(section, step) -> the verdict of each chain step the trace passed through."""
    index = TraceIndex(trace, python)
    out = {}
    for _path, si, ci, step in notes.steps():
        verdict = index.verdict(_links.parse(step.link or ""), step.symbol)
        if verdict.confirmed:
            out[(si, ci)] = verdict
    return out


__all__ = ["TraceIndex", "TracedFrame", "Verdict", "confirmations", "label"]
