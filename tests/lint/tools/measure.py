"""Measure reportgen lint's recall and false positives on the corpora of real CSE312 reports.

    python tests/lint/tools/measure.py [--corpus NAME ...] [--details] [--json] [--online]

in-sample      tests/lint/corpus/*.yaml, labels = tests/lint/corpus/expected.json (the rules were tuned on it)
in-sample now  tests/lint/holdout/*.yaml, labels = tests/lint/holdout/labels.json (transcribed and graded by
               hand before lint was run on them; see its "_policy")
in-sample now  tests/lint/holdout2/*.yaml, labels = tests/lint/holdout2/labels.json: a second blind corpus from
               twelve more teams, graded before lint was run on it; the rules were tuned on it from branch
               lint-tune2 on (docs/lint-accuracy.md), so its figures are no longer out-of-sample
in-sample now  tests/lint/holdout3/*.yaml, labels = tests/lint/holdout3/labels.json: a third blind corpus from six
               more teams, graded (and committed) before lint was run on it, after both earlier holdouts were tuned on;
               the rules were tuned on it from branch lint-tune3 on (its last out-of-sample figure: 69/78, 0 FP)
out-of-sample  tests/lint/holdout4/*.yaml, labels = tests/lint/holdout4/labels.json: a fourth blind corpus from three
               more teams, graded (and committed) before lint was run on it, on the final code; no rule is tuned on it

``--json > docs/lint-accuracy.json`` refreshes the figures docs/lint.md shows (python -m reportgen.lint.docs);
tests/lint/test_holdout.py checks that file against a fresh measurement.

A finding counts as found when a label has the same (file, code, field); a finding that matches no label is a
false positive, except where labels.json marks that (field, code) as unjudged, and except an info-level finding:
an info is a suggestion (write the id `MIT` for "distributed under the MIT license."), not a claim of a defect,
so one on a field no label marks is listed as a suggestion, not counted as a false positive.  Lint runs offline unless
--online is given, against the libraries installed in this environment: the holdout needs the `test` extra's
pins (flask, werkzeug, flask-socketio, python-socketio, python-engineio, fastapi, starlette, uvicorn, django,
channels), since rules read their metadata, license files and source.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.lint import lint
from reportgen.lint.docs import accuracy_table

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
HOLDOUT = HERE.parent / "holdout"
HOLDOUT2 = HERE.parent / "holdout2"
HOLDOUT3 = HERE.parent / "holdout3"
HOLDOUT4 = HERE.parent / "holdout4"


@dataclass
class Labels:
    """What a grader marked in one corpus: defects, and (field, code) pairs left unjudged."""

    defects: set[tuple[str, str, str]] = field(default_factory=set)  # (file, code, field)
    unjudged: set[tuple[str, str, str]] = field(default_factory=set)
    files: list[str] = field(default_factory=list)


def corpus_labels() -> Labels:
    """The in-sample corpus: expected.json, one list of {code, line, field} per file."""
    expected = json.loads((CORPUS / "expected.json").read_text())
    labels = Labels(files=sorted(expected))
    for name, items in expected.items():
        labels.defects |= {(name, f["code"], f["field"]) for f in items}
    return labels


def holdout_labels(folder: Path = HOLDOUT) -> Labels:
    """A graded corpus (holdout, holdout2, holdout3, holdout4): labels.json, per file {defects, clean, unjudged}."""
    data = json.loads((folder / "labels.json").read_text())["files"]
    labels = Labels(files=sorted(data))
    for name, entry in data.items():
        labels.defects |= {(name, d["code"], d["field"]) for d in entry["defects"]}
        labels.unjudged |= {(name, code, u["field"]) for u in entry["unjudged"] for code in u["codes"]}
    return labels


@dataclass
class Score:
    hits: set = field(default_factory=set)
    misses: set = field(default_factory=set)
    false_positives: set = field(default_factory=set)
    ignored: set = field(default_factory=set)  # findings on unjudged (field, code): not counted
    suggestions: set = field(default_factory=set)  # info-level findings on unlabelled fields: not counted


def measure(folder: Path, labels: Labels, online: bool = False) -> Score:
    """Run lint on each labelled file of ``folder`` and compare with the labels."""
    found: set[tuple[str, str, str]] = set()
    messages: dict[tuple[str, str, str], str] = {}
    claims: set[tuple[str, str, str]] = set()  # found at error or warning level
    for name in labels.files:
        for f in lint([folder / name], online=online).findings:
            key = (name, f.code, f.field)
            found.add(key)
            messages[key] = f.message
            if f.severity != "info":
                claims.add(key)
    score = Score()
    score.hits = labels.defects & found
    score.misses = labels.defects - found
    score.false_positives = {k for k in claims - labels.defects if k not in labels.unjudged}
    score.suggestions = {k for k in found - claims - labels.defects if k not in labels.unjudged}
    score.ignored = {k for k in found - labels.defects if k in labels.unjudged}
    score.messages = messages  # type: ignore[attr-defined]
    return score


def table(score: Score) -> list[dict]:
    """One row per rule that has a label or a false positive, then the total."""
    labelled = Counter(code for _, code, _ in score.hits | score.misses)
    hits = Counter(code for _, code, _ in score.hits)
    fps = Counter(code for _, code, _ in score.false_positives)
    rows = []
    for code in sorted(set(labelled) | set(fps)):
        rows.append(_row(code, labelled[code], hits[code], fps[code]))
    rows.append(_row("total", sum(labelled.values()), sum(hits.values()), sum(fps.values())))
    return rows


def _row(code: str, labelled: int, found: int, fps: int) -> dict:
    return {"rule": code, "labelled": labelled, "found": found,
            "recall": (found / labelled) if labelled else None, "false_positives": fps}


def markdown(rows: list[dict]) -> str:
    return accuracy_table(rows)


CORPORA = [  # (folder, heading, labels)
    (CORPUS, "in-sample: tests/lint/corpus (labels: expected.json; the rules were tuned on it)", corpus_labels),
    (HOLDOUT, "in-sample since lint-tune: tests/lint/holdout (labels: labels.json, graded blind; the rules were "
              "tuned on it)", holdout_labels),
    (HOLDOUT2, "in-sample since lint-tune2: tests/lint/holdout2 (labels: labels.json, graded blind; the rules "
               "were tuned on it)",
     lambda: holdout_labels(HOLDOUT2)),
    (HOLDOUT3, "in-sample since lint-tune3: tests/lint/holdout3 (labels: labels.json, graded blind; the rules "
               "were tuned on it)",
     lambda: holdout_labels(HOLDOUT3)),
    (HOLDOUT4, "out-of-sample: tests/lint/holdout4 (labels: labels.json, graded blind on the final code; no rule "
               "was tuned on it)",
     lambda: holdout_labels(HOLDOUT4)),
]

#: per corpus: whether the rules were tuned on it, and the last figure measured while it was still blind
#: (recorded in docs/lint-accuracy.md; a measured fact, not recomputed: the code it was measured on is gone)
SAMPLES = {
    "corpus": ("in-sample (the rules were written on it)", None),
    "holdout": ("in-sample since lint-tune", "63/85 (74%), 7 false positives, on main at beb0d91 before lint-tune"),
    "holdout2": ("in-sample since lint-tune2", "135/157 (86%), 7 false positives, on main at 1580603 before lint-tune2"),
    "holdout3": ("in-sample since lint-tune3", "69/78 (88%), 0 false positives, on main at 74596be (after lint-tune2) before lint-tune3"),
    "holdout4": ("out-of-sample (graded blind on the final code; no rule was tuned on it)", None),
}


def figures(names: list[str] | None = None, online: bool = False) -> dict:
    """Every corpus (or those in ``names``) measured: the JSON ``--json`` prints and docs/lint-accuracy.json keeps."""
    result = {}
    for folder, _title, labels_of in CORPORA:
        if names and folder.name not in names:
            continue
        labels = labels_of()
        score = measure(folder, labels, online=online)
        sample, blind = SAMPLES[folder.name]
        result[folder.name] = {"sample": sample, "last_out_of_sample": blind,
                               "files": len(labels.files), "rows": table(score),
                               "misses": sorted(map(list, score.misses)),
                               "false_positives": sorted(map(list, score.false_positives)),
                               "unjudged_findings": sorted(map(list, score.ignored)),
                               "suggestions": sorted(map(list, score.suggestions))}
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--details", action="store_true", help="list every miss and false positive")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--online", action="store_true", help="let lint fetch library sources (REPORTGEN_RAW_BASE)")
    ap.add_argument("--corpus", action="append", choices=[folder.name for folder, _, _ in CORPORA],
                    help="measure only this corpus (repeatable; default: all of them)")
    args = ap.parse_args(argv)
    if args.json:
        print(json.dumps(figures(args.corpus, online=args.online), indent=1))
        return 0
    for folder, title, labels_of in CORPORA:
        if args.corpus and folder.name not in args.corpus:
            continue
        labels = labels_of()
        score = measure(folder, labels, online=args.online)
        print(f"## {title}: {len(labels.files)} files\n")
        print(markdown(table(score)))
        print(f"\n(findings on fields marked unjudged, not counted: {len(score.ignored)}; "
              f"info-level suggestions on unlabelled fields, not counted: {len(score.suggestions)})\n")
        if args.details:
            for kind, keys in (("missed", score.misses), ("false positive", score.false_positives),
                               ("unjudged", score.ignored), ("suggestion (info)", score.suggestions)):
                for key in sorted(keys):
                    msg = score.messages.get(key, "")  # type: ignore[attr-defined]
                    print(f"- {kind}: {key[0]} {key[1]} {key[2]}" + (f": {msg}" if msg else ""))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
