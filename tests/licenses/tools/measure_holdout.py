"""Exact-match accuracy of reportgen and pip-licenses on the holdout corpus.

    python tests/licenses/tools/measure_holdout.py [--misses] [--tuned FILE] [--corpus holdout2]

Builds (or reuses, cached) the holdout venv -- see tests/licenses/holdout_env.py -- then
prints, for each tool, the exact SPDX matches overall, on the `sure` rows only, and per kind;
then the same two figures on the untuned rows only -- the rows whose package no identification
fixer inspected or tuned on (the corpus's tuned.txt lists those: tests/licenses/holdout/tuned.txt, holdout2/tuned.txt, holdout3/tuned.txt), the out-of-sample
figure -- and with --misses every row it got wrong (found vs expected; "tuned" marks an
in-sample row; --tuned reads another list, e.g. an earlier state of tuned.txt).  The labels were decided from the files (tests/licenses/holdout/labels.toml),
not from either tool.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import holdout_env  # noqa: E402
from reportgen.model import normalize_name  # noqa: E402


def _pct(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right}/{total} = {100 * right / total:.1f}%" if total else "-"


def report(name: str, figures: dict, misses: bool) -> list[str]:
    lines = [f"{name}: all {_pct(figures['all'])}; sure rows {_pct(figures['sure'])}",
             f"  untuned rows (out-of-sample): all {_pct(figures['untuned'])}; sure rows {_pct(figures['untuned-sure'])}"]
    lines += [f"  {kind:17} {_pct(pair)}" for kind, pair in figures["kinds"].items()]
    lines.append(f"  (every row installed from an sdist, as .egg-info: {_pct(figures['egg-info'])})")
    if misses:
        lines.append(f"  misses ({len(figures['misses'])}):")
        lines += [f"    {n} [{k}{'' if sure else ', unsure'}{', tuned' if tuned else ''}]: "
                  f"found {_short(found)!r}, expected {exp!r}"
                  for n, k, found, exp, sure, tuned in figures["misses"]]
    return lines


def _short(text: str, width: int = 90) -> str:
    """One line of at most ``width`` characters (pip-licenses can answer with a whole license text)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def main(argv: list[str]) -> int:
    # --corpus NAME picks another out-of-sample corpus (holdout_env.CORPORA; default: the first).
    corpus = argv[argv.index("--corpus") + 1] if "--corpus" in argv else "holdout"
    python, site, seconds = holdout_env.build_holdout_env(holdout_env.labels_path(corpus))
    labels = holdout_env.load_labels(holdout_env.labels_path(corpus))
    # each corpus's own tuned.txt (holdout_env.TUNED_FILES) unless --tuned names another list
    tuned_file = (Path(argv[argv.index("--tuned") + 1]) if "--tuned" in argv
                  else holdout_env.TUNED_FILES.get(corpus))
    tuned = holdout_env.load_tuned(tuned_file) if tuned_file else set()
    in_sample = sum(normalize_name(p["name"]) in tuned for p in labels)
    print(f"{corpus} corpus: {len(labels)} distributions" + (f" (venv built in {seconds:.0f} s)" if seconds else " (cached venv)"))
    print(f"tuned rows (in-sample, {tuned_file if tuned else 'none'}): {in_sample}; untuned: {len(labels) - in_sample}")
    show = "--misses" in argv
    for line in report("reportgen", holdout_env.score(labels, holdout_env.reportgen_answers(site), tuned), show):
        print(line)
    for source in ("mixed", "meta"):
        figures = holdout_env.score(labels, holdout_env.pip_licenses(python, source), tuned)
        for line in report(f"pip-licenses --from={source}", figures, show):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
