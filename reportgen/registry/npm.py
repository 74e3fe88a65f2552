"""npm registry version documents turned into package.json-like manifests."""

from __future__ import annotations

from typing import Any

#: package.json keys that identification and repositories read.
_KEEP = ("name", "version", "license", "licenses", "repository", "homepage", "dependencies", "description")


def npm_manifest(document: dict[str, Any]) -> dict[str, Any]:
    """The package.json fields of an npm registry version document.

    The registry serves the published package.json plus its own keys
    (``dist``, ``_npmUser`` ...); only the package.json keys are kept.
    """
    return {key: document[key] for key in _KEEP if key in document}
