"""A bounded sample of a distribution's own source-file headers, read for the GNU version clause.

GNU projects often state "either version 2 of the License, or (at your option) any later
version" only in the header of each source file, not in the license file (which is the bare
GNU text) nor in the metadata.  When the evidence names a GNU license, identification reads
the first HEADER_CHARS characters of at most HEADER_FILES top-level modules of at most
HEADER_PACKAGES top-level packages and reports each "or later" grant found as evidence of the
``version-clause`` matcher.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
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
        firsts = dict.fromkeys(line.split("/", 1)[0] for line in lines if "/" in line.split(",", 1)[0])
        tops = [t for t in firsts if not t.endswith((".dist-info", ".data")) and t not in ("..", "__pycache__")]
    return tops


#: The bounded sample of source headers read for a GNU version clause.
HEADER_PACKAGES = 3
HEADER_FILES = 8  # per package: __init__.py, then the other top-level modules in name order
HEADER_CHARS = 2500


def header_samples(dist_info: Path) -> Iterator[tuple[str, str]]:
    """(path, first HEADER_CHARS characters) of a few of the distribution's own top-level Python
    modules, read one at a time: where GNU projects write "either version 2 ... or any later version"."""
    site = dist_info.parent
    for top in top_folders(dist_info)[:HEADER_PACKAGES]:
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
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    yield path.relative_to(site).as_posix(), handle.read(HEADER_CHARS)
            except OSError:
                continue


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


