"""The pieces every lint rule shares: :class:`Finding`, :class:`Rule`, :class:`Context`.

A rule is one small class in its own module under ``reportgen/lint/rules/``:
a ``code`` (RG001...), a ``name`` (kebab-case), a ``severity`` and a docstring
with the sections *What it does*, *Why is this bad*, *Example (bad)* and
*Use instead (good)*; ``check(ctx)`` yields findings.  Registering is the
``@register`` decorator from :mod:`reportgen.lint.registry`.
"""

from __future__ import annotations

import inspect
from dataclasses import asdict, dataclass, field
from typing import Iterator

from reportgen.lint import links as _links

SEVERITIES = ("error", "warning", "info")
DOC_SECTIONS = ("What it does", "Why is this bad", "Example (bad)", "Use instead (good)")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    field: str  # e.g. sections[0].chain[3].link
    code: str
    rule: str
    severity: str
    message: str
    fix: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["fix"] is None:
            del data["fix"]
        return data

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.code)


class Rule:
    code: str = ""
    name: str = ""
    severity: str = "error"
    #: True when the rule needs the library source (it may be skipped offline)
    needs_source: bool = False

    def check(self, ctx: "Context") -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0]


@dataclass
class StepInfo:
    path: str  # sections[0].chain[3]
    section: int
    index: int
    step: object  # reportgen.notes.Step
    link: _links.Link


@dataclass
class Context:
    """Everything a rule may look at for one notes file."""

    path: str
    notes: object | None  # reportgen.notes.Notes (maybe partial, see problems), None when the file is not YAML
    error: object | None = None  # the first of ``problems``, or None
    resolver: object | None = None  # reportgen.lint.source.SourceResolver
    python: str | None = None
    online: bool = False
    skipped: list[str] = field(default_factory=list)  # checks skipped for lack of source
    #: every problem with the notes format (reportgen.errors.NotesError; NotesSchemaError has ``.field``)
    problems: list = field(default_factory=list)
    _steps: list[StepInfo] | None = None

    # -- helpers for rules
    def position(self, field_path: str) -> tuple[int, int]:
        if self.notes is None:
            return (1, 1)
        return self.notes.position(field_path)

    def finding(self, rule: Rule, field_path: str, message: str, fix: str | None = None,
                severity: str | None = None, position: tuple[int, int] | None = None) -> Finding:
        line, col = position or self.position(field_path)
        return Finding(self.path, line, col, field_path, rule.code, rule.name, severity or rule.severity, message, fix)

    def steps(self) -> list[StepInfo]:
        if self._steps is None:
            self._steps = []
            if self.notes is not None:
                for path, si, ci, step in self.notes.steps():
                    self._steps.append(StepInfo(path, si, ci, step, _links.parse(step.link or "")))
        return self._steps

    def package_name(self) -> str | None:
        """The package named by the notes (``package:``), without version."""
        spec = getattr(self.notes, "package", None) if self.notes is not None else None
        return parse_package(spec)[0] if spec else None

    def package_version(self) -> str | None:
        spec = getattr(self.notes, "package", None) if self.notes is not None else None
        return parse_package(spec)[1] if spec else None

    def skip(self, what: str) -> None:
        if what not in self.skipped:
            self.skipped.append(what)

    def resolve(self, link: _links.Link):
        """Source for a link (see :mod:`reportgen.lint.source`); records skips."""
        res = self.resolver.resolve(link, self.package_name())
        if res.skipped and link.kind == "blob":
            self.skip(res.skipped)
        return res


def parse_package(spec: str) -> tuple[str | None, str | None]:
    """'werkzeug', 'werkzeug==3.1.3' or 'pkg:pypi/werkzeug@3.1.3' -> (name, version)."""
    spec = spec.strip()
    if spec.startswith("pkg:"):
        body = spec.split("/", 1)[-1]
        name, _, version = body.partition("@")
        return name.replace("%40", "@"), (version or None)
    for sep in ("==", "@", " "):
        if sep in spec and not spec.startswith("@"):
            name, _, version = spec.partition(sep)
            return name.strip(), version.strip() or None
    return spec, None
