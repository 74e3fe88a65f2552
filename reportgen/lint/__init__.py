"""reportgen lint: check notes for the mistakes graders find, against the real source.

Public API::

    run(notes_list, select=None, ignore=None, online=False, python=None) -> list[Finding]
    lint(paths, select=None, ignore=None, online=False, python=None, per_file_ignores=None) -> LintResult

Rules live one per module in ``reportgen/lint/rules/``; see :mod:`reportgen.lint.registry`.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.lint.base import Context, Finding, Rule

__all__ = ["Finding", "LintResult", "Rule", "lint", "run"]


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "no source for pallets/flask@cc66213...; use --online"
    network_error: str | None = None
    files: int = 0

    @property
    def failed(self) -> bool:
        return any(f.severity != "info" for f in self.findings)


def _rules(select, ignore):
    from reportgen.lint import registry

    return [cls() for cls in registry.selected(select, ignore)]


def _check_one(ctx: Context, rules) -> list[Finding]:
    out: list[Finding] = []
    for rule in rules:
        if ctx.notes is None and rule.code != "RG001":
            continue
        out.extend(rule.check(ctx))
    return out


def run(notes_list, select=None, ignore=None, online=False, python=None) -> list[Finding]:
    """Lint notes (Notes objects or paths); the findings, sorted by file and position."""
    return lint(notes_list, select=select, ignore=ignore, online=online, python=python).findings


def lint(items, *, select=None, ignore=None, online=False, python=None, per_file_ignores=None) -> LintResult:
    """Lint notes files (paths, folders or loaded Notes) and gather findings and skipped checks."""
    from reportgen.lint.source import SourceResolver
    from reportgen.notes import find_notes, load_lenient

    rules = _rules(select, ignore)
    result = LintResult()
    resolver = SourceResolver(python=python, online=online)
    paths: list = []
    for item in items:
        if isinstance(item, (str, Path)):
            paths.extend(find_notes([str(item)]) if Path(item).is_dir() else [Path(item)])
        else:
            paths.append(item)
    for item in paths:
        if isinstance(item, Path):
            display = str(item)
            notes, problems = load_lenient(item)  # a missing or unreadable file raises: a usage error
        else:
            notes, problems, display = item, list(getattr(item, "problems", None) or []), item.path
        ctx = Context(display, notes, problems[0] if problems else None, resolver, python, online, problems=problems)
        file_rules = rules
        for pattern, codes in (per_file_ignores or {}).items():
            if fnmatch.fnmatch(display, pattern) or fnmatch.fnmatch(Path(display).name, pattern):
                file_rules = [r for r in file_rules if not any(r.code.startswith(c) or r.name == c for c in codes)]
        result.findings.extend(_check_one(ctx, file_rules))
        for s in ctx.skipped:
            if s not in result.skipped:
                result.skipped.append(s)
        result.files += 1
    result.findings.sort(key=lambda f: f.sort_key)
    result.network_error = resolver.network_error
    return result
