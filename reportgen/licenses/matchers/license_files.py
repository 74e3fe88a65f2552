"""License files: their text matched against the shipped SPDX texts.

Each file gets a role (``base.file_role``): the package's own license, a NOTICE,
or a bundled third-party license; only the package's own files may decide the
answer, the others are kept as evidence.  A file that holds no full license
text is searched for short notices ("Licensed under the Apache License, Version
2.0", ``SPDX-License-Identifier``, GNU "or any later version" headers).
"""

from __future__ import annotations

from reportgen.licenses import results_cache
from reportgen.licenses.matchers.base import BUNDLED, OTHER, Subject, evidence, file_role
from reportgen.licenses.text import find_notices, match_text, notices_in_license
from reportgen.model import Evidence

NAME = "license-file"

#: Texts longer than this are not license files (a whole README or changelog).
MAX_CHARS = 400_000
#: Only this much of a long file is matched: what follows is third-party listings.
MATCH_CHARS = 120_000


def text_confidence(recall: float) -> float:
    """0.8 of the text found -> 0.8, all of it -> 1.0."""
    return min(1.0, recall)


def match_one(path: str, text: str, *, role: str | None = None, matcher: str = NAME) -> Evidence:
    role = role or file_role(path)
    key = results_cache.key(role, matcher, text)
    known = results_cache.get(key)
    if known is not None:
        return evidence(matcher, path, known[0], known[1], known[2])
    found = _match_one(path, text, role, matcher)
    results_cache.put(key, [found.expression, found.confidence, found.detail])
    return found


def _match_one(path: str, text: str, role: str, matcher: str) -> Evidence:
    if len(text) > MAX_CHARS:
        return evidence(matcher, path, None, 0.0, f"{role}: too long to be a license text ({len(text)} characters)")
    if role == BUNDLED and matcher == NAME:
        return evidence(matcher, path, None, 0.0, f"{role}: a license of bundled code; not the package's own, not matched")
    if role == OTHER:
        return evidence(matcher, path, None, 0.0, f"{role}: not a license file by its name; not matched")
    result = match_text(text[:MATCH_CHARS])
    gnu = any(m.spdx_id.startswith(("GPL", "LGPL", "AGPL")) for m in result.matches)
    needs_notices = not result.matches or gnu or result.unexplained > 0.3
    notices = find_notices(text[:20000]) if needs_notices else []
    if result.matches:
        ids = [m.spdx_id for m in result.matches]
        gnu_later = [n for n in notices if n.expression.endswith("-or-later")]
        if gnu_later and len(ids) == 1 and gnu_later[0].expression.replace("-or-later", "-only") == ids[0]:
            ids = [gnu_later[0].expression]  # the GPL text plus the "or any later version" notice
        own = set().union(*(notices_in_license(m.spdx_id) for m in result.matches))
        extra = [n.expression for n in notices if n.expression not in ids and n.confidence >= 0.75
                 and n.expression not in own and not _same_gnu(n.expression, ids)]
        expr = " AND ".join(ids + extra)
        parts = ", ".join(f"{m.spdx_id} {m.recall:.0%}" for m in result.matches)
        if extra:
            parts += "; notices: " + ", ".join(extra)
        detail = f"{role}: text of {parts}"
        if result.unexplained > 0.3 and result.size > 80:
            detail += f"; {result.unexplained:.0%} of the text is not a known license"
        return evidence(matcher, path, expr, text_confidence(result.confidence), detail)
    if notices:
        best = notices[0]
        return evidence(matcher, path, best.expression, best.confidence, f"{role}: notice {best.snippet!r}")
    return evidence(matcher, path, None, 0.0, f"{role}: no known license text")


def _same_gnu(expr: str, ids: list[str]) -> bool:
    base = expr.replace("-or-later", "").replace("-only", "")
    return any(i.replace("-or-later", "").replace("-only", "") == base for i in ids)


def match(subject: Subject) -> list[Evidence]:
    return [match_one(path, text) for path, text in sorted(subject.license_files.items())]
