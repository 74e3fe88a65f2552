"""Shared data model: the values that flow from one stage to the next.

sources -> identification -> knowledge -> notes -> renderers / lint / policy.
Every stage imports its input types from here, never from another stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The answer when no license could be established with confidence.
NOASSERTION = "NOASSERTION"


@dataclass(frozen=True)
class Dependency:
    """One dependency of a project, as a source found it."""

    name: str
    version: str | None = None
    ecosystem: str = "pypi"  # pypi | npm | docker | system
    direct: bool = True
    group: str = "runtime"  # runtime | dev | test | docs | optional:<extra> | group:<name>
    source: str | None = None  # "requirements.txt:3", "package-lock.json", "environment"
    requires: tuple[str, ...] = ()  # names of the dependencies this one requires
    specifier: str | None = None  # the declared requirement, e.g. ">=2,<3"
    location: str | None = None  # where its files are (dist-info folder, node_modules/x)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        return f"{self.ecosystem}:{normalize_name(self.name, self.ecosystem)}"

    @property
    def purl(self) -> str:
        kind = {"pypi": "pypi", "npm": "npm", "docker": "docker"}.get(self.ecosystem, "generic")
        name = normalize_name(self.name, self.ecosystem)
        if kind == "npm" and name.startswith("@"):
            name = "%40" + name[1:]
        return f"pkg:{kind}/{name}" + (f"@{self.version}" if self.version else "")


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence for a license: which matcher saw what, where."""

    matcher: str  # "license-expression", "license-field", "classifier", "license-file", ...
    source: str  # "METADATA:License-Expression", "dist-info/licenses/LICENSE", "package.json:license"
    expression: str | None  # the SPDX expression it points to, None when it points nowhere
    confidence: float  # 0.0 .. 1.0
    detail: str = ""  # the raw value seen, or why it was set aside


@dataclass(frozen=True)
class LicenseFinding:
    """The identified license of one package, with all evidence kept."""

    expression: str  # normalised SPDX expression, or NOASSERTION
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # why this answer (most useful when NOASSERTION)

    @property
    def known(self) -> bool:
        return self.expression != NOASSERTION


@dataclass(frozen=True)
class PackageReport:
    """A dependency with what identification and knowledge found for it."""

    dependency: Dependency
    license: LicenseFinding
    repository: str | None = None
    repository_source: str | None = None  # where the repository came from (Project-URL: Source, ...)


def normalize_name(name: str, ecosystem: str = "pypi") -> str:
    """The canonical form of a package name for comparisons (PEP 503 for PyPI)."""
    if ecosystem == "pypi":
        import re

        return re.sub(r"[-_.]+", "-", name).lower()
    return name.lower() if ecosystem != "npm" else name
