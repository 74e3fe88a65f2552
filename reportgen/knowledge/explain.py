"""Explain an SPDX license expression in words a student can put in the report.

``A OR B``: the user picks one; we say which is least restrictive for a web app and why.
``A AND B``: every license applies; the restrictions are added up.
``A WITH exception``: the license, with what the exception relaxes (or adds).
``-or-later`` / ``+``: later versions of the license may be chosen instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportgen.errors import InputError
from reportgen.knowledge.kb import (
    LicenseFacts,
    UnknownLicense,
    category_rank,
    license_facts,
    suggestions,
)


@dataclass(frozen=True)
class Explanation:
    """An expression explained: cells for the report plus the facts behind them."""

    expression: str  # normalised SPDX expression
    short: str  # for the report's "License Type" cell
    category: str  # the category that applies (OR: of the least restrictive choice; AND: the strictest)
    description: str  # for "License Description"
    restrictions: str  # for "License Restrictions"
    structure: dict[str, Any]  # {"op": "OR", "args": [...]}, {"license": id}, {"license": id, "exception": id}
    licenses: tuple[LicenseFacts, ...] = ()  # facts of every license and exception named
    generic: tuple[str, ...] = ()  # ids answered from ScanCode's category only (no hand-written facts)
    choice: str | None = None  # for an OR: the least restrictive option (short label)
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "expression": self.expression,
            "short": self.short,
            "category": self.category,
            "description": self.description,
            "restrictions": self.restrictions,
            "choice": self.choice,
            "generic": list(self.generic),
            "notes": list(self.notes),
            "structure": self.structure,
            "licenses": [f.to_dict() for f in self.licenses],
        }


@dataclass
class _Part:
    short: str
    category: str
    description: str
    restrictions: str
    structure: dict[str, Any]
    burden: int  # number of conditions and limitations: a tie-breaker between equal categories
    facts: list[LicenseFacts]
    notes: list[str]
    choice: str | None = None
    op: str | None = None  # "AND" / "OR" for compound parts (for parentheses)
    conditions: frozenset[str] = frozenset()


def _normalize(text: str) -> str:
    from reportgen.licenses.expression import InvalidExpression, from_alias, normalize

    try:
        return normalize(text)
    except InvalidExpression as err:
        alias = from_alias(text)
        if alias:
            return normalize(alias)
        # a LicenseRef alias the knowledge base knows (e.g. RSALv2)
        try:
            return license_facts(text.strip()).spdx_id
        except UnknownLicense:
            pass
        close = suggestions(text.strip()) if " " not in text.strip() else []
        hint = ("did you mean " + ", ".join(close) + "?") if close else err.hint
        raise InputError(err.message, hint=hint) from None


def _later_note(facts: LicenseFacts) -> str | None:
    if not facts.later_versions:
        return None
    base = facts.spdx_id.replace("-or-later", "")
    return (
        f"{facts.spdx_id} means \"{base} or any later version\": you may follow {base} or any later "
        "version of that license, whichever suits you."
    )


def _leaf(facts: LicenseFacts) -> _Part:
    notes = [n for n in [_later_note(facts)] if n]
    return _Part(
        short=facts.short,
        category=facts.category,
        description=facts.description,
        restrictions=facts.restrictions,
        structure={"license": facts.spdx_id},
        burden=len(facts.conditions) + len(facts.limitations),
        facts=[facts],
        notes=notes,
        conditions=frozenset(facts.conditions),
    )


def _with(lic: LicenseFacts, exc: LicenseFacts) -> _Part:
    base = _leaf(lic)
    notes = list(base.notes)
    if exc.applies_to and lic.spdx_id not in exc.applies_to and not exc.generic:
        notes.append(f"{exc.spdx_id} is normally used with {', '.join(exc.applies_to)}, not {lic.spdx_id}.")
    if exc.adds_restrictions:
        category = max(lic.category, exc.category_with or lic.category, key=category_rank)
        restrictions = f"{lic.restrictions} On top of that, the {exc.name} applies: {exc.restrictions}"
    else:
        target = exc.category_with or lic.category
        category = min(lic.category, target, key=category_rank)
        restrictions = (f"{lic.restrictions} The {exc.name} relaxes this: {_lower(exc.relaxes)} "
                        f"Still: {_lower(exc.restrictions)}")
    if exc.generic:
        restrictions = f"{lic.restrictions} With {exc.spdx_id}, an exception reportgen has no notes on: read it."
        category = lic.category
    description = f"{lic.description} With the {exc.name}: {_lower(exc.relaxes if not exc.adds_restrictions else exc.description)}"
    return _Part(
        short=f"{lic.short} WITH {exc.spdx_id}",
        category=category,
        description=description,
        restrictions=restrictions,
        structure={"license": lic.spdx_id, "exception": exc.spdx_id},
        burden=base.burden,
        facts=[lic, exc],
        notes=notes,
        conditions=base.conditions,
    )


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2].isupper() is False else text


def _paren(part: _Part, op: str) -> str:
    return f"({part.short})" if part.op and part.op != op else part.short


def _why(chosen: _Part, other: _Part) -> str:
    if chosen.category != other.category:
        return f"it is {chosen.category} while {other.short} is {other.category}"
    extra = sorted(other.conditions - chosen.conditions)
    if extra:
        return f"{other.short} adds conditions that {chosen.short} does not have ({', '.join(extra)})"
    if other.burden > chosen.burden:
        return f"it has fewer conditions and limitations than {other.short}"
    return f"it is no more restrictive than {other.short} (both {chosen.category})"


def _or(parts: list[_Part]) -> _Part:
    ranked = sorted(range(len(parts)), key=lambda i: (category_rank(parts[i].category), parts[i].burden, i))
    chosen = parts[ranked[0]]
    others = [parts[i] for i in ranked[1:]]
    reasons = "; ".join(_why(chosen, o) for o in others)
    options = ", ".join(_paren(p, "OR") for p in parts)
    description = (
        f"Offered under a choice of licenses: you may use it under any one of {options}. "
        f"For a web app the least restrictive choice is {chosen.short}: {reasons}. "
        + " ".join(f"{p.short}: {p.description}" for p in parts)
    )
    restrictions = f"If you choose {chosen.short}: {chosen.restrictions}"
    notes = [n for p in parts for n in p.notes]
    return _Part(
        short=" OR ".join(_paren(p, "OR") for p in parts),
        category=chosen.category,
        description=description,
        restrictions=restrictions,
        structure={"op": "OR", "args": [p.structure for p in parts], "choice": chosen.short},
        burden=chosen.burden,
        facts=[f for p in parts for f in p.facts],
        notes=notes,
        choice=chosen.short,
        op="OR",
        conditions=chosen.conditions,
    )


def _and(parts: list[_Part]) -> _Part:
    strictest = max(parts, key=lambda p: category_rank(p.category))
    seen: set[str] = set()
    restr = []
    for p in parts:
        if p.restrictions not in seen:
            seen.add(p.restrictions)
            restr.append(f"{p.short}: {p.restrictions}")
    description = (
        "All of these licenses apply at once (usually different parts of the package are under different "
        "licenses). " + " ".join(f"{p.short}: {p.description}" for p in parts)
    )
    return _Part(
        short=" AND ".join(_paren(p, "AND") for p in parts),
        category=strictest.category,
        description=description,
        restrictions="You must follow every one of them. " + " ".join(restr),
        structure={"op": "AND", "args": [p.structure for p in parts]},
        burden=sum(p.burden for p in parts),
        facts=[f for p in parts for f in p.facts],
        notes=[n for p in parts for n in p.notes],
        op="AND",
        conditions=frozenset().union(*(p.conditions for p in parts)),
    )


def _walk(node) -> _Part:
    from license_expression import AND, OR, LicenseSymbol, LicenseWithExceptionSymbol

    if isinstance(node, LicenseWithExceptionSymbol):
        return _with(license_facts(node.license_symbol.key), license_facts(node.exception_symbol.key))
    if isinstance(node, LicenseSymbol):
        return _leaf(license_facts(node.key))
    if isinstance(node, OR):
        return _or([_walk(a) for a in node.args])
    if isinstance(node, AND):
        return _and([_walk(a) for a in node.args])
    raise InputError(f"cannot explain {node!r}")  # pragma: no cover - the parser makes no other nodes


def explain(expression: str) -> Explanation:
    """Explain an SPDX expression (or a single id, or a common license name such as "Apache 2.0").

    Raises :class:`reportgen.errors.InputError` for text that is not a license expression.
    """
    from license_expression import Licensing

    from reportgen.model import NOASSERTION

    norm = _normalize(expression)
    if norm == NOASSERTION:
        raise InputError("NOASSERTION is not a license", hint="the license could not be established; read the package's files")
    # Parse the normalised text structurally; ids were already checked by normalize().
    tree = Licensing().parse(norm, simple=False)
    part = _walk(tree)
    facts: list[LicenseFacts] = []
    for f in part.facts:
        if f not in facts:
            facts.append(f)
    return Explanation(
        expression=norm,
        short=part.short,
        category=part.category,
        description=part.description,
        restrictions=part.restrictions,
        structure=part.structure,
        licenses=tuple(facts),
        generic=tuple(f.spdx_id for f in facts if f.generic),
        choice=part.choice,
        notes=tuple(dict.fromkeys(part.notes)),
    )
