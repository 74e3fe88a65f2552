"""Where reportgen keeps its caches (kept free of heavy imports: every run reads it)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The folder that holds reportgen's caches (the registry cache is ``registry/`` in it).

    ``$REPORTGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportgen``, else ``~/.cache/reportgen``.
    """
    explicit = os.environ.get("REPORTGEN_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "reportgen"
