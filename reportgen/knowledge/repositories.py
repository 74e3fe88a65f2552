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


RENAMES = Path(__file__).resolve().parent.parent / "data" / "repository_renames.yaml"


@lru_cache(maxsize=1)
def renames() -> dict[str, dict[str, str]]:
    """former owner/repo (lower case) -> {"to": current owner/repo, "date": ..., "source": ...}
    (reportgen/data/repository_renames.yaml)."""
    from reportgen.knowledge.datafile import load_yaml

    data = load_yaml(RENAMES) or {}
    return {str(old).lower(): {k: str(v) for k, v in entry.items()} for old, entry in data.items()}


def current_slug(slug: str) -> str:
    """The current owner/repo (lower case) of a GitHub repository that may have moved; ``slug`` itself
    when it is not a known former name.  Follows a chain of moves."""
    slug = slug.lower()
    seen = {slug}
    table = renames()
    while slug in table:
        slug = table[slug]["to"].lower()
        if slug in seen:  # a loop in the data: stop rather than spin
            break
        seen.add(slug)
    return slug
