"""A bounded sample of a distribution's own source-file headers, read for the GNU version clause.

GNU projects often state "either version 2 of the License, or (at your option) any later
version" only in the header of each source file, not in the license file (which is the bare
GNU text) nor in the metadata.  When the evidence names a GNU license, identification reads
the first HEADER_CHARS characters of at most HEADER_FILES top-level modules of at most
HEADER_PACKAGES top-level packages and reports each "or later" grant found as evidence of the
``version-clause`` matcher.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from reportgen.licenses.matchers.base import evidence
from reportgen.licenses.text import gnu_grants
from reportgen.model import Evidence


def top_folders(dist_info: Path) -> list[str]:
    """The distribution's own top-level names (packages or modules), from top_level.txt or RECORD."""
    tops: list[str] = []
    top_level = dist_info / "top_level.txt"
    if top_level.is_file():
        tops = [t.strip() for t in top_level.read_text(errors="replace").split() if t.strip()]
    elif (dist_info / "RECORD").is_file():
        lines = (dist_info / "RECORD").read_text(errors="replace").splitlines()
        paths = [line.split(",", 1)[0] for line in lines]
        # a package's folder, or a single top-level module (img2pdf.py: py_modules, no folder)
        firsts = dict.fromkeys(p.split("/", 1)[0] if "/" in p else p[:-3] for p in paths
                               if "/" in p or p.endswith(".py"))
        tops = [t for t in firsts if not t.endswith((".dist-info", ".data")) and t not in ("..", "__pycache__")]
    return tops


#: The bounded sample of source headers read for a GNU version clause.
HEADER_PACKAGES = 3
HEADER_FILES = 8  # per package: __init__.py, then the other top-level modules in name order
HEADER_CHARS = 2500


def header_samples(dist_info: Path) -> Iterator[tuple[str, str]]:
    """(path, first HEADER_CHARS characters) of a few of the distribution's own top-level Python
    modules, read one at a time: where GNU projects write "either version 2 ... or any later version".

    Two distributions can install the same top-level package (python-xlib and python3-xlib both
    install ``Xlib/``); a module is skipped when it is another distribution's: another
    distribution's RECORD lists it with the hash it has, and the own RECORD (an egg-info has none)
    does not."""
    site = dist_info.parent
    for top in top_folders(dist_info)[:HEADER_PACKAGES]:
        theirs = _owned_elsewhere(dist_info, top)
        folder = site / top
        if folder.is_dir():
            try:
                names = sorted(n for n in os.listdir(folder) if n.endswith(".py") and n != "__init__.py")
            except OSError:
                continue
            paths = [folder / "__init__.py", *(folder / n for n in names)][:HEADER_FILES]
        else:
            paths = [site / f"{top}.py"]
        for path in paths:
            rel = path.relative_to(site).as_posix()
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if theirs(rel, data):
                continue
            yield rel, data[: HEADER_CHARS * 4].decode("utf-8", errors="replace")[:HEADER_CHARS]


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _record(path: Path, top: str) -> dict[str, str]:
    """RECORD's path -> hash for the files under ``top`` (a top-level package or module)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    prefix, module = f"{top}/", f"{top}.py,"
    rows = {}
    for line in lines:
        if line.startswith((prefix, module)):
            name, _, rest = line.partition(",")
            rows[name] = rest.split(",", 1)[0]
    return rows


def _owned_elsewhere(dist_info: Path, top: str) -> Callable[[str, bytes], bool]:
    """A test: is this file (path relative to the site, its bytes) another distribution's?  Only
    when another RECORD lists it with the hash it has; the other RECORDs are read only for a file
    the distribution's own RECORD does not vouch for (an egg-info has none)."""
    own = dist_info / "RECORD"
    listed = _record(own, top) if own.is_file() else {}
    claims: dict[str, set[str]] | None = None

    def theirs(rel: str, data: bytes) -> bool:
        nonlocal claims
        digest = _record_hash(data)
        if listed.get(rel) == digest:
            return False
        if claims is None:
            claims = {}
            for other in dist_info.parent.glob("*.dist-info"):
                if other != dist_info:
                    for name, value in _record(other / "RECORD", top).items():
                        claims.setdefault(name, set()).add(value)
        return digest in claims.get(rel, ())

    return theirs


def version_clauses(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[Evidence]:
    """Evidence of the GNU version clauses granted in source headers ("or any later version",
    "version 2 only")."""
    found: dict[str, Evidence] = {}
    for rel, text in headers.items() if isinstance(headers, Mapping) else headers:
        for grant in gnu_grants(text):
            if (grant.later or grant.only) and grant.expression not in found:
                found[grant.expression] = evidence("version-clause", rel, grant.expression, 0.8,
                                                   f"source header: {grant.snippet!r}")
        if any(g.endswith("-or-later") for g in found):
            break  # "or later" decides (resolve.settle); the other headers cannot undo it
    return list(found.values())


