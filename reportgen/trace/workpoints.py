"""The work points of ``reportgen trace``: where each library does the work a topic is about.

The facts live in ``reportgen/data/trace-workpoints.yaml``; this module reads them and picks
the points of one topic.  A point's id (``WorkPoint.name``, the ``name`` of a recorded
:class:`reportgen.trace.model.Point`) is its dotted module and qualified function name,
``wsproto.handshake.H11Handshake._accept``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DATA_FILE = "trace-workpoints.yaml"
TOPICS = ("tcp", "http-headers", "websockets")


@dataclass(frozen=True)
class WorkPoint:
    library: str  # distribution name, "python" for the standard library
    module: str
    qualname: str
    topics: tuple[str, ...]
    what: str
    versions: str = ""  # PEP 440 specifier: the library releases that have this function

    @property
    def name(self) -> str:
        return f"{self.module}.{self.qualname}"

    @property
    def file_suffixes(self) -> tuple[str, str]:
        """How the defining file's path ends: ``wsproto/handshake.py`` or ``.../__init__.py``."""
        base = self.module.replace(".", "/")
        return (f"/{base}.py", f"/{base}/__init__.py")


def topic_key(topic: str | None) -> str | None:
    """``"HTTP headers"`` -> ``"http-headers"``; ``"WebSocket"`` -> ``"websockets"``."""
    if not topic:
        return None
    key = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")
    if key.startswith("websocket"):
        return "websockets"
    if key in ("http-header", "headers", "http"):
        return "http-headers"
    if key.startswith("tcp"):
        return "tcp"
    return key


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[WorkPoint, ...], tuple[str, ...]]:
    from reportgen.knowledge.datafile import DATA, load_yaml

    data = load_yaml(DATA / DATA_FILE)
    points = []
    for library, entries in data["libraries"].items():
        for entry in entries:
            module, _, qualname = entry["function"].partition(":")
            points.append(WorkPoint(library, module, qualname, tuple(entry["topics"]), entry["what"],
                                    entry.get("versions", "")))
    return tuple(points), tuple(data["stdlib"])


def all_points() -> tuple[WorkPoint, ...]:
    return _load()[0]


def stdlib_modules() -> tuple[str, ...]:
    """Top-level standard-library modules whose frames a trace keeps."""
    return _load()[1]


def for_topic(topic: str | None) -> list[WorkPoint]:
    """The work points of a topic (every point when the topic is not one reportgen knows)."""
    key = topic_key(topic)
    chosen = [p for p in all_points() if key in p.topics]
    return chosen or list(all_points())


def by_name() -> dict[str, WorkPoint]:
    return {p.name: p for p in all_points()}
