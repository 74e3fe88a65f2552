"""License compatibility of a dependency with the project's own license, from a data table.

The table is ``reportgen/data/compatibility.yaml`` (its header names its
sources and how it is read).  :func:`compatibility` answers for one dependency
license (a plain id or ``ID WITH EXCEPTION``) against one project license, for
the way the project ships: ``distributed`` or ``network-service``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "compatibility.yaml"

#: Verdicts from best to worst; a verdict's index is its rank.
VERDICTS = ("compatible", "conditional", "review", "incompatible")


@dataclass(frozen=True)
class Compatibility:
    verdict: str  # compatible | conditional | review | incompatible
    reason: str
    dependency: str
    project: str
    mode: str
    sources: tuple[str, ...] = ()
    rule: int = -1  # index of the rule in the table

    @property
    def rank(self) -> int:
        return VERDICTS.index(self.verdict)

    @property
    def fails(self) -> bool:
        return self.verdict == "incompatible"


@dataclass(frozen=True)
class _Rule:
    project: tuple[str, ...]
    dependency: tuple[str, ...]
    mode: str | None
    verdict: str
    reason: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    rules: tuple[_Rule, ...]
    modes: dict[str, str]
    sources: dict[str, str]


def _read(path: Path) -> dict[str, Any]:
    from reportgen.knowledge.datafile import load_yaml

    return load_yaml(path)


def _build(data: dict[str, Any], where: str) -> Table:
    rules = []
    for entry in data["rules"]:
        verdict = entry["verdict"]
        if verdict not in VERDICTS:
            raise ValueError(f"{where}: unknown verdict {verdict!r}")
        rules.append(
            _Rule(
                project=tuple(entry["project"]),
                dependency=tuple(entry["dependency"]),
                mode=entry.get("mode"),
                verdict=verdict,
                reason=entry["reason"],
                sources=tuple(data["sources"][s] for s in entry.get("sources", ())),
            )
        )
    return Table(tuple(rules), dict(data["modes"]), dict(data["sources"]))


def _load(path: Path) -> Table:
    return _build(_read(path), str(path))


@lru_cache(maxsize=1)
def table() -> Table:
    """The compatibility table shipped with reportgen (parsed once per process)."""
    return _load(DATA)


def _matches(selectors: tuple[str, ...], license_id: str, category: str, other: str | None = None) -> bool:
    for sel in selectors:
        if sel == "any":
            return True
        if sel == "same":
            if other is not None and license_id.lower() == other.lower():
                return True
            continue
        if sel.startswith("category:"):
            if sel[len("category:"):] == category:
                return True
            continue
        if fnmatch.fnmatchcase(license_id.lower(), sel.lower()):
            return True
    return False


def article(word: str) -> str:
    """'a' or 'an' before a license id, read aloud ("an MIT", "an Apache-2.0", "a GPL-3.0")."""
    if not word:
        return "a"
    first = word[0].upper()
    acronym = len(word) > 1 and (word[1].isupper() or word[1].isdigit())
    if first in "AEIOU" or (acronym and first in "FHLMNRSX"):
        return "an"
    return "a"


def compatibility(
    dependency: str,
    dependency_category: str,
    project: str,
    project_category: str,
    mode: str,
    *,
    dependency_short: str | None = None,
) -> Compatibility | None:
    """The first matching verdict of the table, or None when no rule covers the pair.

    ``dependency`` is a plain SPDX id or ``ID WITH EXCEPTION`` (then
    ``dependency_category`` is the category the exception gives);
    ``project`` is one plain SPDX id of the project's license.
    """
    tab = table()
    for index, rule in enumerate(tab.rules):
        if rule.mode is not None and rule.mode != mode:
            continue
        if not _matches(rule.project, project, project_category):
            continue
        if not _matches(rule.dependency, dependency, dependency_category, other=project):
            continue
        reason = rule.reason.format(
            dep=dependency,
            dep_short=dependency_short or dependency,
            project=project,
            a_project=f"{article(project)} {project}",
            mode=tab.modes.get(mode, mode),
            category=dependency_category,
        )
        return Compatibility(rule.verdict, reason, dependency, project, mode, rule.sources, index)
    return None
