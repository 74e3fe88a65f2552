"""Known code repositories: reportgen/data/repositories.yaml, read once on first use."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "repositories.yaml"


@lru_cache(maxsize=1)
def known() -> dict[str, dict[str, dict[str, Any]]]:
    """ecosystem -> normalised package name -> {"url": ..., "override": bool, "note": ...}."""
    from reportgen.knowledge.datafile import load_yaml
    from reportgen.model import normalize_name

    data = load_yaml(DATA) or {}
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for ecosystem, entries in data.items():
        table = out.setdefault(ecosystem, {})
        for name, entry in (entries or {}).items():
            if isinstance(entry, str):
                entry = {"url": entry}
            table[normalize_name(str(name), ecosystem)] = dict(entry)
    return out


def lookup(name: str, ecosystem: str = "pypi") -> dict[str, Any] | None:
    from reportgen.model import normalize_name

    return known().get(ecosystem, {}).get(normalize_name(name, ecosystem))
