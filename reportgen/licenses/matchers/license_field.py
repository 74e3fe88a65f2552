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
_SPLIT = re.compile(r"\s*(?:\bor\b|/|\|)\s*|\s*(?:\band\b|,|;|\+(?=\s))\s*", re.IGNORECASE)
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
    if alias is not None:
        if alias.expression == NOASSERTION:
            return evidence(NAME, source, None, 0.0, f"{value!r}: {alias.note}")
        note = f" ({alias.note})" if alias.note else ""
        return evidence(NAME, source, normalize(alias.expression), min(alias.confidence, ALIAS_CAP), value + note)
    combined = _combination(value)
    if combined is not None:
        return evidence(NAME, source, combined, 0.6, f"{value} (read as a combination of names)")
    return evidence(NAME, source, None, 0.0, f"{value!r} is neither an SPDX expression nor a known name")


_DUAL = re.compile(r"^\s*dual[- ]licen[cs]ed\s*(?:under\s*)?[-:,]?\s*", re.IGNORECASE)
_COMMERCIAL = re.compile(r"\b(?:commercial|proprietary)\b", re.IGNORECASE)


def _combination(value: str) -> str | None:
    """'Apache 2.0 or MIT', 'MIT/Apache-2.0' -> an OR/AND of the mapped parts.

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
                return normalize(alias.expression)
    if len(parts) < 2:
        return None
    mapped = []
    for part in parts:
        alias = lookup_alias(part)
        if alias is None or alias.expression == NOASSERTION or alias.confidence < 0.5:
            return None
        mapped.append(alias.expression if " " not in alias.expression else f"({alias.expression})")
    try:
        return normalize(op.join(mapped))
    except InvalidExpression:
        return None


def match(subject: Subject) -> list[Evidence]:
    raw = subject.first("License")
    if raw is None:
        return []
    return [interpret(raw, f"{subject.origin}:License")]
