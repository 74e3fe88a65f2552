"""PyPI JSON API documents turned into core-metadata fields.

The ``info`` object of ``/pypi/NAME/VERSION/json`` carries the same facts as
the distribution's METADATA file, under other names.  :func:`pypi_metadata`
maps them back to METADATA field names, so identification can treat an online
answer like an installed distribution (minus the license files, which the API
does not serve).
"""

from __future__ import annotations

from typing import Any


def pypi_metadata(document: dict[str, Any]) -> dict[str, list[str]]:
    """METADATA-style fields (``{"License": [...], "Classifier": [...], ...}``) of a PyPI JSON document."""
    info = document.get("info") or {}
    fields: dict[str, list[str]] = {}

    def put(field: str, value: Any) -> None:
        if isinstance(value, str) and value.strip() and value.strip().upper() != "UNKNOWN":
            fields.setdefault(field, []).append(value)

    put("Name", info.get("name"))
    put("Version", info.get("version"))
    put("Summary", info.get("summary"))
    put("License-Expression", info.get("license_expression"))
    put("License", info.get("license"))
    for classifier in info.get("classifiers") or ():
        put("Classifier", classifier)
    for license_file in info.get("license_files") or ():
        put("License-File", license_file)
    put("Home-page", info.get("home_page"))
    put("Download-URL", info.get("download_url"))
    for label, url in (info.get("project_urls") or {}).items():
        if isinstance(url, str):
            put("Project-URL", f"{label}, {url}")
    for requirement in info.get("requires_dist") or ():
        put("Requires-Dist", requirement)
    return fields
