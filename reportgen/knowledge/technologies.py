"""Technologies a web app uses that are not (only) packages: servers, databases, runtimes.

Facts live in ``reportgen/data/technologies.yaml``.  :func:`lookup` accepts a name
("MongoDB"), an alias ("postgres") or a Docker image reference
("docker.io/library/redis:7.2-alpine", "mongo@sha256:..."); :meth:`Technology.license_for`
gives the license of a particular version when the license changed over time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "technologies.yaml"


@dataclass(frozen=True)
class LicensePeriod:
    versions: str  # PEP 440 specifier set, e.g. ">=7.4,<8.0"
    license: str
    note: str = ""


@dataclass(frozen=True)
class Technology:
    name: str
    kind: str
    license: str  # SPDX expression of current releases
    repository: str | None
    note: str = ""
    aliases: tuple[str, ...] = ()
    history: tuple[LicensePeriod, ...] = ()
    mirror: str | None = None
    sources: tuple[str, ...] = ()
    source: str = field(default="reportgen/data/technologies.yaml", compare=False)

    def license_for(self, version: str | None) -> tuple[str, str]:
        """(license expression, why) for a version such as "7.2" or "8.0.1"; current license when unknown."""
        if version:
            from packaging.specifiers import InvalidSpecifier, SpecifierSet
            from packaging.version import InvalidVersion, Version

            match = re.match(r"\d+(\.\d+)*", version)
            if match:
                try:
                    wanted = Version(match.group(0))
                    for period in self.history:
                        if wanted in SpecifierSet(period.versions):
                            why = f"{self.name} {version}: versions {period.versions}"
                            return period.license, why + (f" ({period.note})" if period.note else "")
                except (InvalidVersion, InvalidSpecifier):
                    pass
        return self.license, f"{self.name}: current releases"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "license": self.license,
            "repository": self.repository,
            "mirror": self.mirror,
            "note": self.note,
            "history": [vars(p) for p in self.history],
            "sources": list(self.sources),
        }


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[Technology, ...], dict[str, Technology]]:
    from reportgen.knowledge.datafile import load_yaml

    data = load_yaml(DATA)
    techs = []
    index: dict[str, Technology] = {}
    for entry in data["technologies"]:
        tech = Technology(
            name=entry["name"],
            kind=entry.get("kind", ""),
            license=entry["license"],
            repository=entry.get("repository"),
            note=" ".join(str(entry.get("note", "")).split()),
            aliases=tuple(entry.get("aliases", ())),
            history=tuple(LicensePeriod(str(h["versions"]), h["license"], h.get("note", "")) for h in entry.get("history", ())),
            mirror=entry.get("mirror"),
            sources=tuple(entry.get("sources", ())),
        )
        techs.append(tech)
        for alias in (tech.name, *tech.aliases):
            index.setdefault(_key(alias), tech)
    return tuple(techs), index


def all_technologies() -> tuple[Technology, ...]:
    return _table()[0]


def split_image(ref: str) -> tuple[str, str | None]:
    """A Docker image reference -> (repository path without registry or library/, tag or None)."""
    ref = ref.strip()
    ref = ref.split("@", 1)[0]
    name, tag = ref, None
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = ref.rsplit(":", 1)
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        if parts[0] not in ("docker.elastic.co",):
            parts = parts[1:]
    if parts and parts[0] == "library":
        parts = parts[1:]
    return "/".join(parts), tag


def lookup(name_or_image: str) -> Technology | None:
    """The technology for a name, alias or Docker image reference; None when unknown."""
    if not name_or_image or not name_or_image.strip():
        return None
    index = _table()[1]
    key = _key(name_or_image)
    if key in index:
        return index[key]
    image, _tag = split_image(name_or_image)
    for candidate in (image, image.rsplit("/", 1)[-1]):
        if _key(candidate) in index:
            return index[_key(candidate)]
    return None


def lookup_version(name_or_image: str, version: str | None = None) -> tuple[Technology, str, str] | None:
    """(technology, license expression, why) taking the image tag or ``version`` into account."""
    tech = lookup(name_or_image)
    if tech is None:
        return None
    tag = version or split_image(name_or_image)[1]
    expression, why = tech.license_for(tag)
    return tech, expression, why
