"""A disk cache of license-file match results, keyed by the file's text.

Installed license files do not change, so a second run over the same
environment reads the answers instead of matching again.  The key includes a
hash of the matching code and the shipped texts, so a new reportgen version
starts a fresh cache.  Set ``REPORTGEN_NO_CACHE=1`` to bypass it (``inventory(cache=False)``,
i.e. ``--no-cache``, bypasses it for its run).
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from reportgen.jsoncache import JsonCache

MAX_ENTRIES = 20_000
_HERE = Path(__file__).resolve().parent


_off = 0  # > 0 while a caller asked for fresh answers (see off())


def enabled() -> bool:
    return _off == 0 and os.environ.get("REPORTGEN_NO_CACHE", "") in ("", "0")


@contextmanager
def off():
    """Neither read nor add answers inside this block (``reportgen licenses --no-cache``).

    Worker processes forked inside the block inherit it."""
    global _off
    _off += 1
    try:
        yield
    finally:
        _off -= 1


@lru_cache(maxsize=1)
def _code_digest() -> str:
    h = hashlib.sha256()
    for path in (_HERE / "text.py", _HERE / "matchers" / "license_files.py", _HERE / "matchers" / "base.py",
                 _HERE.parent / "data" / "spdx" / "licenses.json", _HERE.parent / "data" / "spdx" / "exceptions.toml"):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


_CACHE = JsonCache(lambda: f"license-files-{_code_digest()}.json", limit=MAX_ENTRIES, evict=True,
                   prune="license-files-*.json")


def key(role: str, matcher: str, text: str) -> str:
    return hashlib.sha1(f"{role}\0{matcher}\0{text}".encode("utf-8", "replace")).hexdigest()[:24]


def get(k: str) -> list | None:
    if not enabled():
        return None
    return _CACHE.get(k)


def put(k: str, value: list) -> None:
    if enabled():
        _CACHE.put(k, value)


def flush() -> None:
    """Write the cache if this process added to it (runs at exit)."""
    _CACHE.flush()
