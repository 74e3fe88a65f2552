"""Exact-match accuracy of reportgen and pip-licenses on the holdout corpus.

    python tests/licenses/tools/measure_holdout.py [--misses]

Builds (or reuses, cached) the holdout venv -- see tests/licenses/holdout_env.py -- then
prints, for each tool, the exact SPDX matches overall, on the `sure` rows only, and per kind,
and with --misses every row it got wrong (found vs expected).  The labels were decided from
the files (tests/licenses/holdout/labels.toml), not from either tool.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import holdout_env  # noqa: E402


def _pct(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right}/{total} = {100 * right / total:.1f}%" if total else "-"


def report(name: str, figures: dict, misses: bool) -> list[str]:
    lines = [f"{name}: all {_pct(figures['all'])}; sure rows {_pct(figures['sure'])}"]
    lines += [f"  {kind:17} {_pct(pair)}" for kind, pair in figures["kinds"].items()]
    lines.append(f"  (every row installed from an sdist, as .egg-info: {_pct(figures['egg-info'])})")
    if misses:
        lines.append(f"  misses ({len(figures['misses'])}):")
        lines += [f"    {n} [{k}{'' if sure else ', unsure'}]: found {_short(found)!r}, expected {exp!r}"
                  for n, k, found, exp, sure in figures["misses"]]
    return lines


def _short(text: str, width: int = 90) -> str:
    """One line of at most ``width`` characters (pip-licenses can answer with a whole license text)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def main(argv: list[str]) -> int:
    python, site, seconds = holdout_env.build_holdout_env()
    labels = holdout_env.load_labels()
    print(f"holdout corpus: {len(labels)} distributions" + (f" (venv built in {seconds:.0f} s)" if seconds else " (cached venv)"))
    show = "--misses" in argv
    for line in report("reportgen", holdout_env.score(labels, holdout_env.reportgen_answers(site)), show):
        print(line)
    for source in ("mixed", "meta"):
        figures = holdout_env.score(labels, holdout_env.pip_licenses(python, source))
        for line in report(f"pip-licenses --from={source}", figures, show):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
