"""``update``: refresh the values ``init`` filled in, keeping every hand edit.

A value is managed by reportgen only while it carries its ``# from: ...``
comment; a value without one is the user's and is never touched.  Only the
characters of a managed value and of its comment change (see
:mod:`reportgen.project.yamltext`), so comments, key order, quoting and all
hand-written values stay byte-for-byte.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportgen.errors import ReportgenError
from reportgen.fsutil import write_if_changed
from reportgen.model import Dependency, normalize_name
from reportgen.notes import load, load_text
from reportgen.project.facts import FACT_FIELDS, PackageFacts, collect, derive, split_spec
from reportgen.project.init import LINK_SOURCE
from reportgen.project.yamltext import ScalarSpan, replace, scan

#: ``(ecosystem, name) -> PackageFacts``: where update gets today's facts.
FactsProvider = Callable[[str, str], PackageFacts]

_SKELETON_LINK = re.compile(r"^(?P<repo>https://github\.com/[^/\s]+/[^/\s]+)/blob/(?P<ref>[^/\s]+)/(?P<rest>[^#\s]*)$")


@dataclass
class Change:
    field: str  # "general.license_type", "package", "sections[0].chain[0].link"
    old: str
    new: str


@dataclass
class UpdateResult:
    path: Path
    old_text: str
    new_text: str
    changes: list[Change] = field(default_factory=list)
    skipped: str | None = None  # why nothing could be checked (no package: key ...)

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def provider(project_dir: str | Path | None = None, python: str | None = None) -> FactsProvider:
    """The default facts provider: the project's environment / lock files, cached per package."""
    cache: dict[tuple[str, str], PackageFacts] = {}
    declared: list[Dependency] | None = None

    def dependency(ecosystem: str, name: str) -> Dependency | None:
        nonlocal declared
        if declared is None:
            try:
                declared = collect(project_dir, python=python) if project_dir is not None else []
            except ReportgenError:
                declared = []
        wanted = normalize_name(name, ecosystem)
        return next((d for d in declared if d.ecosystem == ecosystem and normalize_name(d.name, ecosystem) == wanted), None)

    def get(ecosystem: str, name: str) -> PackageFacts:
        key = (ecosystem, normalize_name(name, ecosystem))
        if key not in cache:
            cache[key] = derive(name, ecosystem, project_dir=project_dir, python=python,
                                dependency=dependency(ecosystem, name))
        return cache[key]

    return get


def plan(text: str, path: str, facts_for: FactsProvider) -> tuple[str, list[Change], str | None]:
    """The updated text of one notes file, the changes, and why nothing was checked (or None)."""
    notes = load_text(text, path)  # a broken notes file is reported, not half-updated
    spans = scan(text, path)
    if not any(span.marked for span in spans.values()):
        return text, [], "no value is marked '# from:'"
    if not notes.package:
        return text, [], "no 'package:' key: nothing to look up"
    ecosystem, name, _ = split_spec(notes.package)
    facts = facts_for(ecosystem, name)
    wanted: dict[str, tuple[str, str | None]] = {}
    changes: list[Change] = []

    def want(where: str, span: ScalarSpan, value: str, source: str) -> None:
        if span.value.rstrip("\n") != value or span.provenance != source:
            wanted[where] = (value, source)
            if span.value.rstrip("\n") != value:
                changes.append(Change(where, span.value.rstrip("\n"), value))

    span = spans.get("package")
    if span is not None and span.marked and facts.package is not None:
        want("package", span, facts.package.value, facts.package.source)
    for key in FACT_FIELDS:
        where = f"general.{key}"
        span = spans.get(where)
        fact = facts.values.get(key)
        if span is not None and span.marked and fact is not None:
            want(where, span, fact.value, fact.source)
    repo, tag = facts.repository, facts.tag()
    if repo and tag and repo.startswith("https://github.com/"):
        for where, _si, _ci, _step in notes.steps():
            span = spans.get(f"{where}.link")
            if span is None or not span.marked:
                continue
            skeleton = _SKELETON_LINK.match(span.value)
            if skeleton is None:  # the user made it a real link (lines added): theirs now
                continue
            link = f"{repo.rstrip('/')}/blob/{tag}/{skeleton.group('rest')}"
            want(f"{where}.link", span, link, LINK_SOURCE.format(label=f"{facts.name} {facts.version}"))
    if not wanted:
        return text, [], None
    new_text = replace(text, spans, wanted, path)
    load_text(new_text, path)  # the result must still be valid notes
    return new_text, changes, None


def update_file(path: str | Path, facts_for: FactsProvider, *, check: bool = False) -> UpdateResult:
    """Update one notes file in place (atomically); with ``check``, only compute the result."""
    p = Path(path)
    load(p)  # missing, unreadable, not UTF-8 or not valid notes: one-line error with the spot
    text = p.read_bytes().decode("utf-8")
    new_text, changes, skipped = plan(text, str(path), facts_for)
    result = UpdateResult(p, text, new_text, changes, skipped)
    if result.changed and not check:
        write_if_changed(p, new_text)
    return result


__all__ = ["Change", "FactsProvider", "UpdateResult", "plan", "provider", "update_file"]
