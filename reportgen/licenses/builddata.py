"""Regenerate ``reportgen/data/spdx/licenses.json`` from the npm package spdx-license-list.

Run: ``npm pack spdx-license-list@VERSION``, unpack it, then
``python -m reportgen.licenses.builddata path/to/package``.  Only the licenses
named in ``SHIPPED`` are kept: the ones seen on PyPI and npm in practice.

That also regenerates ``licenses-index.json``, the texts normalised for matching
(so that a first run need not normalise them); after a change to the
normalisation in ``reportgen/licenses/text.py`` run
``python -m reportgen.licenses.builddata --index``.  A test checks that the
shipped index equals a freshly built one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportgen.fsutil import write_if_changed

SHIPPED = """
0BSD AFL-2.1 AFL-3.0 AGPL-3.0-only Apache-1.1 Apache-2.0 APSL-2.0 Artistic-1.0 Artistic-1.0-Perl Artistic-2.0
Beerware BlueOak-1.0.0 BSD-1-Clause BSD-2-Clause BSD-2-Clause-Patent BSD-3-Clause BSD-3-Clause-Clear
BSD-3-Clause-LBNL BSD-4-Clause BSL-1.0 bzip2-1.0.6 CC-BY-3.0 CC-BY-4.0 CC-BY-SA-4.0 CC0-1.0 CDDL-1.0 CDDL-1.1
CECILL-2.1 CNRI-Python curl ECL-2.0 EFL-2.0 EPL-1.0 EPL-2.0 EUPL-1.1 EUPL-1.2 GPL-2.0-only GPL-3.0-only
HPND HPND-sell-variant ICU IJG ISC JSON LGPL-2.0-only LGPL-2.1-only LGPL-3.0-only libpng-2.0 Libpng
MirOS MIT MIT-0 MIT-CMU MIT-Modern-Variant MPL-1.0 MPL-1.1 MPL-2.0 MS-PL MS-RL MulanPSL-2.0 NCSA
OFL-1.1 OpenSSL OSL-3.0 PHP-3.01 PostgreSQL PSF-2.0 Python-2.0 Ruby Sleepycat Unicode-3.0 Unicode-DFS-2016
Unlicense UPL-1.0 Vim W3C WTFPL X11 Zlib zlib-acknowledgement ZPL-2.0 ZPL-2.1
BUSL-1.1 CC-BY-NC-4.0 CC-BY-SA-3.0 Elastic-2.0 FSFAP PolyForm-Noncommercial-1.0.0 SSPL-1.0 Unicode-TOU
""".split()


def build(package_dir: Path, target: Path) -> int:
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    full = json.loads((package_dir / "spdx-full.json").read_text(encoding="utf-8"))
    missing = [i for i in SHIPPED if i not in full]
    if missing:
        raise SystemExit(f"not in spdx-license-list {meta['version']}: {', '.join(missing)}")
    data = {
        "_source": {
            "package": f"npm:{meta['name']}@{meta['version']}",
            "repository": meta.get("repository"),
            "license": meta.get("license"),
            "note": "License texts from the SPDX License List, as packaged by spdx-license-list "
            "(file spdx-full.json). Regenerate with python -m reportgen.licenses.builddata.",
        },
        "licenses": {
            i: {
                "name": full[i]["name"],
                "osi": str(full[i].get("osiApproved")).lower() == "true",
                "text": full[i]["licenseText"],
            }
            for i in SHIPPED
        },
    }
    write_if_changed(target, json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n")
    return len(SHIPPED)


def index_text() -> str:
    """The text of ``licenses-index.json`` for the current licenses.json and normalisation code."""
    from reportgen.licenses import text

    return json.dumps(text.build_index_data(), ensure_ascii=False, separators=(",", ":")) + "\n"


def build_index() -> Path:
    from reportgen.licenses import text

    text._data.cache_clear()
    write_if_changed(text.INDEX_FILE, index_text())
    return text.INDEX_FILE


if __name__ == "__main__":  # pragma: no cover - maintenance script
    if sys.argv[1:] != ["--index"]:
        here = Path(__file__).resolve().parent.parent / "data" / "spdx" / "licenses.json"
        print(build(Path(sys.argv[1]), here), "licenses written to", here)
    print("index written to", build_index())
