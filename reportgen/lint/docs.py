"""``docs/lint.md`` from the rules' own docs: ``python -m reportgen.lint.docs [FILE]``.

Each rule's docstring is its documentation (``reportgen lint --explain CODE`` prints
it); this page gathers them, with a table first, then lint's recall per rule on the
corpora of real reports, read from ``docs/lint-accuracy.json`` (written by
``python tests/lint/tools/measure.py --json``; ``tests/lint/test_holdout.py`` checks it
against a fresh measurement).  ``tests/lint/test_rules.py`` checks that the committed page
is what this makes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportgen.lint import registry

HEADER = """# reportgen lint: rules

<!-- generated from the rule docstrings (reportgen/lint/rules/) by python -m reportgen.lint.docs; do not edit by hand -->

Usage: `reportgen lint [NOTES_OR_DIRS...] [--format text|json|sarif] [--select/--ignore CODES] [--online] [--explain CODE] [--python PATH]`.
Exit 0 clean, 1 findings, 2 usage/input error. Config: `[tool.reportgen.lint]` in pyproject.toml (`select`, `ignore`, `per-file-ignores`, `online`).
`--online` fetches files from `REPORTGEN_RAW_BASE` (default https://raw.githubusercontent.com), cached under `REPORTGEN_CACHE_DIR` (default ~/.cache/reportgen).
"""


FIGURES = Path(__file__).resolve().parents[2] / "docs" / "lint-accuracy.json"


def accuracy_table(rows: list[dict]) -> str:
    """A Markdown table of measured figures: one row per rule (labelled, found, recall, false positives)."""
    lines = ["| rule | labelled | found | recall | false positives |", "|---|---:|---:|---:|---:|"]
    for r in rows:
        recall = "-" if r["recall"] is None else f"{r['recall']:.0%}"
        if r["rule"] != "total" and registry.get(r["rule"]) is None:
            recall += " (no such rule yet)"
        name = f"**{r['rule']}**" if r["rule"] == "total" else r["rule"]
        lines.append(f"| {name} | {r['labelled']} | {r['found']} | {recall} | {r['false_positives']} |")
    return "\n".join(lines)


def accuracy(figures: Path = FIGURES) -> list[str]:
    """The "Accuracy on real reports" section from the committed figures; nothing when there are none
    (an installed copy of reportgen has no docs/)."""
    try:
        data = json.loads(figures.read_text(encoding="utf-8"))
    except OSError:
        return []
    lines = ["", "## Accuracy on real reports", "",
             "Measured offline on real CSE312 reports transcribed into notes and graded by hand "
             "(`python tests/lint/tools/measure.py`; how the corpora were made: docs/lint-accuracy.md). "
             "A label is found when a finding has its code and field; a false positive is a finding no label "
             "marks. **In-sample** means the rules were tuned on that corpus, so its figure shows what was "
             "fixed, not how lint does on new reports; the last figure measured while it was still blind "
             "(out-of-sample) is given with it."]
    for name, corpus in data.items():
        blind = corpus.get("last_out_of_sample")
        lines += ["", f"### tests/lint/{name} ({corpus['files']} files): {corpus['sample']}", ""]
        if blind:
            lines += [f"Last out-of-sample figure: {blind}.", ""]
        lines.append(accuracy_table(corpus["rows"]))
    return lines


def render() -> str:
    rules = registry.all_rules()
    lines = [HEADER, "| code | name | summary |", "|---|---|---|"]
    lines += [f"| {rule.code} | {rule.name} | {rule.summary()} |" for rule in rules]
    lines += accuracy()
    for rule in rules:
        summary, _, body = rule.doc().partition("\n")
        body = "\n".join(("#" + line) if line.startswith("## ") else line for line in body.strip("\n").splitlines())
        lines += ["", f"## {rule.code} {rule.name}", "", summary.strip(), "", body]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "docs" / "lint.md"
    from reportgen.fsutil import write_if_changed

    changed = write_if_changed(target, render())
    print(f"{'wrote' if changed else 'unchanged'} {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
