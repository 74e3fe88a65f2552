"""Opt-in client for the package registries' JSON APIs, with an on-disk cache.

Only used when the user asks for it (``--online``).  Two registries:

* PyPI: ``{REPORTGEN_PYPI_URL}/NAME/VERSION/json`` (default base ``https://pypi.org/pypi``)
* npm:  ``{REPORTGEN_NPM_URL}/NAME/VERSION`` (default base ``https://registry.npmjs.org``)

Answers are kept under ``$REPORTGEN_CACHE_DIR/registry/`` (default
``$XDG_CACHE_HOME/reportgen`` or ``~/.cache/reportgen``).  An answer for a
pinned version never changes on the registry, so it is kept for good; "latest"
answers and "not found" answers are kept for a day.  A registry that cannot be
reached raises :class:`reportgen.errors.NetworkError` with one line saying so.
"""

from __future__ import annotations

from typing import Any

from reportgen.fsutil import cache_dir

__all__ = [
    "DEFAULT_NPM_URL",
    "DEFAULT_PYPI_URL",
    "RegistryAnswer",
    "RegistryClient",
    "cache_dir",
    "npm_manifest",
    "pypi_metadata",
]

_LAZY = {
    "DEFAULT_NPM_URL": "reportgen.registry.client",
    "DEFAULT_PYPI_URL": "reportgen.registry.client",
    "RegistryAnswer": "reportgen.registry.client",
    "RegistryClient": "reportgen.registry.client",
    "npm_manifest": "reportgen.registry.npm",
    "pypi_metadata": "reportgen.registry.pypi",
}


def __getattr__(name: str) -> Any:
    # The HTTP client (urllib.request ...) is imported only when something online needs it.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reportgen.registry' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
