"""``[tool.reportgen.lint]`` in pyproject.toml, found from the current folder upwards.

Keys: ``select`` and ``ignore`` (lists of codes, code prefixes or rule names),
``per-file-ignores`` (a table: glob -> list of codes), ``online`` (bool).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import InputError, Location


@dataclass
class LintConfig:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    online: bool = False
    path: str | None = None


_KEYS = {"select", "ignore", "per-file-ignores", "online"}


def find_pyproject(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> LintConfig:
    path = find_pyproject(start)
    if path is None:
        return LintConfig()
    from reportgen.tomlutil import loads

    data = loads(path.read_text("utf-8"), str(path))
    section = data.get("tool", {}).get("reportgen", {}).get("lint")
    if section is None:
        return LintConfig(path=str(path))
    where = Location(str(path))
    if not isinstance(section, dict):
        raise InputError("[tool.reportgen.lint] must be a table", where)
    unknown = set(section) - _KEYS
    if unknown:
        raise InputError(f"unknown key '{sorted(unknown)[0]}' in [tool.reportgen.lint]", where,
                         "known keys: " + ", ".join(sorted(_KEYS)))

    def codes(key):
        value = section.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"'{key}' in [tool.reportgen.lint] must be a list of rule codes or names", where)
        return value

    pfi = section.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise InputError("'per-file-ignores' in [tool.reportgen.lint] must be a table of glob = [codes]", where)
    online = section.get("online", False)
    if not isinstance(online, bool):
        raise InputError("'online' in [tool.reportgen.lint] must be true or false", where)
    return LintConfig(codes("select"), codes("ignore"),
                      {k: ([v] if isinstance(v, str) else list(v)) for k, v in pfi.items()}, online, str(path))
