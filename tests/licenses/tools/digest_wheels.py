"""Print a digest of the license facts in wheels, for a person labelling the corpus.

Reads the wheels with zipfile only (not with reportgen), so labels do not come
from the tool under test:  python tests/licenses/tools/digest_wheels.py WHEEL...
"""

from __future__ import annotations

import re
import sys
import zipfile
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


def digest(wheel: str) -> str:
    out = []
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        head = zf.read(meta_name).decode("utf-8", "replace").split("\n\n", 1)[0]
        msg = HeaderParser().parsestr(head)
        out.append(f"== {msg['Name']}=={msg['Version']}  ({wheel.rsplit('/', 1)[-1]})")
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
        files = [n for n in names if LICENSE_NAME.search(n.rsplit("/", 1)[-1]) and not n.endswith("/")
                 and (".dist-info/" in n or n.count("/") <= 1) and not n.endswith((".py", ".pyc", ".pyi", ".json"))]
        for n in files[:12]:
            raw = zf.read(n).decode("utf-8", "replace")
            lines = [" ".join(l.split()) for l in raw.splitlines() if l.strip()]
            body = [l for l in lines if not re.match(r"(?i)^\W*(copyright|\(c\)|all rights reserved)", l)]
            low = " ".join(raw.lower().split())
            marks = [k for k, rx in MARKERS.items() if re.search(rx, low)]
            out.append(f"  -- {n} [{len(raw)} chars, {len(lines)} lines] markers: {', '.join(marks)}")
            for l in body[:4]:
                out.append(f"     | {l[:150]}")
        if len(files) > 12:
            out.append(f"  (+{len(files) - 12} more license-named files)")
    return "\n".join(out)


if __name__ == "__main__":
    for w in sys.argv[1:]:
        try:
            print(digest(w))
        except Exception as err:  # a digest tool: keep going
            print(f"== {w}: {err}")
