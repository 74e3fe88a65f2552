"""Judging every dependency's license against a policy and the project's own license.

An expression is read as a tree (license-expression's parser), never as a string:

- ``A OR B`` passes when any choice passes; the choice taken is the least
  restrictive one that passes (best compatibility, then least restrictive category).
- ``A AND B`` passes only when every part passes.
- ``L WITH E`` is judged as ``L`` plus what ``E`` relaxes: its category is the
  one the exception gives (``GPL-2.0-only WITH Classpath-exception-2.0`` is
  weak-copyleft, ``GPL-3.0-or-later WITH GCC-exception-3.1`` permissive).  A
  ``deny`` that names ``L`` (``GPL-*``, ``GPL-2.0-only``, ``strong-copyleft``)
  still matches, unless ``allow`` names the exception (``Classpath-exception-2.0``)
  or the pair (``GPL-2.0-only WITH Classpath-exception-2.0``).
- ``deny`` beats ``allow``.  With an ``allow`` list, a license must match it.
- ``NOASSERTION`` and ids the knowledge base cannot place are *unknown*:
  ``unknown = "fail"`` makes them violations, ``"warn"`` warnings.
- Each license is also checked against the project's license for the way the
  project ships (:mod:`reportgen.policy.compat`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from reportgen.knowledge.kb import CATEGORIES as _CATEGORY_ORDER  # least restrictive first
from reportgen.model import NOASSERTION, Dependency, LicenseFinding, PackageReport, normalize_name
from reportgen.policy.compat import Compatibility, compatibility
from reportgen.policy.config import PackageException, Policy, Rule, rule_matches


@dataclass(frozen=True)
class Problem:
    """Why a dependency (or one license in its expression) fails or warns."""

    kind: str  # denied | not-allowed | unknown | incompatible | review
    title: str  # what violations are grouped by
    detail: str  # one line, names the license
    term: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The verdict on one dependency."""

    dependency: Dependency
    finding: LicenseFinding
    status: str  # pass | warn | fail | excepted
    chosen: str | None  # the licenses relied on (for an OR, the choice taken)
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    compatibility: tuple[Compatibility, ...] = ()
    path: tuple[str, ...] = ()
    exception: PackageException | None = None

    @property
    def expression(self) -> str:
        return self.finding.expression

    @property
    def failed(self) -> bool:
        return self.status == "fail"


@dataclass
class CheckResult:
    outcomes: list[Outcome]
    policy: Policy
    project_name: str | None = None
    project_license: str | None = None
    project_license_source: str | None = None
    warnings: list[str] = field(default_factory=list)  # about the run, not one dependency

    @property
    def violations(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "fail"]

    @property
    def passed(self) -> bool:
        return not self.violations

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def groups(self, kind: str = "problems") -> dict[str, list[tuple[Outcome, Problem]]]:
        """Failing (``problems``) or warning (``warnings``) dependencies, grouped by reason title."""
        out: dict[str, list[tuple[Outcome, Problem]]] = {}
        for outcome in self.outcomes:
            if kind == "problems" and outcome.status != "fail":
                continue
            for problem in getattr(outcome, kind):
                bucket = out.setdefault(problem.title, [])
                if not any(o is outcome and p.detail == problem.detail for o, p in bucket):
                    bucket.append((outcome, problem))
        return out

    def counts(self) -> dict[str, int]:
        out = {"pass": 0, "warn": 0, "fail": 0, "excepted": 0}
        for outcome in self.outcomes:
            out[outcome.status] += 1
        return out


# --- the expression tree ------------------------------------------------------------------


@dataclass(frozen=True)
class _Eval:
    ok: bool
    chosen: str
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    compat: tuple[Compatibility, ...] = ()
    rank: tuple[int, int] = (0, 0)  # (worst compatibility verdict, most restrictive category)


@lru_cache(maxsize=1)
def _licensing():
    # A plain Licensing (no symbol table) parses normalised SPDX expressions into
    # AND / OR / WITH nodes in microseconds; identification already validated the ids.
    from license_expression import Licensing

    return Licensing()


def _facts(spdx_id: str):
    from reportgen.policy.facts import brief

    return brief(spdx_id)


def _category(spdx_id: str) -> str:
    facts = _facts(spdx_id)
    return facts.category if facts is not None and facts.kind == "license" else "unknown"


def _short(spdx_id: str) -> str:
    facts = _facts(spdx_id)
    return facts.short if facts is not None and facts.short else spdx_id


def _worse(a: str, b: str) -> str:
    return a if _CATEGORY_ORDER.index(a) >= _CATEGORY_ORDER.index(b) else b


class Evaluator:
    """Judges license expressions against one policy and project license (results memoised)."""

    def __init__(self, policy: Policy, project_license: str | None = None):
        self.policy = policy
        self.project_license = project_license
        self.project_ids = self._project_ids(project_license)
        self._cache: dict[str, _Eval] = {}

    @staticmethod
    def _project_ids(expression: str | None) -> tuple[str, ...]:
        if not expression or expression == NOASSERTION:
            return ()
        from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

        parsed = _licensing().parse(expression)
        ids: list[str] = []

        def walk(node) -> None:
            if isinstance(node, LicenseWithExceptionSymbol):
                node = node.license_symbol
            if isinstance(node, LicenseSymbol):
                if node.key not in ids:
                    ids.append(node.key)
                return
            for arg in getattr(node, "args", ()):
                walk(arg)

        walk(parsed)
        return tuple(ids)

    def expression(self, expression: str) -> _Eval:
        cached = self._cache.get(expression)
        if cached is None:
            cached = self._cache[expression] = self._expression(expression)
        return cached

    def _expression(self, expression: str) -> _Eval:
        if not expression or expression.strip().upper() == NOASSERTION:
            return self._unknown(NOASSERTION, "no license could be identified (NOASSERTION)")
        try:
            tree = _licensing().parse(expression)
        except Exception as err:  # license-expression raises several kinds
            return self._unknown(expression, f"cannot read the license expression {expression!r}: {err}")
        if tree is None:
            return self._unknown(NOASSERTION, "empty license expression")
        return self._node(tree)

    def _node(self, node) -> _Eval:
        from license_expression import AND, OR, LicenseSymbol, LicenseWithExceptionSymbol

        if isinstance(node, LicenseWithExceptionSymbol):
            return self._leaf(node.license_symbol.key, node.exception_symbol.key)
        if isinstance(node, LicenseSymbol):
            return self._leaf(node.key, None)
        if isinstance(node, OR):
            return self._or([self._node(arg) for arg in node.args], node)
        if isinstance(node, AND):
            return self._and([self._node(arg) for arg in node.args])
        return self._unknown(str(node), f"unexpected part {node!s} in a license expression")

    def _or(self, parts: list[_Eval], node) -> _Eval:
        passing = [p for p in parts if p.ok]
        if passing:
            best = min(passing, key=lambda p: (bool(p.warnings), p.rank))
            note = f"chose {best.chosen} from {node.render()}" if len(parts) > 1 else ""
            return _Eval(True, best.chosen, (), best.warnings, _join((note,), best.notes), best.compat, best.rank)
        problems = tuple(p for part in parts for p in part.problems)
        return _Eval(
            False,
            " OR ".join(_paren(p.chosen) for p in parts),
            problems,
            tuple(w for part in parts for w in part.warnings),
            tuple(n for part in parts for n in part.notes),
            tuple(c for part in parts for c in part.compat),
            max(p.rank for p in parts),
        )

    def _and(self, parts: list[_Eval]) -> _Eval:
        return _Eval(
            all(p.ok for p in parts),
            " AND ".join(_paren(p.chosen) for p in parts),
            tuple(p for part in parts for p in part.problems),
            tuple(w for part in parts for w in part.warnings),
            tuple(n for part in parts for n in part.notes),
            tuple(c for part in parts for c in part.compat),
            max(p.rank for p in parts),
        )

    def _unknown(self, term: str, why: str) -> _Eval:
        problem = Problem("unknown", "unknown license", why, term)
        rank = (0, _CATEGORY_ORDER.index("unknown"))
        if self.policy.unknown == "warn":
            return _Eval(True, term, (), (problem,), (), (), rank)
        return _Eval(False, term, (problem,), (), (), (), rank)

    def _leaf(self, license_id: str, exception: str | None) -> _Eval:
        policy = self.policy
        term = f"{license_id} WITH {exception}" if exception else license_id
        base = _category(license_id)
        effective = base
        exception_facts = _facts(exception) if exception else None
        if exception_facts is not None:
            given = exception_facts.category_with or base
            effective = _worse(base, given) if exception_facts.adds_restrictions else given
        categories = tuple(dict.fromkeys((base, effective)))

        def names_term(rule: Rule) -> bool:
            if rule.kind == "with":
                return exception is not None and rule.license.lower() == license_id.lower() and rule.exception.lower() == exception.lower()
            if rule.kind == "exception":
                return exception is not None and rule.exception.lower() == exception.lower()
            return False

        # deny beats allow; a deny on the license is lifted when allow names its exception
        exception_allowed = next((r for r in policy.allow if names_term(r)), None)
        for rule in policy.deny:
            if names_term(rule) or (exception_allowed is None and rule_matches(rule, license_id, categories)):
                return _Eval(
                    False,
                    term,
                    (Problem("denied", f"denied by the policy ({rule})", f"{term} matches deny entry {rule!s}", term),),
                    rank=(0, _CATEGORY_ORDER.index(effective)),
                )
        if policy.allow:
            allowed_by = exception_allowed or next(
                (r for r in policy.allow if rule_matches(r, license_id, categories)), None
            )
            if allowed_by is None:
                if effective == "unknown":
                    return self._unknown(term, f"{term} is not a license the knowledge base can place")
                shown = base if effective == base else f"{base}, {effective} with the exception"
                return _Eval(
                    False,
                    term,
                    (Problem("not-allowed", "not in the allow list", f"{term} ({shown}) matches no allow entry", term),),
                    rank=(0, _CATEGORY_ORDER.index(effective)),
                )
        elif effective == "unknown":
            return self._unknown(term, f"{term} is not a license the knowledge base can place")
        return self._compat(term, license_id, exception, effective)

    def _compat(self, term: str, license_id: str, exception: str | None, category: str) -> _Eval:
        rank_cat = _CATEGORY_ORDER.index(category)
        if not self.project_ids or self.policy.compatibility == "off" or category == "unknown":
            return _Eval(True, term, rank=(0, rank_cat))
        short = _short(license_id) + (f" WITH {exception}" if exception else "")
        verdicts = []
        for project in self.project_ids:
            found = compatibility(
                term, category, project, _category(project), self.policy.distribution, dependency_short=short
            )
            if found is not None:
                verdicts.append(found)
        if not verdicts:
            return _Eval(True, term, rank=(0, rank_cat))
        worst = max(verdicts, key=lambda c: c.rank)
        problems: tuple[Problem, ...] = ()
        warnings: tuple[Problem, ...] = ()
        notes: tuple[str, ...] = ()
        if worst.verdict == "incompatible":
            problem = Problem("incompatible", "incompatible with the project license", worst.reason, term)
            if self.policy.compatibility == "fail":
                problems = (problem,)
            else:
                warnings = (problem,)
        elif worst.verdict == "review":
            warnings = (Problem("review", "review the license terms", worst.reason, term),)
        elif worst.verdict == "conditional":
            notes = (worst.reason,)
        return _Eval(not problems, term, problems, warnings, notes, (worst,), (worst.rank, rank_cat))


def _paren(text: str) -> str:
    return f"({text})" if " OR " in text or (" AND " in text and " OR " in text) else text


def _join(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(x for x in (*a, *b) if x)


# --- dependency paths ----------------------------------------------------------------------


def dependency_paths(dependencies: list[Dependency], root: str | None = None) -> dict[str, tuple[str, ...]]:
    """For each dependency key, the shortest chain of names from a direct dependency to it
    (``root -> flask -> werkzeug``), walking each dependency's ``requires``."""
    by_key: dict[str, Dependency] = {}
    for dep in dependencies:
        by_key.setdefault(dep.key, dep)
    parent: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for dep in dependencies:
        if dep.direct and dep.key not in parent:
            parent[dep.key] = None
            queue.append(dep.key)
    while queue:
        key = queue.popleft()
        dep = by_key[key]
        for name in dep.requires:
            child = f"{dep.ecosystem}:{normalize_name(_bare(name), dep.ecosystem)}"
            if child in by_key and child not in parent:
                parent[child] = key
                queue.append(child)
    paths: dict[str, tuple[str, ...]] = {}
    for key, dep in by_key.items():
        chain: list[str] = []
        current: str | None = key if key in parent else None
        while current is not None:
            chain.append(by_key[current].name)
            current = parent[current]
        if not chain:
            chain = [dep.name]  # nobody we know pulls it in
        chain.reverse()
        paths[key] = tuple(([root] if root else []) + chain)
    return paths


def _bare(requirement: str) -> str:
    """'werkzeug>=3; extra == "x"' -> 'werkzeug' (requires normally holds bare names)."""
    import re

    match = re.match(r"\s*(@?[A-Za-z0-9._/-]+)", requirement)
    return match.group(1) if match else requirement


# --- the whole check -------------------------------------------------------------------------


def evaluate(
    reports: list[PackageReport],
    policy: Policy,
    *,
    project_license: str | None = None,
    project_name: str | None = None,
    project_license_source: str | None = None,
) -> CheckResult:
    """Judge every dependency; ``project_license`` defaults to ``policy.project_license``."""
    license_ = policy.project_license or project_license
    evaluator = Evaluator(policy, license_)
    paths = dependency_paths([r.dependency for r in reports], project_name)
    used: set[int] = set()
    outcomes = []
    for report in reports:
        dep = report.dependency
        result = evaluator.expression(report.license.expression)
        exception = None
        for index, candidate in enumerate(policy.exceptions):
            if candidate.matches(dep.name, dep.version, dep.ecosystem):
                exception = candidate
                used.add(index)
                break
        if exception is not None:
            status = "excepted"
        elif not result.ok:
            status = "fail"
        elif result.warnings:
            status = "warn"
        else:
            status = "pass"
        notes = result.notes
        if report.license.known and report.license.reason and not result.ok:
            notes = notes + (report.license.reason,)
        elif not report.license.known and report.license.reason:
            notes = notes + (f"identification: {report.license.reason}",)
        outcomes.append(
            Outcome(
                dependency=dep,
                finding=report.license,
                status=status,
                chosen=result.chosen if report.license.known else None,
                problems=result.problems,
                warnings=result.warnings,
                notes=notes,
                compatibility=result.compat,
                path=paths.get(dep.key, (dep.name,)),
                exception=exception,
            )
        )
    warnings = []
    for index, unused in enumerate(policy.exceptions):
        if index not in used:
            where = f" ({policy.path}:{unused.line})" if policy.path and unused.line else ""
            warnings.append(f"exception for {unused} matches no dependency{where}")
    if license_ is None and policy.compatibility != "off":
        warnings.append("the project's own license is not known, so compatibility was not checked "
                        "(set project_license in the policy or license in pyproject.toml / package.json)")
    return CheckResult(
        outcomes=outcomes,
        policy=policy,
        project_name=project_name,
        project_license=license_,
        project_license_source="policy" if policy.project_license else project_license_source,
        warnings=warnings,
    )
