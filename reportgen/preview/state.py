"""One notes file as the preview shows it: its report with the lint findings in place, or its error."""

from __future__ import annotations

import hashlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import ReportgenError


@dataclass
class FileState:
    key: str  # the page's address: /report/<key>
    path: Path
    display: str
    version: int = 0
    title: str = ""
    body: str = ""  # the report's HTML with the findings in place (the last good one while there is an error)
    error: str | None = None  # the one-line error when the notes do not load or render
    findings: list = field(default_factory=list)
    seconds: float = 0.0  # how long the last rebuild took
    digest: bytes | None = None  # hash of the bytes last built (a save that changes nothing is not rebuilt)

    def payload(self, body: bool = True) -> dict:
        """What a page needs to redraw (sent as one server-sent event); the index needs no ``body``."""
        data = {"key": self.key, "display": self.display, "version": self.version, "title": self.title,
                "error": self.error, "count": len(self.findings), "ms": round(self.seconds * 1000, 1)}
        if body:
            data["body"] = self.body
        return data


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def unchanged(state: FileState) -> bool:
    """True when the file holds the very bytes it held at the last build."""
    return state.version > 0 and _digest(state.path) == state.digest


def rebuild(state: FileState, config) -> FileState:
    """Lint and render ``state.path`` again (offline, as ``reportgen lint`` and ``build --format html`` do)."""
    from reportgen.cli.build import prepare_one
    from reportgen.lint import lint
    from reportgen.preview.markers import annotator
    from reportgen.render.html import to_html_fragment

    start = time.perf_counter()
    state.digest = _digest(state.path)
    findings: list = []
    error = None
    try:
        try:
            findings = lint([state.path], select=config.select or None, ignore=config.ignore or None, online=False,
                            per_file_ignores=config.per_file_ignores).findings
        except ReportgenError:  # the file is gone or unreadable: the load below says so
            pass
        prepared = prepare_one(state.path, ["md"], None, False)
        if prepared.error is not None:
            raise prepared.error
        state.body = to_html_fragment(prepared.markdown_text, annotate=annotator(prepared.notes, findings))
        state.title = prepared.notes.technology
    except ReportgenError as exc:
        error = str(exc) if exc.location is not None else f"{state.display}: {exc}"
    except Exception as exc:  # a bug in reportgen: say so in the page, keep serving, and leave the details
        traceback.print_exc()
        error = f"{state.display}: reportgen failed to build this report ({type(exc).__name__}: {exc}); please report it"
    state.error = error
    state.findings = findings
    state.version += 1
    state.seconds = time.perf_counter() - start
    return state
