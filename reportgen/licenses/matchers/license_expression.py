"""PEP 639 ``License-Expression``: the author's own SPDX expression, the strongest evidence."""

from __future__ import annotations

from reportgen.licenses.expression import InvalidExpression, normalize
from reportgen.licenses.matchers.base import Subject, evidence
from reportgen.model import Evidence

NAME = "license-expression"


def match(subject: Subject) -> list[Evidence]:
    raw = subject.first("License-Expression")
    if not raw or not raw.strip():
        return []
    source = f"{subject.origin}:License-Expression"
    try:
        return [evidence(NAME, source, normalize(raw), 1.0, raw.strip())]
    except InvalidExpression as err:
        return [evidence(NAME, source, None, 0.0, f"{raw.strip()!r} set aside: {err.message}")]
