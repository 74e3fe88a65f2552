"""The license knowledge base: facts about licenses, read from data files.

Each license (and each license exception) has one hand-written YAML file under
``reportgen/data/licenses/<SPDX-ID>.yaml``: its category, its permissions,
conditions and limitations as tags, a short description, the restrictions a
student team meets when it uses the library in a web app, and where the facts
come from.  A file is read the first time its license is asked for.

For any other id that the SPDX list or ScanCode LicenseDB knows, the answer is
built from ScanCode's category (the index shipped inside license-expression)
and marked ``generic=True``: a category, no hand-checked tags.

:func:`explain` (in :mod:`reportgen.knowledge.explain`) combines the facts of
every license in an SPDX expression.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportgen.errors import InputError

DATA = Path(__file__).resolve().parent.parent / "data" / "licenses"

#: Categories from least to most restrictive for a team using the library in a web app.
CATEGORIES = (
    "public-domain",
    "permissive",
    "weak-copyleft",
    "strong-copyleft",
    "network-copyleft",
    "source-available",
    "proprietary",
    "unknown",
)

#: The tag vocabulary (documented in docs/knowledge.md); the tests check every data file against it.
PERMISSIONS = ("commercial-use", "modification", "distribution", "patent-grant", "private-use")
CONDITIONS = (
    "include-notice",  # keep the copyright notice and license text with copies
    "include-notice-file",  # pass on a NOTICE file (Apache-2.0)
    "keep-source-notice",  # the notice must stay in source copies only (Zlib, BSL-1.0)
    "state-changes",  # mark or describe what you changed
    "no-endorsement",  # do not use the authors' names to promote your product
    "advertising-notice",  # advertising must credit the authors (BSD-4-Clause)
    "disclose-source",  # distributed copies come with (an offer of) source code
    "same-license",  # the whole derivative work keeps the license (strong copyleft)
    "same-license-library",  # only the library and changes to it keep the license (LGPL)
    "same-license-file",  # only the files that were under the license keep it (MPL, EPL, CDDL)
    "same-license-source",  # source copies keep the license, binaries may not (MS-PL)
    "network-use-is-distribution",  # offering it over a network counts as distributing it (AGPL)
    "service-source",  # offering it as a service obliges releasing the whole service stack (SSPL)
    "change-date",  # becomes open source at a later date (BUSL)
)
LIMITATIONS = (
    "no-liability",
    "no-warranty",
    "no-trademark-use",
    "patent-retaliation",  # suing over patents ends your license
    "no-patent-grant",  # says outright that no patent rights are given
    "no-hosted-service",  # may not be offered to others as a managed service
    "no-commercialize",  # may not sell or commercialize the software itself
    "no-commercial-use",  # no commercial use at all
    "no-production-use",  # no production use beyond an additional use grant (BUSL)
    "no-license-key-circumvention",
    "no-selling-alone",  # may not be sold by itself (OFL)
    "reserved-font-name",  # modified fonts must be renamed (OFL)
)

#: ScanCode LicenseDB category -> ours.
SCANCODE_CATEGORY = {
    "Public Domain": "public-domain",
    "Permissive": "permissive",
    "Copyleft Limited": "weak-copyleft",
    "Copyleft": "strong-copyleft",
    "Source-available": "source-available",
    "Free Restricted": "source-available",
    "Proprietary Free": "proprietary",
    "Commercial": "proprietary",
}

_GENERIC_RESTRICTIONS = {
    "public-domain": "Usually none, but this id has no hand-checked notes in reportgen: read the text to be sure.",
    "permissive": (
        "Usually: keep the copyright notice and license text with any copy you distribute (bundled JavaScript, "
        "Docker images, downloads); running it on your server triggers nothing. Not hand-checked: read the text."
    ),
    "weak-copyleft": (
        "Usually: changes to the licensed files or library must be shared under the same license when you "
        "distribute them; your own code may keep its license. Not hand-checked: read the text."
    ),
    "strong-copyleft": (
        "Usually: if you distribute a program that includes it, the whole program must be released under the "
        "same license with its source. Not hand-checked: read the text."
    ),
    "network-copyleft": (
        "Usually: offering a modified version to users over a network obliges you to offer them its source. "
        "Not hand-checked: read the text."
    ),
    "source-available": (
        "Not an open source license: some uses (commercial use, hosted services, production) are restricted. "
        "Read the text before using it. Not hand-checked."
    ),
    "proprietary": "A proprietary or restricted license: you may need permission or a paid license. Read it.",
    "unknown": "reportgen does not know this license's terms; read its text.",
}


class UnknownLicense(InputError):
    """An id that is neither in the knowledge base nor in the SPDX/ScanCode lists."""


@dataclass(frozen=True)
class LicenseFacts:
    """What reportgen knows about one license or license exception."""

    spdx_id: str
    name: str
    short: str
    category: str
    description: str
    restrictions: str
    permissions: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    limitations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kind: str = "license"  # license | exception
    generic: bool = False  # True: built from ScanCode's category, not from a hand-written file
    later_versions: bool = False  # "-or-later": later versions of the license may be chosen
    osi_approved: bool | None = None
    scancode_key: str | None = None
    aliases: tuple[str, ...] = ()
    # exceptions only
    applies_to: tuple[str, ...] = ()
    category_with: str | None = None  # the category of "license WITH this exception"
    relaxes: str = ""
    adds_restrictions: bool = False  # a rider such as Commons Clause takes rights away
    data_file: str | None = field(default=None, compare=False)

    @property
    def rank(self) -> int:
        return category_rank(self.category)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("permissions", "conditions", "limitations", "sources", "aliases", "applies_to"):
            out[key] = list(out[key])
        if self.kind == "license":
            for key in ("applies_to", "category_with", "relaxes", "adds_restrictions"):
                out.pop(key)
        return out


def category_rank(category: str) -> int:
    try:
        return CATEGORIES.index(category)
    except ValueError:
        return len(CATEGORIES) - 1


# --- loading --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _files() -> dict[str, Path]:
    """lower-case id -> data file (directory listing only; files are read on demand)."""
    return {p.stem.lower(): p for p in DATA.glob("*.yaml")}


def _read_yaml(path: Path) -> dict[str, Any]:
    from reportgen.knowledge.datafile import load_yaml

    return load_yaml(path)


@lru_cache(maxsize=None)
def _load(path: Path) -> LicenseFacts:
    data = _read_yaml(path)
    tuples = ("permissions", "conditions", "limitations", "sources", "aliases", "applies_to")
    kwargs = {k: (tuple(v) if k in tuples else v) for k, v in data.items()}
    if data.get("kind") == "exception":
        kwargs.setdefault("short", data["spdx_id"])
        kwargs.setdefault("category", data.get("category_with") or "unknown")
    return LicenseFacts(data_file=str(path), **kwargs)


_ALIASES_KEY = re.compile(r"^aliases\s*:", re.MULTILINE)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, Path]:
    """lower-case alias -> data file; only used when a direct lookup fails.

    Few files list aliases, so every file's text is searched for a top-level ``aliases:`` key
    and only those files are parsed (tests/knowledge/test_datafile.py checks that every alias
    of every file is found).
    """
    out: dict[str, Path] = {}
    for path in _files().values():
        if not _ALIASES_KEY.search(path.read_text(encoding="utf-8")):
            continue
        for alias in _load(path).aliases:
            out[alias.lower()] = path
    return out


@lru_cache(maxsize=1)
def scancode_index() -> dict[str, dict[str, Any]]:
    """ScanCode LicenseDB index (bundled with license-expression): lower-case SPDX id or key -> entry."""
    from reportgen.licenses.expression import licensedb_index

    out: dict[str, dict[str, Any]] = {}
    for entry in licensedb_index():
        for key in [entry.get("spdx_license_key"), *(entry.get("other_spdx_license_keys") or ())]:
            if key:
                out.setdefault(key.lower(), entry)
        out.setdefault("licenseref-scancode-" + entry["license_key"].lower(), entry)
    return out


@lru_cache(maxsize=1)
def _spdx_names() -> dict[str, str]:
    """SPDX id -> full name, from the SPDX license list shipped by identification (if present)."""
    path = DATA.parent / "spdx" / "licenses.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v.get("name", k) for k, v in data.get("licenses", {}).items() if isinstance(v, dict)}


def known_ids() -> list[str]:
    """Every id reportgen can answer for: hand-written ones first, then SPDX ids from the index."""
    hand = sorted(p.stem for p in _files().values())
    spdx = sorted({e["spdx_license_key"] for e in scancode_index().values() if e.get("spdx_license_key")})
    return hand + [s for s in spdx if s not in set(hand)]


def has_facts(spdx_id: str) -> bool:
    """True when a hand-written data file covers the id (or one of its aliases)."""
    key = spdx_id.strip().lower()
    return key in _files() or key in _aliases()


def _generic(spdx_id: str, entry: dict[str, Any]) -> LicenseFacts:
    canonical = entry.get("spdx_license_key") or spdx_id
    category = SCANCODE_CATEGORY.get(entry.get("category") or "", "unknown")
    name = _spdx_names().get(canonical) or canonical
    sources = []
    if not canonical.startswith("LicenseRef-"):
        sources.append(f"https://spdx.org/licenses/{canonical}.html")
    sources.append(f"https://scancode-licensedb.aboutcode.org/{entry['license_key']}.html")
    kind = "exception" if entry.get("is_exception") else "license"
    return LicenseFacts(
        spdx_id=canonical,
        name=name,
        short=canonical,
        category=category,
        description=(
            f"{name}: ScanCode LicenseDB classifies it as \"{entry.get('category')}\" ({category}); "
            "reportgen has no hand-written notes on what sets it apart."
        ),
        restrictions=_GENERIC_RESTRICTIONS[category],
        sources=tuple(sources),
        kind=kind,
        generic=True,
        later_versions=canonical.endswith("-or-later") or canonical.endswith("+"),
        scancode_key=entry["license_key"],
        category_with=category if kind == "exception" else None,
    )


def suggestions(text: str, n: int = 3) -> list[str]:
    """Close SPDX ids for a misspelt one."""
    ids = known_ids()
    lower = {i.lower(): i for i in ids}
    found = difflib.get_close_matches(text.lower(), list(lower), n=n, cutoff=0.6)
    return [lower[f] for f in found]


def license_facts(spdx_id: str) -> LicenseFacts:
    """The facts for one SPDX license or exception id (case-insensitive; aliases and ScanCode keys accepted).

    Raises :class:`UnknownLicense` (with did-you-mean suggestions) for an id nobody knows.
    """
    key = (spdx_id or "").strip()
    low = key.lower()
    if low.endswith("+") and not low.startswith("licenseref-"):
        low = low[:-1] + "-or-later" if (low[:-1] + "-or-later") in _files() else low
    path = _files().get(low) or _aliases().get(low)
    if path is None:
        # deprecated or alternative spellings (GPL-2.0 -> GPL-2.0-only, GPL-2.0+ -> GPL-2.0-or-later)
        entry = scancode_index().get(low) or scancode_index().get(low.rstrip("+"))
        if entry is not None:
            canonical = entry.get("spdx_license_key") or ""
            path = _files().get(canonical.lower())
            if path is None:
                return _generic(key, entry)
    if path is None:
        # a LicenseRef names something of a project's own (LicenseRef-OpenSSL-exception): no
        # did-you-mean for it (and none of the cost of one, which the policy check pays per id)
        hint = [] if low.startswith(("licenseref-", "documentref-")) else suggestions(key)
        raise UnknownLicense(
            f"unknown license id {key!r}",
            hint=("did you mean " + ", ".join(hint) + "?") if hint else "see https://spdx.org/licenses/",
        )
    return _load(path)


def category(spdx_id: str) -> str:
    """The category of a license id: public-domain, permissive, weak-copyleft, strong-copyleft,
    network-copyleft, source-available, proprietary or unknown."""
    try:
        return license_facts(spdx_id).category
    except UnknownLicense:
        return "unknown"


def all_facts() -> list[LicenseFacts]:
    """Every hand-written entry (reads all data files)."""
    return [_load(p) for p in sorted(_files().values())]


def explain(expression: str):
    """Explain an SPDX expression; see :func:`reportgen.knowledge.explain.explain`."""
    from reportgen.knowledge.explain import explain as _explain

    return _explain(expression)


def data_dir() -> str:
    return os.fspath(DATA)
