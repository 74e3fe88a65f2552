"""`reportgen explain` through the real entry point: output, JSON, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "reportgen", "explain", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("expr", ["MIT", "MIT OR Apache-2.0", "GPL-2.0+", "LGPL-2.1-only AND MIT",
                                  "GPL-2.0-only WITH Classpath-exception-2.0", "SSPL-1.0"])
def test_expressions_json(expr):
    proc = run(expr, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["kind"] == "license" and data["explanation"]["restrictions"]


def test_text_output_of_a_package():
    proc = run("click")
    assert proc.returncode == 0, proc.stderr
    assert "https://github.com/pallets/click" in proc.stdout and "BSD-3-Clause" in proc.stdout


def test_unknown_input_is_one_line_exit_2():
    proc = run("MTI")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "did you mean MIT" in proc.stderr
    assert "Traceback" not in proc.stderr
