"""A dictionary kept in one JSON file of reportgen's cache folder.

Read on first use, changed in memory, written back (atomically) when the process
exits if anything was added.  An unreadable or damaged file is an empty cache, and
a cache that cannot be written only costs time.  Used by the license-file match
results and by the SPDX expressions license-expression answered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


class JsonCache:
    """``name()`` gives the file name in the cache folder (called once, on first use).

    ``limit`` bounds the entries: when full, ``evict=True`` drops the older half before
    adding, ``evict=False`` adds nothing more.  ``prune``: a glob of files this cache
    replaces (older versions of it), deleted when it is written.
    """

    def __init__(self, name: Callable[[], str], *, limit: int, evict: bool = False,
                 prune: str | None = None, sort_keys: bool = False):
        self._name = name
        self.limit = limit
        self.evict = evict
        self.prune = prune
        self.sort_keys = sort_keys
        self._path: Path | None = None
        self._data: dict[str, Any] | None = None
        self._dirty = False
        self._registered = False

    @property
    def path(self) -> Path:
        if self._path is None:
            from reportgen.fsutil import cache_dir

            self._path = cache_dir() / self._name()
        return self._path

    def data(self) -> dict[str, Any]:
        if self._data is None:
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                self._data = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self._data = {}
        return self._data

    def get(self, key: str) -> Any:
        return self.data().get(key)

    def put(self, key: str, value: Any) -> None:
        data = self.data()
        if len(data) >= self.limit:
            if not self.evict:
                return
            for old in list(data)[: self.limit // 2]:
                del data[old]
        data[key] = value
        self._dirty = True
        if not self._registered:
            import atexit

            self._registered = True
            atexit.register(self.flush)

    def flush(self) -> None:
        """Write the file if this process added to it (runs at exit)."""
        if not self._dirty:
            return
        self._dirty = False
        try:
            from reportgen.fsutil import atomic_write

            path = self.path
            atomic_write(path, json.dumps(self.data(), separators=(",", ":"), sort_keys=self.sort_keys))
            if self.prune:
                for stale in path.parent.glob(self.prune):
                    if stale != path:
                        stale.unlink(missing_ok=True)
        except OSError:
            pass

    def forget(self) -> None:
        """Drop what was read (the next use reads the file again, from the cache folder of then)."""
        self._path = None
        self._data = None
