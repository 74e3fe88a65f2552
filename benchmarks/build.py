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


def median_time(cmd: list[str], runs: int, cwd: Path, fresh_out: bool = False, env: dict | None = None) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            full = cmd + (["-o", out] if fresh_out else [])
            start = time.perf_counter()
            proc = subprocess.run(full, cwd=cwd, capture_output=True, text=True, env=env)
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(full)} failed ({proc.returncode}):\n{proc.stderr}")
    return statistics.median(times)


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
        median_time([script, "build", *map(str, notes), "--format", "md,html,pdf"], 1, cwd, fresh_out=True, env=env)
    base = median_time([sys.executable, "-c", "pass"], args.runs, cwd, env=env)
    help_ = median_time([script, "--help"], args.runs, cwd, env=env)
    build = median_time([script, "build", *map(str, notes), "--format", "md,html,pdf"], args.runs, cwd, fresh_out=True, env=env)
    plain_env = dict(env if env is not None else os.environ, REPORTGEN_WEASYPRINT_FFI="plain")
    build_plain = median_time([script, "build", *map(str, notes), "--format", "md,html,pdf"], args.runs, cwd,
                              fresh_out=True, env=plain_env)
    build_nopdf = median_time([script, "build", *map(str, notes), "--format", "md,html"], args.runs, cwd, fresh_out=True,
                              env=env)
    bytecode = "on" if env is not None or not os.environ.get("PYTHONDONTWRITEBYTECODE") else "off (PYTHONDONTWRITEBYTECODE)"
    print(f"runs per command: {args.runs} (median wall time, subprocesses); {len(notes)} notes in {args.reports}; "
          f"bytecode cache {bytecode}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'python -c pass':40s} {base * 1000:8.0f} ms   1.0x")
    print(f"{'reportgen --help':40s} {help_ * 1000:8.0f} ms   {help_ / base:4.1f}x  (target < 150 ms)")
    print(f"{'reportgen build -> md,html':40s} {build_nopdf * 1000:8.0f} ms   {build_nopdf / base:4.1f}x")
    print(f"{'reportgen build -> md,html,pdf':40s} {build * 1000:8.0f} ms   {build / base:4.1f}x  (target < 2000 ms)")
    print(f"{'  the same, plain WeasyPrint import':40s} {build_plain * 1000:8.0f} ms   {build_plain / base:4.1f}x  "
          "(REPORTGEN_WEASYPRINT_FFI=plain: cffi parses its C declarations)")


if __name__ == "__main__":
    main()
