"""``docs/lint.md`` from the rules' own docs: ``python -m reportgen.lint.docs [FILE]``.

Each rule's docstring is its documentation (``reportgen lint --explain CODE`` prints
it); this page gathers them, with a table first.  ``tests/lint/test_rules.py`` checks
that the committed page is what this makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportgen.lint import registry

HEADER = """# reportgen lint: rules

<!-- generated from the rule docstrings (reportgen/lint/rules/) by python -m reportgen.lint.docs; do not edit by hand -->

Usage: `reportgen lint [NOTES_OR_DIRS...] [--format text|json|sarif] [--select/--ignore CODES] [--online] [--explain CODE] [--python PATH]`.
Exit 0 clean, 1 findings, 2 usage/input error. Config: `[tool.reportgen.lint]` in pyproject.toml (`select`, `ignore`, `per-file-ignores`, `online`).
`--online` fetches files from `REPORTGEN_RAW_BASE` (default https://raw.githubusercontent.com), cached under `REPORTGEN_CACHE_DIR` (default ~/.cache/reportgen).
"""


def render() -> str:
    rules = registry.all_rules()
    lines = [HEADER, "| code | name | summary |", "|---|---|---|"]
    lines += [f"| {rule.code} | {rule.name} | {rule.summary()} |" for rule in rules]
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
