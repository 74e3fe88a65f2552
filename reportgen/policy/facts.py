"""The few license facts the policy gate needs.

Evaluating a policy needs, per license id, only its kind, category and short
name (and for an exception, the category it gives).  They come from
:func:`reportgen.knowledge.kb.license_facts` and are remembered for the life of
the process; nothing is kept on disk (the knowledge base reads its data files
with libyaml, so even an id that makes it look at every file costs a few tens
of milliseconds once per run).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Brief:
    spdx_id: str
    kind: str  # license | exception
    category: str
    short: str
    category_with: str | None = None
    adds_restrictions: bool = False


def reset() -> None:
    """Forget the answers kept in memory (tests, or after the data files changed)."""
    _brief.cache_clear()


def brief(spdx_id: str) -> Brief | None:
    """Kind, category and short name of a license or exception id; None when nobody knows it."""
    return _brief(spdx_id)


@lru_cache(maxsize=None)
def _brief(spdx_id: str) -> Brief | None:
    from reportgen.knowledge import kb

    try:
        facts = kb.license_facts(spdx_id)
    except kb.UnknownLicense:
        return None
    return Brief(
        facts.spdx_id,
        facts.kind,
        facts.category,
        facts.short or facts.spdx_id,
        facts.category_with,
        bool(facts.adds_restrictions),
    )
