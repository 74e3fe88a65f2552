"""tests/licenses/tools/digest_wheels.py, the labelling aid: its header summary must see a GPL
version clause that a Python or C comment wraps over several lines (healpy's headers were missed
before it joined them)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))

import digest_wheels  # noqa: E402

PY_HEADER = """# This file is part of demo.
#
# demo is free software; you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation; either version 2 of the License, or
# (at your option) any later version.
"""
C_HEADER = """/*
 * SPDX-License-Identifier: LGPL-2.1-only
 * This library is free software; you can redistribute it and/or modify it under
 * the terms of the GNU Lesser General Public License as published by the Free
 * Software Foundation; version 2.1 of the License.
 */
"""


def test_wrapped_clauses_and_spdx_lines_are_counted(tmp_path):
    wheel = tmp_path / "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("demo/__init__.py", PY_HEADER + "X = 1\n")
        zf.writestr("demo/_speed.c", C_HEADER + "int x;\n")
    lines = "\n".join(digest_wheels.header_facts(digest_wheels.Archive(str(wheel))))
    assert "headers of 2 source files" in lines
    assert "or-later: 'version 2' x1" in lines
    assert "version-only: '2.1' x1" in lines
    assert "spdx: 'LGPL-2.1-only' x1" in lines
