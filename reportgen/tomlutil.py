"""TOML reading with errors that name the file, line and column."""

from __future__ import annotations

import re
from typing import Any

from reportgen.errors import InputError, Location

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

TOMLDecodeError = tomllib.TOMLDecodeError


def error_position(exc: Exception, text: str) -> tuple[int | None, int | None, str]:
    """(line, column, message) of a TOML syntax error, from tomllib's exception."""
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    msg = getattr(exc, "msg", None)
    if line is not None and msg is not None:
        return line, col, msg
    message = str(exc)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if match:
        return int(match.group(1)), int(match.group(2)), message[: match.start()]
    match = re.search(r"\s*\(at end of document\)\s*$", message)
    if match:
        lines = text.splitlines() or [""]
        return len(lines), len(lines[-1]) + 1, message[: match.start()] + " at end of document"
    return None, None, message


def loads(text: str, path: str, error: type[InputError] = InputError, hint: str = "fix the TOML syntax") -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes ``error`` located at its line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col, msg = error_position(exc, text)
        msg = msg[:1].lower() + msg[1:]
        raise error(f"TOML syntax error: {msg}", Location(path, line, col), hint) from None
