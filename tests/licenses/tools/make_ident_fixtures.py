"""Cut the identification fixtures (tests/licenses/fixtures/ident/site) from real wheels.

Usage: python tests/licenses/tools/make_ident_fixtures.py WHEEL_DIR
(WHEEL_DIR holds the wheels named in WHEELS, e.g. from
``pip download --no-deps paramiko==5.1.0 ...``).  Kept from each wheel: its dist-info
METADATA (the header block only: the long description is cut off), its RECORD (the lines of the
kept files), its license files
(LICENSE-3RD-PARTY.txt of opencv cut to its first CUT characters) and the first HEADER_LINES
lines of the source files named in HEADERS.  Not run by the tests.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "ident" / "site"
WHEELS = {
    "paramiko-5.1.0-py3-none-any.whl": ["paramiko/__init__.py"],
    "python_telegram_bot-22.8-py3-none-any.whl": ["telegram/__init__.py"],
    "pyinstaller_hooks_contrib-2026.9-py3-none-any.whl": [],
    "pyinstaller-6.22.3-py3-none-manylinux2014_x86_64.whl": [],
    "scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl": [],
    "sympy-1.14.0-py3-none-any.whl": [],
    "parso-0.8.7-py2.py3-none-any.whl": [],
    "gevent_websocket-0.10.1-py3-none-any.whl": [],
    "pymupdf-2.1-cp311-abi3-manylinux_2_28_x86_64.whl": ["pymupdf/__init__.py", "pymupdf/utils.py",
                                                         "pymupdf/_table_refine.py"],
    "opencv_python_headless-5.1.0.95-cp37-abi3-manylinux_2_28_x86_64.whl": [],
}
LICENSE_WORDS = ("licen", "copying", "notice")
HEADER_LINES = 30
CUT = 12_000
KEEP_WHOLE_METADATA = ("gevent_websocket",)  # its header block is the point: keep the whole file


def main(wheel_dir: Path) -> None:
    for wheel, headers in WHEELS.items():
        kept: list[str] = []
        with zipfile.ZipFile(wheel_dir / wheel) as zf:
            for member in zf.namelist():
                top, _, rest = member.partition("/")
                if top.endswith(".dist-info"):
                    name = rest.lower()
                    if rest == "METADATA":
                        text = zf.read(member).decode("utf-8")
                        if not top.startswith(KEEP_WHOLE_METADATA):
                            text = text.split("\n\n", 1)[0] + "\n"
                    elif rest == "top_level.txt" or any(w in name for w in LICENSE_WORDS):
                        text = zf.read(member).decode("utf-8")
                        if "3rd-party" in name:
                            text = text[:CUT]
                    else:
                        continue
                elif member in headers:
                    text = "".join(zf.read(member).decode("utf-8").splitlines(keepends=True)[:HEADER_LINES])
                else:
                    continue
                target = OUT / member
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                kept.append(member)
            record = next(m for m in zf.namelist() if m.endswith(".dist-info/RECORD"))
            lines = [line for line in zf.read(record).decode("utf-8").splitlines()
                     if line.split(",", 1)[0] in kept]  # RECORD names the top-level packages
            (OUT / record).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
