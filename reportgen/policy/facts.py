"""The few license facts the policy gate needs, kept on disk between runs.

Evaluating a policy needs, per license id, only its kind, category and short
name (and for an exception, the category it gives).  Reading them through
:func:`reportgen.knowledge.kb.license_facts` parses YAML files, and an id with
no hand-written file makes the knowledge base read all of them to look for
aliases, which costs more than the rest of a check.  So the answers, and the
parsed compatibility table, are kept in ``$REPORTGEN_CACHE_DIR/policy-facts.json``,
valid while the knowledge base's data files, the compatibility table and
license-expression's id index keep their modification times and sizes.
``REPORTGEN_NO_CACHE=1`` turns the file off.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
FORMAT = 1


@dataclass(frozen=True)
class Brief:
    spdx_id: str
    kind: str  # license | exception
    category: str
    short: str
    category_with: str | None = None
    adds_restrictions: bool = False


def _fingerprint() -> str:
    import hashlib

    stamps = []
    for path in sorted((DATA / "licenses").glob("*.yaml")):
        st = path.stat()
        stamps.append(f"{path.name}:{st.st_mtime_ns}:{st.st_size}")
    for path in (DATA / "compatibility.yaml", Path(__file__)):
        st = path.stat()
        stamps.append(f"{path.name}:{st.st_mtime_ns}:{st.st_size}")
    try:
        import importlib.util

        spec = importlib.util.find_spec("license_expression")
        if spec and spec.origin:
            index = Path(spec.origin).parent / "data" / "scancode-licensedb-index.json"
            st = index.stat()
            stamps.append(f"index:{st.st_mtime_ns}:{st.st_size}")
    except OSError:
        pass
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]


class FactsCache:
    def __init__(self) -> None:
        self.enabled = os.environ.get("REPORTGEN_NO_CACHE", "") in ("", "0")
        self.path: Path | None = None
        self.fingerprint = ""
        self.briefs: dict[str, Any] = {}
        self.table: Any = None
        self.changed = False
        if not self.enabled:
            return
        from reportgen.registry.paths import cache_dir

        self.path = cache_dir() / "policy-facts.json"
        self.fingerprint = _fingerprint()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("fingerprint") == self.fingerprint:
            self.briefs = data.get("briefs") or {}
            self.table = data.get("table")

    def save(self) -> None:
        if not self.enabled or not self.changed or self.path is None:
            return
        from reportgen.fsutil import atomic_write

        payload = {"format": FORMAT, "fingerprint": self.fingerprint, "briefs": self.briefs, "table": self.table}
        try:
            atomic_write(self.path, json.dumps(payload, separators=(",", ":")))
            self.changed = False
        except OSError:
            pass  # an unwritable cache only costs time


_cache: FactsCache | None = None


def cache() -> FactsCache:
    global _cache
    if _cache is None:
        _cache = FactsCache()
    return _cache


def reset() -> None:
    """Forget the in-memory copy (tests, or after the data files changed)."""
    global _cache
    _cache = None


def brief(spdx_id: str) -> Brief | None:
    """Kind, category and short name of a license or exception id; None when nobody knows it."""
    store = cache()
    key = spdx_id.lower()
    if key in store.briefs:
        row = store.briefs[key]
        return Brief(*row) if row is not None else None
    from reportgen.knowledge import kb

    try:
        facts = kb.license_facts(spdx_id)
    except kb.UnknownLicense:
        store.briefs[key] = None
        store.changed = True
        return None
    found = Brief(
        facts.spdx_id,
        facts.kind,
        facts.category,
        facts.short or facts.spdx_id,
        facts.category_with,
        bool(facts.adds_restrictions),
    )
    store.briefs[key] = [found.spdx_id, found.kind, found.category, found.short, found.category_with, found.adds_restrictions]
    store.changed = True
    return found
