"""License files: their text matched against the shipped SPDX texts.

Each file gets a role (``base.file_role``): the package's own license, a NOTICE,
or a bundled third-party license; only the package's own files may decide the
answer, the others are kept as evidence.  A file that holds no full license
text is searched for short notices ("Licensed under the Apache License, Version
2.0", ``SPDX-License-Identifier``, GNU "or any later version" headers).
"""

from __future__ import annotations

from functools import lru_cache

from reportgen.licenses import results_cache
from reportgen.licenses.expression import gnu_key
from reportgen.licenses.matchers.base import BUNDLED, OTHER, Subject, evidence, file_role
from reportgen.licenses.text import (CHOICE_MARKERS, PROVENANCE_MARKERS, TextResult, bundled_marker, find_exceptions, find_notices, gnu_grants,
                                     main_license, match_words, normalize_words, notices_in_license, shipped_text,
                                     word_count)
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
    if not results_cache.enabled():  # --no-cache: no key to hash
        return _match_one(path, text, role, matcher)
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
    head = text[:MATCH_CHARS]
    words = normalize_words(head)
    result = match_words(words)
    own_ids, bundled, cut, choice = own_sections(result, words)
    gnu = any(i.startswith(("GPL", "LGPL", "AGPL")) for i in own_ids)
    needs_notices = not result.matches or gnu or result.unexplained > 0.3
    notices = find_notices(text[:20000]) if needs_notices else []
    # an exception or a version clause is text no known license explains: a file the license
    # texts explain (nearly) whole has none
    leftover = not result.matches or result.unexplained * result.size >= LEFTOVER_PAIRS or \
        len(words) - sum(word_count(m.spdx_id) for m in result.matches) >= LEFTOVER_PAIRS
    exceptions = find_exceptions(words[:cut]) if leftover and _may_grant_exception(head) else []
    if result.matches:
        ids = list(own_ids)
        grants = stated_versions(head[:GRANT_CHARS], [m.spdx_id for m in result.matches]) if gnu and leftover else []
        later = {gnu_key(g) for g in grants if g.endswith("-or-later")}
        ids = [f"{i.rsplit('-', 1)[0]}-or-later" if i.endswith("-only") and gnu_key(i) in later else i for i in ids]
        own = set().union(*(notices_in_license(m.spdx_id) for m in result.matches))
        extra = [n.expression for n in notices if n.expression not in ids and n.confidence >= 0.75
                 and n.expression not in own and not _same_gnu(n.expression, ids)]
        if bundled:  # a notice of a bundled part is that part's, not the package's
            extra = []
        terms = with_exceptions(ids, exceptions)
        if choice:  # "dual licensed ... choose either": the first two are one choice
            terms = [f"({terms[0]} OR {terms[1]})", *terms[2:]]
        expr = " AND ".join(terms + extra)
        expr = expr[1:-1] if choice and len(terms) == 1 and not extra else expr
        parts = ", ".join(f"{m.spdx_id} {m.recall:.0%}" for m in result.matches if m.spdx_id in own_ids)
        if extra:
            parts += "; notices: " + ", ".join(extra)
        detail = f"{role}: text of {parts}"
        if grants:
            detail += "; grants " + ", ".join(grants)
        if exceptions:
            detail += "; exception: " + ", ".join(e.exception for e in exceptions)
        if bundled:
            detail += "; bundled sections (not the package's own): " + bundled
        if result.unexplained > 0.3 and result.size > 80:
            detail += f"; {result.unexplained:.0%} of the text is not a known license"
        confidence = min(m.recall for m in result.matches if m.spdx_id in own_ids)
        return evidence(matcher, path, expr, text_confidence(confidence), detail)
    if notices:
        best = notices[0]
        expr = " AND ".join(with_exceptions([best.expression], exceptions))
        note = "; exception: " + ", ".join(e.exception for e in exceptions) if exceptions and expr != best.expression else ""
        return evidence(matcher, path, expr, best.confidence, f"{role}: notice {best.snippet!r}{note}")
    return evidence(matcher, path, None, 0.0, f"{role}: no known license text")


#: Only this much of a bundled license file is read when the metadata may be naming its license.
BUNDLED_CHARS = 15_000
#: Version clauses are looked for in this much of a license file (preambles come first).
GRANT_CHARS = 20_000
#: Fewer words (or word pairs) than this besides the known texts hold no exception nor version clause.
LEFTOVER_PAIRS = 12


def _may_grant_exception(text: str) -> bool:
    """Every exception's grant says "exception" or "permission to link" (a quick test first)."""
    return "xception" in text or "XCEPTION" in text or "ermission to link" in text


def match_bundled(path: str, text: str) -> Evidence:
    """The license a bundled license file mostly holds at its start: read only when the metadata and
    the package's own files disagree, to see whether the metadata names the redistributed code's."""
    key = results_cache.key("bundled-first", NAME, text) if results_cache.enabled() else ""
    known = results_cache.get(key) if key else None
    if known is not None:
        return evidence(NAME, path, known[0], known[1], known[2])
    found = main_license(normalize_words(text[:BUNDLED_CHARS]))
    if found is None:
        ev = evidence(NAME, path, None, 0.0, f"{BUNDLED}: no known license text at its start")
    else:
        ev = evidence(NAME, path, found[0], found[1], f"{BUNDLED}: holds the text of {found[0]} {found[1]:.0%} "
                      "(the license of bundled code)")
    results_cache.put(key, [ev.expression, ev.confidence, ev.detail])
    return ev


def own_sections(result: TextResult, words: list[str]) -> tuple[list[str], str, int, bool]:
    """The licenses of the package's own sections of a license file, in text order; what the
    bundled sections hold (for the evidence); the word position where the bundled part begins;
    and whether a preamble offers the first two licenses as a choice.

    The first license is the package's own grant.  A later license whose introduction (the text
    between it and the license before) presents code from elsewhere -- "This binary distribution
    also bundles ...", "taken from the X project", "Third party licenses" -- starts the bundled
    part: it and every license after it belong to those parts, not to the package.  A preamble
    before the first license may say it for all of them ("All contributions are MIT licensed.
    Some files have been derived from the standard library and are therefore PSF licensed"): then
    the licenses after the first are the bundled part.  A preamble that offers a choice ("dual
    licensed under both the LLVM license and a BSD-style license ... you may choose either":
    torch-mlir) makes the second license the first one's alternative, whatever the text between
    them says (LLVM's own "Software from third parties" paragraph).
    """
    order: list[str] = []
    bundled: list[str] = []
    cut = len(words)
    previous_end = None
    opening = words[:result.spans[0][1]] if result.spans else []
    preamble = bundled_marker(opening, PROVENANCE_MARKERS) if opening else None
    choice = bool(opening) and bundled_marker(opening, CHOICE_MARKERS) is not None and preamble is None
    for spdx_id, start, stop in result.spans:
        if previous_end is not None and cut == len(words) and not (choice and len(order) == 1):
            marker = preamble or bundled_marker(words[previous_end:start])
            if marker is not None:
                cut = previous_end
        if start >= cut:
            if spdx_id not in bundled:
                bundled.append(spdx_id)
        elif spdx_id not in order:
            order.append(spdx_id)
        previous_end = stop if previous_end is None else max(previous_end, stop)
    ids = [m.spdx_id for m in result.matches]
    if not result.spans:
        return ids, "", cut, False
    order += [i for i in ids if i not in order and i not in bundled]  # found without a stretch of its own
    shown = ", ".join(i for i in bundled if i not in order)
    return order, shown, cut, choice and len(order) >= 2


def stated_versions(text: str, matched: list[str]) -> list[str]:
    """The GNU version clauses a license file states ("GPL-2.0-or-later" for "either version 2 ...
    or (at your option) any later version", "GPL-2.0-only" for "version 2 only"), outside the
    license texts themselves (their sample notices and references do not count)."""
    stated = [g.expression for g in gnu_grants(text) if g.later or g.only]
    if not stated:
        return []
    inside = set().union(*(grants_in_license(i) for i in matched))
    return list(dict.fromkeys(g for g in stated if g not in inside))


@lru_cache(maxsize=None)
def grants_in_license(spdx_id: str) -> frozenset[str]:
    """Version clauses a shipped license text states itself (MPL-2.0 names AGPL-3.0-or-later)."""
    return frozenset(g.expression for g in gnu_grants(shipped_text(spdx_id)) if g.later or g.only)


def with_exceptions(ids: list[str], exceptions: list) -> list[str]:
    """Each id with the exceptions granted for it added (``GPL-2.0-or-later WITH Bootloader-exception``)."""
    out = []
    for i in ids:
        for exc in exceptions:
            if i.startswith(exc.applies_to) and " WITH " not in i:
                i = f"{i} WITH {exc.exception}"
        out.append(i)
    return out


def _same_gnu(expr: str, ids: list[str]) -> bool:
    base = expr.replace("-or-later", "").replace("-only", "")
    return any(i.replace("-or-later", "").replace("-only", "") == base for i in ids)


def match(subject: Subject) -> list[Evidence]:
    return [match_one(path, text) for path, text in sorted(subject.license_files.items())]
