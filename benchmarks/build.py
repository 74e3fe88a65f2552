"""Benchmark: ``reportgen build`` of reports/ and ``reportgen --help`` start-up.

Each command runs N times as a subprocess (the way a user runs it); the median
wall time is printed next to ``python -c pass`` (the interpreter's own
start-up), with ratios.  Targets: ``--help`` under 150 ms; building every
report in reports/ to md+html+pdf under 2 s.  The PDF build is timed a second
time with ``REPORTGEN_WEASYPRINT_FFI=plain`` (WeasyPrint imported the usual
way, see ``reportgen/render/weasyffi.py``) to show what the prebuilt C
declarations save.

Usage::

    python benchmarks/build.py [--runs 5] [--reports DIR]

The reports are built into a fresh temporary folder for every run (``-o``), so
every run really writes its files (no "unchanged" shortcut).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

from _runs import interleaved, run_once

ROOT = Path(__file__).resolve().parent.parent


def _script() -> str:
    candidate = Path(sys.executable).with_name("reportgen")
    return str(candidate) if candidate.exists() else shutil.which("reportgen") or "reportgen"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--bytecode", action="store_true",
                        help="let the runs read and write __pycache__ even if PYTHONDONTWRITEBYTECODE is set "
                             "(what an installed wheel gets); one untimed run compiles first")
    args = parser.parse_args()
    notes = sorted(args.reports.glob("*.yaml"))
    if not notes:
        raise SystemExit(f"no notes (*.yaml) in {args.reports}")
    script = _script()
    cwd = args.reports.parent
    env = None
    if args.bytecode:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    build = [script, "build", *map(str, notes), "--format"]
    plain_env = dict(env if env is not None else os.environ, REPORTGEN_WEASYPRINT_FFI="plain")
    # untimed: compiles bytecode (with --bytecode) and builds the prebuilt WeasyPrint declarations
    run_once(build + ["md,html,pdf"], cwd=cwd, fresh_out=True, env=env)
    runs = interleaved({
        "python -c pass": {"command": [sys.executable, "-c", "pass"], "cwd": cwd, "env": env},
        "reportgen --help": {"command": [script, "--help"], "cwd": cwd, "env": env},
        "reportgen build -> md,html": {"command": build + ["md,html"], "cwd": cwd, "fresh_out": True, "env": env},
        "reportgen build -> md,html,pdf": {"command": build + ["md,html,pdf"], "cwd": cwd, "fresh_out": True,
                                           "env": env},
        "  the same, plain WeasyPrint import": {"command": build + ["md,html,pdf"], "cwd": cwd, "fresh_out": True,
                                                "env": plain_env},
    }, args.runs)
    times = {name: values for name, (values, _) in runs.items()}
    notes_on = {
        "reportgen --help": "(target < 150 ms)",
        "reportgen build -> md,html,pdf": "(target < 2000 ms)",
        "  the same, plain WeasyPrint import": "(REPORTGEN_WEASYPRINT_FFI=plain: cffi parses its C declarations)",
    }
    bytecode = "on" if env is not None or not os.environ.get("PYTHONDONTWRITEBYTECODE") else "off (PYTHONDONTWRITEBYTECODE)"
    print(f"runs per command: {args.runs}, taking turns (median wall time, subprocesses); {len(notes)} notes in "
          f"{args.reports}; bytecode cache {bytecode}; load average {os.getloadavg()[0]:.2f}")
    base = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:40s} {median * 1000:8.0f} ms   {median / base:5.1f}x   "
              f"(range {min(values) * 1000:.0f}-{max(values) * 1000:.0f}) {notes_on.get(name, '')}".rstrip())


if __name__ == "__main__":
    main()
