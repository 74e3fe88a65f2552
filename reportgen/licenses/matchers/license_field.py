"""The core-metadata ``License`` field (and npm's ``license``): an SPDX id or
expression, a common name ("Apache 2.0", "new BSD"), or a whole license text."""

from __future__ import annotations

import re

from reportgen.licenses.expression import InvalidExpression, lookup_alias, normalize
from reportgen.licenses.matchers.base import Subject, evidence
from reportgen.model import NOASSERTION, Evidence

NAME = "license-field"

#: How sure a valid SPDX expression in the License field is (authors write
#: "BSD-3-Clause" for BSD-2 texts now and then; the file text can overrule it).
SPDX_CONFIDENCE = 0.85
ALIAS_CAP = 0.8
#: A family name ("BSD", "BSD-style": 0.35-0.4 in aliases.toml) still counts inside a combination.
FAMILY_FLOOR = 0.35
# a "+" joins names only between spaces ("MIT + Apache"): "GPLv2+ or LGPLv2.1+" is two "or later"s
_SPLIT = re.compile(r"\s*(?:\bor\b|/|\|)\s*|\s*(?:\band\b|,|;)\s*|\s+\+\s+", re.IGNORECASE)
_NOTHING = {"", "unknown", "none", "n/a", "na", "other", "license", "licence", "see license", "see license file",
            "see license.txt", "see licence", "custom"}


def interpret(raw: str, source: str, *, spdx_confidence: float = SPDX_CONFIDENCE) -> Evidence:
    """What one license string says."""
    value = raw.strip()
    if value.lower().rstrip(".") in _NOTHING or value.lower().startswith(("see ", "refer to ")):
        return evidence(NAME, source, None, 0.0, f"{value!r} names no license")
    if "\n" in value.strip() or len(value) > 200:
        from reportgen.licenses.matchers.license_files import match_one

        found = match_one(source, value, role="field", matcher=NAME)
        return evidence(NAME, source, found.expression, found.confidence * 0.95,
                        f"whole license text in the field; {found.detail}")
    try:
        expr = normalize(value)
        if expr != NOASSERTION:
            return evidence(NAME, source, expr, spdx_confidence, value)
    except InvalidExpression:
        pass
    alias = lookup_alias(value)
    if alias is None:
        with_exception = _with_exception(value)
        if with_exception is not None:
            return evidence(NAME, source, with_exception, ALIAS_CAP, f"{value} (a license with an exception)")
    if alias is not None:
        if alias.expression == NOASSERTION:
            return evidence(NAME, source, None, 0.0, f"{value!r}: {alias.note}")
        note = f" ({alias.note})" if alias.note else ""
        return evidence(NAME, source, normalize(alias.expression), min(alias.confidence, ALIAS_CAP), value + note)
    combined = _combination(value)
    if combined is not None:
        return evidence(NAME, source, combined[0], combined[1], f"{value} (read as a combination of names)")
    granted = _grant_sentence(value)
    if granted is not None:
        return evidence(NAME, source, granted, ALIAS_CAP, f"{value} (a GNU grant sentence)")
    return evidence(NAME, source, None, 0.0, f"{value!r} is neither an SPDX expression nor a known name")


_WITH = re.compile(r"^(.+?)\s+with\s+(?:the\s+|an?\s+)?(.+?)$", re.IGNORECASE)


def _with_exception(value: str) -> str | None:
    """'Apache-2.0 with LLVM exception' -> 'Apache-2.0 WITH LLVM-exception': a license and an
    exception exceptions.toml knows by name, that applies to that license; else None."""
    from reportgen.licenses.text import exception_named

    m = _WITH.match(value)
    if m is None:
        return None
    known = exception_named(m.group(2))
    if known is None:
        return None
    exception, applies_to = known
    try:
        lic = normalize(m.group(1))
    except InvalidExpression:
        alias = lookup_alias(m.group(1))
        lic = alias.expression if alias is not None and alias.confidence >= 0.5 else NOASSERTION
    if lic == NOASSERTION or " " in lic or not lic.startswith(applies_to):
        return None
    return normalize(f"{lic} WITH {exception}")


def _grant_sentence(value: str) -> str | None:
    """The License field written as the grant itself (Geohash: "GNU Affero General Public License
    as published by the Free Software Foundation, either version 3 of the License, or (at your
    option) any later version."): the one versioned GNU license it grants, else None."""
    from reportgen.licenses.text import gnu_grants

    grants = [g for g in gnu_grants(value) if g.later or g.only]
    found = {g.expression for g in grants}
    # the sentence is the field, not a name inside a longer story ("GPLv2-or-later with a special
    # exception which allows ...": pyinstaller, whose files decide)
    if len(found) != 1 or sum(len(g.snippet) for g in grants) < 0.7 * len(value):
        return None
    return found.pop()


_DUAL = re.compile(r"^\s*dual[- ]licen[cs]ed\s*(?:under\s*)?[-:,]?\s*", re.IGNORECASE)
_COMMERCIAL = re.compile(r"\b(?:commercial|proprietary)\b", re.IGNORECASE)


def _combination(value: str) -> tuple[str, float] | None:
    """'Apache 2.0 or MIT', 'MIT/Apache-2.0' -> an OR/AND of the mapped parts, and how sure it is
    (0.6; a family name among the parts, "Apache-2.0 or BSD", caps it at the family's 0.4).

    "Dual licensed - GNU AFFERO GPL 3.0 or Artifex Commercial License": a commercial license
    offered as the other choice grants the public nothing, so the open choice is the answer."""
    value = _DUAL.sub("", value)
    op = " AND " if re.search(r"\band\b|,|;", value, re.IGNORECASE) and not re.search(r"\bor\b|/", value, re.I) else " OR "
    parts = [p for p in _SPLIT.split(value) if p and p.strip()]
    if op == " OR " and len(parts) >= 2:
        open_parts = [p for p in parts if not _COMMERCIAL.search(p)]
        if open_parts and len(open_parts) < len(parts):
            parts = open_parts
            if len(parts) == 1:
                alias = lookup_alias(parts[0])
                if alias is None or alias.expression == NOASSERTION or alias.confidence < 0.5:
                    return None
                return normalize(alias.expression), 0.6
    if len(parts) < 2:
        return None
    mapped, sure = [], 0.6
    for part in parts:
        alias = lookup_alias(part)
        if alias is None or alias.expression == NOASSERTION:
            return None
        if alias.confidence < 0.5:
            if alias.confidence < FAMILY_FLOOR:  # a weak guess, not a family name
                return None
            sure = min(sure, alias.confidence)  # "BSD": BSD-3-Clause at 0.4, the file decides
        mapped.append(alias.expression if " " not in alias.expression else f"({alias.expression})")
    try:
        return normalize(op.join(mapped)), sure
    except InvalidExpression:
        return None


def match(subject: Subject) -> list[Evidence]:
    raw = subject.first("License")
    if raw is None:
        return []
    return [interpret(raw, f"{subject.origin}:License")]
