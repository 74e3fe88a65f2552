"""Timing shared by the benchmark scripts: whole-process runs, the commands taking turns.

Each command of a comparison runs once per round, for N rounds, so that a slow spell of
a shared machine slows every command alike and the ratios stay fair.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path


def run_once(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
             fresh_cache: bool = False, fresh_out: bool = False,
             ok: tuple[int, ...] = (0,)) -> tuple[float, subprocess.CompletedProcess]:
    """Wall time and result of one run.

    ``fresh_cache``: the run gets an empty cache folder (a first run on a machine);
    ``fresh_out``: ``-o`` a new empty folder, so every file is really written.
    An exit code outside ``ok`` stops the benchmark with the command's error.
    """
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as scratch:
        run_env = dict(env if env is not None else os.environ)
        if fresh_cache:
            run_env.update(XDG_CACHE_HOME=scratch, REPORTGEN_CACHE_DIR=scratch)
        full = command + (["-o", str(Path(scratch) / "out")] if fresh_out else [])
        start = time.perf_counter()
        proc = subprocess.run(full, cwd=cwd, capture_output=True, text=True, env=run_env)
        elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(full)} failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    return elapsed, proc


def interleaved(commands: dict[str, dict], runs: int) -> dict[str, tuple[list[float], subprocess.CompletedProcess]]:
    """name -> (wall times, last result) of each command (``run_once`` keyword arguments), in turns."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    last: dict[str, subprocess.CompletedProcess] = {}
    for _ in range(runs):
        for name, spec in commands.items():
            elapsed, last[name] = run_once(**spec)
            times[name].append(elapsed)
    return {name: (times[name], last[name]) for name in commands}
