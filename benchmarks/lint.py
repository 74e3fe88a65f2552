"""Benchmark: lint 50 notes files with 500 links offline (target: under 2 s in all).

The notes cite real installed code (werkzeug 3.1.8 and the running Python's standard library),
so every link goes through parsing, source resolution, AST analysis and the chain check.

Two figures:

* in-process: ``reportgen.lint.lint(paths)`` (imports already paid, one run);
* the real CLI: ``reportgen lint DIR --offline`` as a subprocess, median wall time of
  ``--runs`` runs, next to ``python -c pass`` (the interpreter's own start-up) with the ratio.
  This is the "2 s in all" target: start-up, imports, loading and every check.

Run: python benchmarks/lint.py [--runs 5]
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

W = "https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py"
STEPS = [
    (f"{W}#L961-L1126", "run_simple"), (f"{W}#L907-L949", "make_server"), (f"{W}#L712-L813", "BaseWSGIServer.__init__"),
    (f"{W}#L818-L824", "BaseWSGIServer.serve_forever"), (f"{W}#L396-L406", "WSGIRequestHandler.handle"),
    (f"{W}#L249-L394", "WSGIRequestHandler.run_wsgi"), (f"{W}#L168-L247", "WSGIRequestHandler.make_environ"),
    ("https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py#L10", None),
    ("https://docs.python.org/3/library/socketserver.html", None),
    ("https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L553-#L720", None),
]
FILES, LINKS_PER_FILE = 50, 10


def make(folder: Path, files: int = FILES, links_per_file: int = LINKS_PER_FILE) -> list[Path]:
    paths = []
    for i in range(files):
        lines = ["technology: Werkzeug", "package: werkzeug==3.1.8", "general:",
                 "  code_repository: https://github.com/pallets/werkzeug", "  license_type: BSD-3-Clause",
                 "  license_restrictions: Keep the notice.", "sections:", "  - chain:"]
        for j in range(links_per_file):
            link, symbol = STEPS[(i + j) % len(STEPS)]
            lines.append(f"      - link: {link}")
            if symbol:
                lines.append(f"        symbol: {symbol}")
            lines.append(f"        text: step {j}")
        p = folder / f"notes{i:02}.yaml"
        p.write_text("\n".join(lines) + "\n")
        paths.append(p)
    return paths


def _script() -> str:
    candidate = Path(sys.executable).with_name("reportgen")
    return str(candidate) if candidate.exists() else shutil.which("reportgen") or "reportgen"


def median_time(cmd: list[str], runs: int, cwd: Path, ok=(0,), env=None) -> tuple[float, subprocess.CompletedProcess]:
    times = []
    proc = None
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-800:]}")
    assert proc is not None
    return statistics.median(times), proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bytecode", action="store_true",
                        help="let the CLI runs read and write __pycache__ even if PYTHONDONTWRITEBYTECODE is set "
                             "(what an installed wheel gets); one untimed run compiles first")
    args = parser.parse_args(argv)
    env = None
    if args.bytecode:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    from reportgen.lint import lint

    links = FILES * LINKS_PER_FILE
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notes"
        folder.mkdir()
        paths = make(folder)
        t0 = time.perf_counter()
        result = lint(paths)
        elapsed = time.perf_counter() - t0
        command = [_script(), "lint", str(folder), "--offline"]
        if env is not None:
            median_time(command, 1, Path(tmp), ok=(0, 1), env=env)
        base, _ = median_time([sys.executable, "-c", "pass"], args.runs, Path(tmp), env=env)
        # exit 1 = findings (the corpus has deliberate mistakes), which is the expected outcome
        cli, proc = median_time(command, args.runs, Path(tmp), ok=(0, 1), env=env)
    bytecode = "on" if env is not None or not os.environ.get("PYTHONDONTWRITEBYTECODE") else "off (PYTHONDONTWRITEBYTECODE)"
    print(f"notes: {len(paths)} files, {links} links; {len(result.findings)} findings; "
          f"CLI: {args.runs} runs (median wall time, subprocesses); bytecode cache {bytecode}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'lint(paths) in-process':40s} {elapsed * 1000:8.0f} ms   ({elapsed / links * 1000:.2f} ms/link)")
    print(f"{'python -c pass':40s} {base * 1000:8.0f} ms   1.0x")
    print(f"{'reportgen lint DIR --offline':40s} {cli * 1000:8.0f} ms   {cli / base:4.1f}x  (target < 2000 ms)")
    last = proc.stderr.strip().splitlines()[-1:] if proc.stderr.strip() else []
    if last:
        print(f"  CLI said: {last[0]}")
    return 0 if cli < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
