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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script() -> str:
    candidate = Path(sys.executable).with_name("reportgen")
    return str(candidate) if candidate.exists() else shutil.which("reportgen") or "reportgen"


def run_once(cmd: list[str], cwd: Path, fresh_out: bool = False, env: dict | None = None) -> float:
    """Wall time of one run; ``fresh_out``: the reports go to a new empty folder (``-o``)."""
    with tempfile.TemporaryDirectory() as out:
        full = cmd + (["-o", out] if fresh_out else [])
        start = time.perf_counter()
        proc = subprocess.run(full, cwd=cwd, capture_output=True, text=True, env=env)
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(full)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def interleaved_medians(commands: dict[str, dict], runs: int) -> dict[str, list[float]]:
    """Each command once per round, ``runs`` rounds (a slow spell of the machine hits all alike)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, spec in commands.items():
            times[name].append(run_once(**spec))
    return times


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
    run_once(build + ["md,html,pdf"], cwd, fresh_out=True, env=env)
    times = interleaved_medians({
        "python -c pass": {"cmd": [sys.executable, "-c", "pass"], "cwd": cwd, "env": env},
        "reportgen --help": {"cmd": [script, "--help"], "cwd": cwd, "env": env},
        "reportgen build -> md,html": {"cmd": build + ["md,html"], "cwd": cwd, "fresh_out": True, "env": env},
        "reportgen build -> md,html,pdf": {"cmd": build + ["md,html,pdf"], "cwd": cwd, "fresh_out": True, "env": env},
        "  the same, plain WeasyPrint import": {"cmd": build + ["md,html,pdf"], "cwd": cwd, "fresh_out": True,
                                                "env": plain_env},
    }, args.runs)
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
