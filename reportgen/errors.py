"""Errors that reach the user as one line, never as a traceback.

Every error that comes from bad input carries where it is (file, line, column)
and what to do about it.  The CLI prints ``str(error)`` and exits with
``error.exit_code``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Location:
    path: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(str(self.column if self.column is not None else 1))
        return ":".join(parts)


class ReportgenError(Exception):
    """Base class of every error reportgen reports to the user."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text = f"{text} ({self.hint})"
        if self.location is not None:
            return f"{self.location}: {text}"
        return text


class InputError(ReportgenError):
    """A file the user gave us is missing, unreadable or malformed."""


class NotesError(InputError):
    """The notes file does not follow the notes format."""


class NotesSchemaError(NotesError):
    """One place where the notes break the notes format; ``field`` is its path, e.g. ``sections[0].chain[2].link``."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None, field: str = ""):
        super().__init__(message, location, hint)
        self.field = field


class TemplateError(InputError):
    """A report template cannot be found, read or rendered."""


class SourceError(InputError):
    """A dependency source (requirements, lock file, environment ...) cannot be read."""


class NetworkError(ReportgenError):
    """Something opt-in needed the network and did not get it."""
