"""Print a digest of the license facts in wheels and sdists, for a person labelling a corpus.

Reads the archives with zipfile / tarfile only (not with reportgen), so labels do not come
from the tool under test:  python tests/licenses/tools/digest_wheels.py [--headers] FILE...

``--headers`` also sums up what the source files' header comments say about the license
(SPDX-License-Identifier lines, "either version N ... or (at your option) any later version",
"version N of the License" without that clause): where a GPL-family version clause is decided.
"""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from collections import Counter
from email.parser import HeaderParser

MARKERS = {
    "BSD-binary": r"redistributions in binary form",
    "BSD-endorse": r"neither the name|endorse or promote",
    "BSD-advert": r"advertising materials",
    "MIT-include": r"shall be included in all\s+copies",
    "MIT-grant": r"permission is hereby granted, free of charge",
    "ISC/HPND-grant": r"permission to use, copy, modify,? and(/or)? distribute",
    "notice-appear": r"copyright notice(s)? (and this permission notice )?appear",
    "Apache-2": r"apache license,?\s+version 2\.0",
    "Apache-full": r"terms and conditions for use, reproduction",
    "GPL": r"gnu general public license",
    "LGPL": r"gnu (lesser|library) general public license",
    "AGPL": r"gnu affero",
    "later": r"any later version",
    "exception": r"\bexception\b",
    "MPL-2": r"mozilla public license,? (v\. |version )2\.0",
    "PSF-2": r"python software foundation license version 2|psf license agreement",
    "Unlicense": r"free and unencumbered software",
    "CC0": r"cc0|creative commons zero|cc0 1\.0",
    "ZPL": r"zope public license",
    "EPL": r"eclipse public license",
    "EDL": r"eclipse distribution license",
    "Artistic": r"artistic license",
    "public-domain": r"public domain",
    "no-attribution": r"without attribution|mit no attribution|mit-0",
}
LICENSE_NAME = re.compile(r"(licen[cs]e|copying|notice|copyright)", re.I)
SOURCE = re.compile(r"\.(py|pyx|pxd|c|h|cc|cpp)$")
HEADER_FACTS = {
    "spdx": re.compile(r"SPDX-License-Identifier:\s*([^\n*]+?)\s*(\*/|-->|$)", re.M),
    "or-later": re.compile(r"(version\s+[\d.]+)[^.]{0,80}?(,|\s)\s*or\s*\(?at\s+your\s+option\)?\s*any\s+later\s+version", re.I),
    "version-only": re.compile(r"version\s+([\d.]+)\s+(of\s+the\s+license|as\s+published)(?![^.]{0,80}later)", re.I),
    "gnu-name": re.compile(r"GNU\s+(Lesser\s+|Library\s+|Affero\s+)?General\s+Public\s+License(\s+v(ersion)?\s*[\d.]+)?", re.I),
}


class Archive:
    """The member names and contents of a wheel (zip) or sdist (tar.gz / zip)."""

    def __init__(self, path: str):
        self.path = path
        if path.endswith((".whl", ".zip")):
            self._zip = zipfile.ZipFile(path)
            self.names = [n for n in self._zip.namelist() if not n.endswith("/")]
            self._tar = None
        else:
            self._tar = tarfile.open(path)
            self._members = {m.name: m for m in self._tar.getmembers() if m.isfile()}
            self.names = list(self._members)
            self._zip = None

    def read(self, name: str, limit: int | None = None) -> str:
        if self._zip is not None:
            data = self._zip.read(name)
        else:
            handle = self._tar.extractfile(self._members[name])
            data = handle.read(limit) if limit else handle.read()
        return data[:limit].decode("utf-8", "replace") if limit else data.decode("utf-8", "replace")


def _metadata_name(arc: Archive) -> str:
    if arc.path.endswith(".whl"):
        return next(n for n in arc.names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
    return min((n for n in arc.names if n.endswith("/PKG-INFO")), key=lambda n: n.count("/"))


def header_facts(arc: Archive, limit: int = 4000) -> list[str]:
    counts: dict[str, Counter] = {k: Counter() for k in HEADER_FACTS}
    files = 0
    for name in arc.names:
        if not SOURCE.search(name) or "/test" in name:
            continue
        files += 1
        head = arc.read(name, limit)
        for key, rx in HEADER_FACTS.items():
            for m in rx.finditer(head):
                counts[key][" ".join(m.group(1 if key != "gnu-name" else 0).split())] += 1
    out = [f"  headers of {files} source files:"]
    for key, c in counts.items():
        if c:
            out.append(f"     {key}: " + "; ".join(f"{k!r} x{v}" for k, v in c.most_common(6)))
    return out


def digest(path: str, headers: bool = False) -> str:
    out = []
    arc = Archive(path)
    meta_name = _metadata_name(arc)
    head = arc.read(meta_name).split("\n\n", 1)[0]
    msg = HeaderParser().parsestr(head)
    out.append(f"== {msg['Name']}=={msg['Version']}  ({path.rsplit('/', 1)[-1]}; metadata {meta_name})")
    if msg["License-Expression"]:
        out.append(f"  License-Expression: {msg['License-Expression']}")
    if msg["License"]:
        lic = " ".join(str(msg["License"]).split())
        out.append(f"  License: {lic[:140]}{'...' if len(lic) > 140 else ''} [{len(lic)} chars]")
    for c in msg.get_all("Classifier") or []:
        if c.startswith("License"):
            out.append(f"  Classifier: {c}")
    for f in msg.get_all("License-File") or []:
        out.append(f"  License-File: {f}")
    depth = 1 if path.endswith(".whl") else 2
    files = [n for n in arc.names if LICENSE_NAME.search(n.rsplit("/", 1)[-1])
             and (".dist-info/" in n or n.count("/") <= depth) and not n.endswith((".py", ".pyc", ".pyi", ".json"))]
    for n in files[:12]:
        raw = arc.read(n)
        lines = [" ".join(l.split()) for l in raw.splitlines() if l.strip()]
        body = [l for l in lines if not re.match(r"(?i)^\W*(copyright|\(c\)|all rights reserved)", l)]
        low = " ".join(raw.lower().split())
        marks = [k for k, rx in MARKERS.items() if re.search(rx, low)]
        out.append(f"  -- {n} [{len(raw)} chars, {len(lines)} lines] markers: {', '.join(marks)}")
        for l in body[:4]:
            out.append(f"     | {l[:150]}")
    if len(files) > 12:
        out.append(f"  (+{len(files) - 12} more license-named files)")
    if headers:
        out.extend(header_facts(arc))
    return "\n".join(out)


if __name__ == "__main__":
    args = sys.argv[1:]
    want_headers = "--headers" in args
    for w in (a for a in args if a != "--headers"):
        try:
            print(digest(w, want_headers))
        except Exception as err:  # a digest tool: keep going
            print(f"== {w}: {err}")
