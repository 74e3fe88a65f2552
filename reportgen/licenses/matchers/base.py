"""What every matcher gets and gives.

A matcher is a module with ``NAME`` and ``match(subject) -> list[Evidence]``.
It looks at one kind of evidence only and says how sure that evidence is; it
never decides between kinds: that is ``reportgen.licenses.resolve``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from reportgen.model import Evidence

#: Roles of a license file.
PRIMARY = "primary"  # the package's own license (LICENSE, COPYING, LICENSE.APACHE ...)
NOTICE = "notice"  # an Apache NOTICE or similar attribution file
BUNDLED = "bundled"  # a license of code the package bundles (LICENSES/vendored-x, _vendor/x/LICENSE)
OTHER = "other"  # listed as a license file but not one by name (AUTHORS, CONTRIBUTORS.txt)

_OWN_PREFIXES = ("license", "licence", "copying", "copyright", "unlicense", "mit-license", "apache-license")
_BUNDLED_WORDS = ("vendor", "third", "3rd", "bundled", "external", "extern", "deps", "contrib")


@dataclass
class Subject:
    """What is known about one package: metadata fields and license files (path -> text)."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    license_files: dict[str, str] = field(default_factory=dict)
    origin: str = "METADATA"  # names the metadata in Evidence.source: METADATA, PKG-INFO, package.json, PyPI JSON

    def first(self, name: str) -> str | None:
        for key, values in self.fields.items():
            if key.lower() == name.lower() and values:
                return values[0]
        return None

    def all(self, name: str) -> list[str]:
        for key, values in self.fields.items():
            if key.lower() == name.lower():
                return list(values)
        return []


def file_role(path: str) -> str:
    """Whether a license file (path relative to where license files live) is the package's own."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    name = parts[-1].lower() if parts else ""
    lowered = path.lower()
    if any(word in lowered for word in _BUNDLED_WORDS):
        return BUNDLED
    if name.startswith("notice"):
        return NOTICE
    if len(parts) > 1:
        from reportgen.licenses.expression import is_valid

        stem = parts[-1].rsplit(".", 1)[0] if "." in parts[-1] else parts[-1]
        if parts[-2] == "LICENSES" and len(parts) == 2 and is_valid(stem):
            return PRIMARY  # REUSE layout: LICENSES/<SPDX id>.txt (REUSE spells the folder so)
        return BUNDLED
    if name.startswith(_OWN_PREFIXES) and not name.startswith(("licenses_", "licenses-")):
        return PRIMARY
    if name.startswith(("licenses_", "licenses-")):
        return BUNDLED
    from reportgen.licenses.expression import is_valid

    stem = parts[-1].rsplit(".", 1)[0] if "." in parts[-1] else parts[-1]
    if stem and stem[0].isalnum() and is_valid(stem) and " " not in stem:
        return PRIMARY  # a top-level file named by its SPDX id: Apache-2.0.txt
    return OTHER


def evidence(matcher: str, source: str, expression: str | None, confidence: float, detail: str = "") -> Evidence:
    return Evidence(matcher=matcher, source=source, expression=expression,
                    confidence=round(max(0.0, min(1.0, confidence)), 3), detail=detail)
