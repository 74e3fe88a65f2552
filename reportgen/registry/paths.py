"""Where reportgen keeps its caches (kept free of heavy imports: every run reads it)."""

from __future__ import annotations

from reportgen.fsutil import cache_dir

__all__ = ["cache_dir"]
