"""The interface every dependency source implements, and small shared helpers.

A *source* is one file (or folder) that says which dependencies a project has:
a requirements file, a lock file, an installed environment, a compose file...
Each format is one module in this package with one :class:`DependencySource`
subclass; ``reportgen.sources`` maps file names to those classes.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from reportgen.errors import Location, SourceError
from reportgen.model import Dependency


class DependencySource(ABC):
    """One place dependencies are read from.

    Subclasses set ``name`` (the format, e.g. ``"requirements.txt"``),
    ``patterns`` (file-name globs that :func:`reportgen.sources.detect` and
    :func:`reportgen.sources.for_file` recognise) and ``priority`` (lower wins
    when several sources disagree: installed > locked > declared).
    """

    name: ClassVar[str] = "source"
    patterns: ClassVar[tuple[str, ...]] = ()
    ecosystem: ClassVar[str] = "pypi"
    priority: ClassVar[int] = 50
    #: True for sources that only declare (no exact versions): manifests.
    declarative: ClassVar[bool] = False

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @abstractmethod
    def collect(self) -> Iterator[Dependency]:
        """Yield the dependencies this source lists."""

    # helpers -----------------------------------------------------------------
    def error(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        path: str | Path | None = None,
    ) -> SourceError:
        """A one-line :class:`SourceError` located in this source's file."""
        return SourceError(message, Location(str(path or self.path), line, column), hint)

    def read_text(self, path: Path | None = None) -> str:
        target = path or self.path
        try:
            return target.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SourceError("file not found", Location(str(target)), "check the path") from None
        except IsADirectoryError:
            raise SourceError("is a folder, expected a file", Location(str(target))) from None
        except UnicodeDecodeError as exc:
            raise SourceError(f"not UTF-8 text ({exc.reason})", Location(str(target))) from None
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", Location(str(target))) from None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"


_GROUP_WORDS = (
    ("dev", re.compile(r"(^|[^a-z])(dev|develop|development|lint)([^a-z]|$)")),
    ("test", re.compile(r"(^|[^a-z])(test|tests|testing|ci)([^a-z]|$)")),
    ("docs", re.compile(r"(^|[^a-z])(doc|docs|documentation)([^a-z]|$)")),
)


def group_from_word(word: str) -> str | None:
    """``dev``/``test``/``docs`` when a file or group name says so, else None."""
    lowered = word.lower()
    for group, pattern in _GROUP_WORDS:
        if pattern.search(lowered):
            return group
    return None


def named_group(name: str) -> str:
    """The reportgen group for a named dependency group (PEP 735, Poetry, uv)."""
    return group_from_word(name) or f"group:{name}"


def load_toml(source: DependencySource) -> dict:
    """Parse the source's file as TOML; a syntax error becomes a located SourceError."""
    from reportgen.tomlutil import TOMLDecodeError, error_position, tomllib

    text = source.read_text()
    try:
        return tomllib.loads(text)
    except TOMLDecodeError as exc:
        line, col, msg = error_position(exc, text)
        raise source.error(f"TOML syntax error: {msg[:1].lower() + msg[1:]}", line, col) from None


def find_line(text: str, needle: str, start: int = 0) -> tuple[int | None, int | None]:
    """(line, column) of the first ``needle`` in ``text`` (1-based), or (None, None)."""
    index = text.find(needle, start)
    if index < 0:
        return None, None
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def assign_groups(roots: dict[str, list[str]], graph: dict[str, list[str]]) -> dict[str, str]:
    """Give every package reachable from a group's roots that group.

    ``roots`` maps a group to the names the project lists in it, ``graph`` a
    name to the names it requires.  ``runtime`` is walked first, then
    ``optional:*``, then the rest in the given order: a package needed at run
    time stays ``runtime`` even when a dev tool needs it too.
    """

    def rank(group: str) -> int:
        return 0 if group == "runtime" else 1 if group.startswith("optional:") else 2

    result: dict[str, str] = {}
    for group in sorted(roots, key=rank):
        stack = list(roots[group])
        while stack:
            name = stack.pop()
            if name in result:
                continue
            result[name] = group
            stack.extend(graph.get(name, ()))
    return result
