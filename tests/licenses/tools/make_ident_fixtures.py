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
import tarfile
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
    # second round (holdout rows, tests/licenses/holdout/tuned.txt)
    "gprof2dot-2025.4.14-py3-none-any.whl": ["gprof2dot.py"],
    "libcst-1.8.6-cp311-cp311-manylinux_2_28_x86_64.whl": [],
    "pyelftools-0.33-py3-none-any.whl": [],
    "clang-18.1.8-py3-none-any.whl": [],
    "python_xlib-0.33-py2.py3-none-any.whl": ["Xlib/__init__.py"],
    # third round (holdout 2 rows, tests/licenses/holdout2/tuned.txt)
    "img2pdf-0.6.3-py3-none-any.whl": ["img2pdf.py"],
    "python_mpv-1.0.8-py3-none-any.whl": [],
    "python_subunit-1.4.6-py3-none-any.whl": [],
    "openslide_bin-4.0.1.2-py3-none-manylinux_2_28_x86_64.whl": [],
    "torch_mlir-20261001-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl": [],
    "brian2-2.9.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl": [],
}
#: Source files kept whole (their RECORD hash must still match: who owns a shared folder).
WHOLE = ("Xlib/__init__.py",)
#: Sdists whose PKG-INFO header block becomes an installed egg-info (NAME-VERSION-py3.11.egg-info,
#: with top_level.txt), as a legacy `setup.py install` leaves it: no license files, no source.
SDISTS = {
    "frida_tools-14.11.0.tar.gz": "frida_tools-14.11.0-py3.11.egg-info",
    "python3-xlib-0.15.tar.gz": "python3_xlib-0.15-py3.11.egg-info",
    "python-stdnum-1.20.tar.gz": "python_stdnum-1.20-py3.11.egg-info",
    "Geohash-1.0.tar.gz": "Geohash-1.0-py3.11.egg-info",
    "lettuce-0.2.23.tar.gz": "lettuce-0.2.23-py3.11.egg-info",
    "ewmh-0.1.6.tar.gz": "ewmh-0.1.6-py3.11.egg-info",
}
#: Sdists whose whole PKG-INFO is kept: the long description states the version clause (ewmh).
SDIST_WHOLE_PKG_INFO = ("ewmh-0.1.6.tar.gz",)
#: Source files of those sdists whose first HEADER_LINES lines are kept (installed as the sdist would).
SDIST_HEADERS = {"python-stdnum-1.20.tar.gz": ["stdnum/__init__.py"], "lettuce-0.2.23.tar.gz": ["lettuce/__init__.py"]}
LICENSE_WORDS = ("licen", "copying", "notice")
HEADER_LINES = 30
CUT = 12_000
KEEP_WHOLE_METADATA = ("gevent_websocket",)  # its header block is the point: keep the whole file


def main(wheel_dir: Path) -> None:
    for wheel, headers in WHEELS.items():
        if not (wheel_dir / wheel).is_file():
            print(f"skipped (not in {wheel_dir}): {wheel}")
            continue
        kept: list[str] = []
        with zipfile.ZipFile(wheel_dir / wheel) as zf:
            for member in zf.namelist():
                if member.endswith("/"):  # a folder entry
                    continue
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
                elif member in WHOLE:
                    text = zf.read(member).decode("utf-8")
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
    for sdist, egg_info in SDISTS.items():
        if not (wheel_dir / sdist).is_file():
            print(f"skipped (not in {wheel_dir}): {sdist}")
            continue
        with tarfile.open(wheel_dir / sdist) as tf:
            top = tf.getnames()[0].split("/", 1)[0]
            pkg_info = tf.extractfile(f"{top}/PKG-INFO").read().decode("utf-8")
            for member in SDIST_HEADERS.get(sdist, []):
                lines = tf.extractfile(f"{top}/{member}").read().decode("utf-8").splitlines(keepends=True)
                (OUT / member).parent.mkdir(parents=True, exist_ok=True)
                (OUT / member).write_text("".join(lines[:HEADER_LINES]), encoding="utf-8")
            tops = sorted({n.split("/")[1] for n in tf.getnames() if n.count("/") >= 2
                           and n.endswith("/__init__.py") and n.count("/") == 2})
        target = OUT / egg_info
        target.mkdir(parents=True, exist_ok=True)
        if sdist not in SDIST_WHOLE_PKG_INFO:
            pkg_info = pkg_info.split("\n\n", 1)[0] + "\n"
        (target / "PKG-INFO").write_text(pkg_info, encoding="utf-8")
        (target / "top_level.txt").write_text("".join(f"{t}\n" for t in tops), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
