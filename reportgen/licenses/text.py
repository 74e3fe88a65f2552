"""License text matching against the SPDX license texts shipped in reportgen/data/spdx.

Texts are normalised roughly the way the SPDX matching guidelines allow
(https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/):
case, white space, punctuation, quotes and dashes, bullets and numbering,
copyright lines, template variables like ``<year>``, "licence"/"license" and
http/https are all ignored.  What is left is compared as sets of word pairs
(bigrams).

For each known license L the file's bigrams are matched against L's:
``recall = |F & L| / |L|`` says how much of L's text is in the file.  Among the
licenses whose text is (nearly) all there, the winner is the one with the most
matched minus missing bigrams, which tells apart texts where one is another plus
a clause: BSD-3-Clause vs BSD-2-Clause (no-endorsement clause), MIT vs MIT-0 and
ISC vs 0BSD (the notice condition).  What the winner leaves unexplained is
searched again, so that a file holding two licenses (Apache-2.0 followed by
an MIT text of a bundled part) gives both.
"""

from __future__ import annotations

import hashlib
import json
import re
from itertools import compress, filterfalse
from dataclasses import dataclass, field
from functools import lru_cache

from reportgen.licenses.expression import DATA

#: A license counts as present when this share of its bigrams is in the text.
PRESENT = 0.80
#: A second license in the same file must bring this share of its own bigrams anew.
SECOND_NEW = 0.5

_VAR = re.compile(r"<<[^>]*>>|<[^<>\n]{1,60}>|\[[^\[\]\n]{1,60}\]")
# A copyright statement (not the words "copyright notice" inside a clause).
_COPYRIGHT_LINE = re.compile(
    r"^[ \t#*/;>|-]*(?:copyright\s*(?:\(c\)|\u00a9|\d|:|by\b|\[|<|[a-z]+ [a-z]+ <)|\(c\)\s*\d|\u00a9|"
    r"portions copyright|all rights reserved).*$", re.MULTILINE)
# words of two or more characters with a letter: one-letter words are bullets ("a.", "i)")
# or articles; numbers are numbering and versions
# (runs of two or more letters and digits, those of digits only dropped: quicker than a look-ahead)
_WORDS = re.compile(r"[a-z0-9]{2,}")


def normalize_words(text: str) -> list[str]:
    """The words of a license text, with everything the matching guidelines ignore removed."""
    text = text.lower()
    if "copyright" in text or "(c)" in text or "\u00a9" in text or "reserved" in text:
        text = _COPYRIGHT_LINE.sub(" ", text)
    if "<" in text or "[" in text:
        text = _VAR.sub(" ", text)
    text = text.replace("licenc", "licens").replace("https", "http").replace("www.", " ")
    return list(filterfalse(str.isdigit, _WORDS.findall(text)))


def bigrams(words: list[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(words, words[1:]))


@dataclass(frozen=True)
class KnownLicense:
    spdx_id: str
    name: str
    grams: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class TextMatch:
    """One license found in a text."""

    spdx_id: str
    recall: float  # share of the license's text found
    new: float  # share of the license's text not already explained by an earlier match


@dataclass
class TextResult:
    matches: list[TextMatch] = field(default_factory=list)
    unexplained: float = 1.0  # share of the file's text that no match explains
    size: int = 0  # bigrams in the file
    #: Every stretch cut out, in text order: (license, first word, last word), word positions in
    #: the normalised text (a license met twice has two stretches).
    spans: tuple[tuple[str, int, int], ...] = ()

    @property
    def confidence(self) -> float:
        if not self.matches:
            return 0.0
        return round(min(m.recall for m in self.matches), 3)


#: Bigrams per license used to pick candidates: rare ones, spread over the whole text.
SIGNATURE = 40
#: A candidate needs this share of its signature in the text (far below PRESENT, to be safe).
SIGNATURE_SHARE = 0.3


#: The normalised texts, precomputed by ``python -m reportgen.licenses.builddata --index``.
INDEX_FILE = DATA / "licenses-index.json"
#: Bumped when the index layout changes.
INDEX_FORMAT = 1


@dataclass(frozen=True)
class _Index:
    ids: tuple[str, ...]
    names: tuple[str, ...]
    signature: dict[tuple[str, str], tuple[int, ...]]  # signature bigram -> licenses
    signature_size: tuple[int, ...]
    words: tuple[str, ...]  # each license's normalised words, space-joined; made bigrams when a text needs it


def data_digest() -> str:
    """What the shipped index was built from: the license texts."""
    return hashlib.sha256((DATA / "licenses.json").read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _index() -> _Index:
    """The shipped precomputed index; built from licenses.json when missing or out of date."""
    try:
        data = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
        if data.get("format") == INDEX_FORMAT and data.get("licenses_sha256") == data_digest():
            return _from_data(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return _from_data(build_index_data())


def _from_data(data: dict) -> _Index:
    entries = data["licenses"]
    signature: dict[tuple[str, str], tuple[int, ...]] = {}
    for first, second, owners in data["signature"]:
        signature[(first, second)] = tuple(owners)
    return _Index(tuple(e["id"] for e in entries), tuple(e["name"] for e in entries), signature,
                  tuple(e["signature_size"] for e in entries), tuple(e["words"] for e in entries))


def build_index_data() -> dict:
    """The normalised texts and candidate signatures of the shipped licenses, as JSON-ready data
    (what ``licenses-index.json`` holds)."""
    entries = _data()["licenses"]
    ids = tuple(entries)
    words = [normalize_words(entries[i]["text"]) for i in ids]
    grams = [bigrams(w) for w in words]
    seen: dict[tuple[str, str], int] = {}
    for g in grams:
        for gram in g:
            seen[gram] = seen.get(gram, 0) + 1
    signature: dict[tuple[str, str], list[int]] = {}
    sizes = []
    for i, w in enumerate(words):
        ordered = list(dict.fromkeys(zip(w, w[1:])))
        rarity = sorted(seen[g] for g in ordered)
        cut = rarity[min(len(rarity) - 1, max(SIGNATURE, len(rarity) // 4))] if rarity else 0
        rare = [g for g in ordered if seen[g] <= cut]
        step = max(1, len(rare) // SIGNATURE)
        chosen = rare[::step][:SIGNATURE]
        for g in chosen:
            signature.setdefault(g, []).append(i)
        sizes.append(len(chosen))
    return {
        "_source": "Generated from licenses.json (same source and license as that file: the SPDX License "
                   "List texts via npm spdx-license-list) by python -m reportgen.licenses.builddata --index; "
                   "do not edit.",
        "format": INDEX_FORMAT,
        "licenses_sha256": data_digest(),
        "licenses": [{"id": i, "name": entries[i]["name"], "signature_size": sizes[n], "words": " ".join(words[n])}
                     for n, i in enumerate(ids)],
        "signature": [[a, b, owners] for (a, b), owners in signature.items()],
    }


@lru_cache(maxsize=1)
def _exact() -> dict[str, int]:
    """Normalised text -> license (the first id in sort order when two texts are the same)."""
    index = _index()
    table: dict[str, int] = {}
    for i in sorted(range(len(index.ids)), key=index.ids.__getitem__, reverse=True):
        table[index.words[i]] = i
    return table


@lru_cache(maxsize=None)
def _grams(i: int) -> frozenset[tuple[str, str]]:
    return bigrams(_index().words[i].split())


def spdx_names() -> tuple[tuple[str, str], ...]:
    """(SPDX id, the SPDX list's full name) of every shipped license text."""
    index = _index()
    return tuple(zip(index.ids, index.names))


@lru_cache(maxsize=None)
def word_count(spdx_id: str) -> int:
    """How many normalised words a shipped license text has."""
    index = _index()
    return index.words[index.ids.index(spdx_id)].count(" ") + 1


def known_licenses() -> tuple[KnownLicense, ...]:
    index = _index()
    return tuple(KnownLicense(index.ids[i], index.names[i], _grams(i)) for i in range(len(index.ids)))


def _candidates(grams: frozenset[tuple[str, str]]) -> list[int]:
    """Licenses worth a full comparison: those with enough of their signature in the text."""
    index = _index()
    counts = [0] * len(index.ids)
    signature = index.signature
    for gram in grams:
        hit = signature.get(gram)
        if hit:
            for i in hit:
                counts[i] += 1
    return [i for i, size in enumerate(index.signature_size) if counts[i] >= SIGNATURE_SHARE * size]


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads((DATA / "licenses.json").read_text(encoding="utf-8"))


def shipped_text(spdx_id: str) -> str:
    """The SPDX text of a shipped license (for tests and explanations)."""
    return _data()["licenses"][spdx_id]["text"]


#: At most this many stretches are peeled off one text (a license may occur several times).
MAX_PEELS = 24
#: Word pairs of the shortest shipped license text (FSFAP); less text left cannot hold a license.
SMALLEST_TEXT = 33
#: What a word pair outside the license costs a stretch: higher keeps stretches tight.
SPAN_GAP = 1


def _best(grams: frozenset[tuple[str, str]], candidates: list[int]) -> tuple[str, float, frozenset[tuple[str, str]]] | None:
    """The known license that best explains these bigrams: most matched minus missing.

    ``candidates`` is narrowed in place to the licenses still present: cutting text out of a
    file never makes a license more present, so the others need no second look."""
    index = _index()
    best = None
    present = []
    size = len(grams)
    for i in candidates:
        known = _grams(i)
        if size < PRESENT * len(known):
            continue  # too little text left to hold this license
        found = grams & known
        recall = len(found) / len(known)
        if recall >= PRESENT:
            present.append(i)
            key = (2 * len(found) - len(known), index.ids[i])
            if best is None or key[0] > best[0][0] or (key[0] == best[0][0] and key[1] < best[0][1]):
                best = (key, recall, known)
    candidates[:] = present
    return None if best is None else (best[0][1], best[1], best[2])


def _in_text(gaps: list[tuple[int, int]], index: int) -> int:
    """Where the word at ``index`` of what is left after cutting out ``gaps`` was in the text."""
    for first, length in gaps:
        if first <= index:
            index += length
        else:
            break
    return index


def _span(pairs: list[tuple[str, str]], known: frozenset[tuple[str, str]]) -> tuple[int, int]:
    """The stretch of word pairs where the license's text is: the best run of its bigrams
    (Kadane over the pairs that belong to it, a gap of n other pairs costing n * SPAN_GAP)."""
    marked = list(compress(range(len(pairs)), map(known.__contains__, pairs)))
    best, best_span, run, start, last = 0, (0, -1), 0, 0, None
    for pos in marked:
        if last is not None:
            run -= (pos - last - 1) * SPAN_GAP
        if run <= 0:
            run, start = 0, pos
        run += 1
        if run > best:
            best, best_span = run, (start, pos)
        last = pos
    return best_span


def match_text(text: str) -> TextResult:
    """Which known licenses the text holds, in the order found (the largest share first).

    The best-explaining license is found, the stretch of text it covers is cut out, and
    what is left is searched again; so a LICENSE with the Apache-2.0 text followed by an
    MIT text gives both, while the BSD-2-Clause clauses inside a BSD-3-Clause text do not.
    """
    return match_words(normalize_words(text))


def main_license(words: list[str]) -> tuple[str, float] | None:
    """The one known license that best explains a text (normalised words), and its recall; no
    search for more (what a bundled license file mostly holds)."""
    grams = bigrams(words)
    best = _best(grams, _candidates(grams)) if len(grams) >= 8 else None
    return None if best is None else (best[0], round(best[1], 3))


def match_words(words: list[str]) -> TextResult:
    """:func:`match_text` of a text already normalised (:func:`normalize_words`)."""
    found = _match_normalized(" ".join(words))
    return TextResult(matches=list(found.matches), unexplained=found.unexplained, size=found.size,
                      spans=found.spans)


@lru_cache(maxsize=1024)
def _match_normalized(joined: str) -> TextResult:
    """:func:`match_text` of a normalised text (its words, space-joined).

    Kept per process: an environment holds the same license text many times over (one
    project's packages, or texts that differ only in their copyright lines), and after
    normalising only about two texts in five are new."""
    words = joined.split()
    pairs = list(zip(words, words[1:]))
    grams = frozenset(pairs)
    total = len(grams)
    result = TextResult(size=total)
    if total < 8:
        return result
    remaining = words
    exact = _exact().get(joined)
    if exact is not None:  # the very text of a known license: what the search below would find
        result.matches.append(TextMatch(_index().ids[exact], 1.0, 1.0))
        result.unexplained = 0.0
        result.spans = ((_index().ids[exact], 0, len(words) - 1),)
        return result
    gaps: list[tuple[int, int]] = []  # the stretches cut out so far: (first word, length), in text order
    spans: list[tuple[str, int, int]] = []
    candidates = _candidates(grams)  # cutting text out only removes candidates
    for _ in range(MAX_PEELS):
        if len(grams) < 8:
            break
        best = _best(grams, candidates)
        if best is None:
            break
        spdx_id, recall, known = best
        rest = len(grams) - len(grams & known)
        if rest < SMALLEST_TEXT * PRESENT and not spans:
            start, stop = 0, len(pairs) - 1  # the one license of the text: where it is does not matter
        else:
            start, stop = _span(pairs, known)
        if all(m.spdx_id != spdx_id for m in result.matches) and (stop >= start or rest < SMALLEST_TEXT * PRESENT):
            result.matches.append(TextMatch(spdx_id, round(recall, 3), round(recall, 3)))
        if stop >= start:
            first, last = _in_text(gaps, start), _in_text(gaps, min(stop + 1, len(remaining) - 1))
            spans.append((spdx_id, first, last))
        if rest < SMALLEST_TEXT * PRESENT:  # what is left is too little to hold another license
            result.unexplained = round(rest / total, 3)
            result.spans = tuple(sorted(spans, key=lambda span: span[1]))
            return result
        if stop < start:
            break
        remaining = remaining[:start] + remaining[stop + 1:]
        cut_first, cut_last = _in_text(gaps, start), _in_text(gaps, stop)
        gaps = sorted([g for g in gaps if not cut_first <= g[0] <= cut_last] + [(cut_first, cut_last - cut_first + 1)])
        pairs = list(zip(remaining, remaining[1:]))
        grams = frozenset(pairs)
    result.unexplained = round(len(grams) / total, 3) if total else 1.0
    result.spans = tuple(sorted(spans, key=lambda span: span[1]))
    return result


# --- short notices: "Licensed under the Apache License, Version 2.0", SPDX-License-Identifier, GNU headers


@dataclass(frozen=True)
class Notice:
    expression: str
    confidence: float
    snippet: str


_GNU_KIND = {"": "GPL", "lesser ": "LGPL", "library ": "LGPL", "affero ": "AGPL"}
_NOTICES: tuple[tuple[re.Pattern[str], object, float], ...] = (
    (re.compile(r"spdx-license-identifier:\s*([^\n*]+)"), "spdx", 0.9),
    (re.compile(r"licensed under the apache license,? version 2\.0|apache license,? version 2\.0 \(the \"?license"),
     "Apache-2.0", 0.8),
    (re.compile(r"subject to the terms of the mozilla public license,? v(?:ersion|\.)? ?2\.0"), "MPL-2.0", 0.8),
    (re.compile(r"gnu (lesser |library |affero |)general public license[\s,]+(?:as published by the free software "
                r"foundation[\s,;]+)?(?:either )?version (\d)(?:\.(\d))?(?: of the license)?"
                r"([\s,]+or[\s,(]+at your option[\s,)]+any later version)?"), "gnu", 0.75),
    (re.compile(r"(?:released|licensed|distributed|available) under the (?:terms of the )?mit license"), "MIT", 0.7),
    (re.compile(r"(?:released|licensed|distributed) under the (?:terms of the )?(?:new |3-clause |modified )bsd license"),
     "BSD-3-Clause", 0.6),
    (re.compile(r"(?:released|licensed|distributed) under the (?:terms of the )?(?:isc) license"), "ISC", 0.7),
)


#: A literal each notice pattern above contains.
_NOTICE_WORDS = ("spdx-license-identifier", "apache license", "mozilla public license", "general public license",
                 "mit license", "bsd license", "isc license")


@lru_cache(maxsize=None)
def notices_in_license(spdx_id: str) -> frozenset[str]:
    """Notices a shipped license text contains itself (MPL-2.0 names the GPL, for one)."""
    return frozenset(n.expression for n in find_notices(shipped_text(spdx_id)))


def find_notices(text: str) -> list[Notice]:
    """License notices (not full texts) found in a text, strongest first."""
    from reportgen.licenses.expression import InvalidExpression, normalize

    flat = " ".join(text.lower().split()).replace("licence", "license")  # the British spelling too
    found: list[Notice] = []
    for (pattern, what, confidence), needle in zip(_NOTICES, _NOTICE_WORDS):
        if needle not in flat:  # a quick test before the pattern
            continue
        for m in pattern.finditer(flat):
            snippet = m.group(0)[:160]
            if what == "spdx":
                try:
                    expr = normalize(m.group(1).strip().rstrip("-*/ ").strip())
                except InvalidExpression:
                    continue
            elif what == "gnu":
                kind = _GNU_KIND[m.group(1)]
                version = f"{m.group(2)}.{m.group(3) or '0'}"
                if kind == "LGPL" and version == "2.0" and m.group(3) is None and "lesser" in m.group(1):
                    version = "2.1"
                suffix = "-or-later" if m.group(4) else "-only"
                expr = f"{kind}-{version}{suffix}"
                try:
                    expr = normalize(expr)
                except InvalidExpression:
                    continue
            else:
                expr = str(what)
            found.append(Notice(expr, confidence, snippet))
            break
    found.sort(key=lambda n: -n.confidence)
    return found


# --- GNU version clauses: "either version 2 of the License, or (at your option) any later version"


@dataclass(frozen=True)
class Grant:
    """A GNU license granted with its version clause, as written in a notice or a header."""

    kind: str  # GPL, LGPL, AGPL
    version: str  # 2.0, 2.1, 3.0
    later: bool  # "or (at your option) any later version", "GPLv2+", "-or-later"
    snippet: str
    #: a grant of this version alone: "under the terms of the GNU General Public License version 2
    #: as published by ...", "version 2 only", "the only valid version of the GPL ... is v2"
    only: bool = False

    @property
    def expression(self) -> str:
        return f"{self.kind}-{self.version}-{'or-later' if self.later else 'only'}"


_LATER = r"(?:[\s,;]*\(?\s*or[\s,]*(?:\(\s*)?(?:at\s+your\s+option\s*\)?[\s,]*)?(?:\(\s*)?(?:any\s+)?later(?:\s+version)?)"
_GRANT = re.compile(
    r"gnu\s+(?:(lesser|library|affero)\s+(?:general\s+)?|general\s+)public\s+licen[cs]e(?:\s*\(\s*[a-z]+\s*\))?"
    r"[\s,]+(?:as\s+published\s+by\s+the\s+free\s+software\s+foundation[\s,;:]+)?(?:either\s+)?(?:version\s+|v)(\d)"
    r"(?:\.(\d))?(?:\s+of\s+the\s+licen[cs]e)?(" + _LATER + r")?")
# short forms: only "+" and "-or-later" count as "or later" ("GPLv2 or any later version" in prose
# is as often a sentence about the choice as a grant)
_SHORT = re.compile(r"gpl\s*[- ]?v?(\d)(?:\.(\d))?(\+|-or-later)?(?![\w.])")
# inside the GNU texts themselves: their title ("Version 2, June 1991") and the sample notice of
# their "How to Apply These Terms" appendix -- neither is the package's grant
_ONLY = re.compile(r"only valid version of the (?:gnu )?(a|l)?gpl.{0,120}?\bv(\d)(?:\.(\d))?")
_TITLE = re.compile(r"\s*,?\s*(?:\d{1,2}\s+)?(?:january|february|march|april|may|june|july|august|september|"
                    r"october|november|december)\b")
_APPENDIX = "how to apply these terms"
_KINDS = {None: "GPL", "": "GPL", "lesser": "LGPL", "library": "LGPL", "affero": "AGPL", "a": "AGPL", "l": "LGPL"}
_COMMENT = re.compile(r"(?m)^[ \t]*(?:#+|//+|/?\*+|;+|--|\.\.|rem\b)[ \t]?")


_GNU_WORDS = ("GPL", "gpl", "General Public", "GENERAL PUBLIC", "general public", "Public Licen", "Public licen",
              "public licen", "PUBLIC LICEN")


def _grant_version(kind: str, major: str, minor: str | None) -> str:
    if kind == "LGPL" and major == "2" and minor is None:
        return "2.0"
    return f"{major}.{minor or '0'}"


def gnu_grants(text: str) -> list[Grant]:
    """The GNU license grants a text states, with or without "or any later version", in text order.

    Reads prose notices ("... the GNU Lesser General Public License as published by the Free
    Software Foundation; either version 2.1 of the License, or (at your option) any later
    version"), source-file headers (comment markers are dropped first) and short forms
    ("GPLv2+", "LGPL-3.0-or-later").  A GNU license text's own title and the sample notice in
    its appendix are not grants and are skipped.
    """
    if not any(word in text for word in _GNU_WORDS):
        return []
    flat = " ".join(_COMMENT.sub(" ", text).lower().split())
    found: list[tuple[int, Grant]] = []
    # (the patterns start with a literal, which the regex engine finds quickly; the word
    # boundary before it is checked here)
    for m in _GRANT.finditer(flat):
        if (m.start() and flat[m.start() - 1].isalnum()) or _TITLE.match(flat, m.end()) \
                or _APPENDIX in flat[max(0, m.start() - 2500):m.start()]:
            continue
        kind = _KINDS[m.group(1)]
        later = bool(m.group(4))
        after = flat[m.end():m.end() + 80]
        only = not later and ("terms of the" in flat[max(0, m.start() - 40):m.start()] or after.startswith(" only")) \
            and "later" not in after
        found.append((m.start(), Grant(kind, _grant_version(kind, m.group(2), m.group(3)), later,
                                       m.group(0)[:200], only)))
    for m in _ONLY.finditer(flat):
        kind = _KINDS[m.group(1) or ""]
        found.append((m.start(), Grant(kind, _grant_version(kind, m.group(2), m.group(3)), False,
                                       m.group(0)[:200], True)))
    for m in _SHORT.finditer(flat):
        start = m.start()
        prefix = flat[start - 1] if start and flat[start - 1] in "al" else ""
        start -= len(prefix)
        if (start and flat[start - 1].isalnum()) or _APPENDIX in flat[max(0, start - 2500):start]:
            continue
        kind = _KINDS[prefix]
        version = _grant_version(kind, m.group(1), m.group(2))
        if version not in ("1.0", "2.0", "2.1", "3.0") or (kind != "LGPL" and version == "2.1"):
            continue
        found.append((start, Grant(kind, version, bool(m.group(3)), flat[start:m.end()][:200])))
    found.sort(key=lambda pair: pair[0])
    return [g for _, g in found]


# --- license exceptions: "In addition, as a special exception, ..."


@dataclass(frozen=True)
class ExceptionGrant:
    exception: str  # an SPDX exception id, or a LicenseRef- where SPDX has none
    applies_to: tuple[str, ...]  # license id prefixes it is added to (GPL-, LGPL- ...)
    phrase: str


@lru_cache(maxsize=1)
def _exception_table() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    from reportgen.licenses.expression import _load_toml

    rows = []
    for entry in _load_toml("exceptions.toml")["exception"]:
        phrases = tuple(" ".join(normalize_words(p)) for p in entry["phrases"])
        rows.append((entry["id"], tuple(entry["applies_to"]), phrases))
    return tuple(rows)


def _name_key(name: str) -> str:
    return " ".join(re.sub(r"[-_\s]+", " ", name.lower()).replace("exceptions", "exception").split())


@lru_cache(maxsize=1)
def _exception_names() -> dict[str, tuple[str, tuple[str, ...]]]:
    from reportgen.licenses.expression import _load_toml

    names: dict[str, tuple[str, tuple[str, ...]]] = {}
    for entry in _load_toml("exceptions.toml")["exception"]:
        for name in (entry["id"], *entry.get("names", ())):
            names[_name_key(name)] = (entry["id"], tuple(entry["applies_to"]))
    return names


def exception_named(name: str) -> tuple[str, tuple[str, ...]] | None:
    """(exception id, license prefixes it applies to) for what a License field calls an exception
    after "with" ("LLVM exception", "Classpath exception"), from exceptions.toml; else None."""
    return _exception_names().get(_name_key(name))


def find_exceptions(words: list[str] | str) -> list[ExceptionGrant]:
    """License exceptions granted in a text (normalised words, or raw text), from
    reportgen/data/spdx/exceptions.toml: each is known by a phrase of its grant."""
    joined = " ".join(normalize_words(words) if isinstance(words, str) else words)
    if "exception" not in joined and "permission" not in joined and "addition" not in joined:
        return []
    out = []
    for exc, applies, phrases in _exception_table():
        for phrase in phrases:
            if phrase in joined:
                out.append(ExceptionGrant(exc, applies, phrase))
                break
    return out


# --- bundled sections: "This binary distribution of X also bundles ...", "taken from the Y project"

#: Words (normalised) that introduce a license section as another project's code.
BUNDLED_MARKERS = (
    "bundle", "bundles", "bundled", "vendored", "vendor", "third party", "thirdparty", "3rd party",
    "redistributed within", "redistributed with", "taken from", "copied from", "derived from",
    "the following software", "following third", "originally from", "adapted from", "based on code",
    "includes code", "contains code", "incorporated software", "is based on", "are based on",
    "external code", "external codes",
)


#: The markers that say where files came from ("derived from the standard library"): in a preamble
#: before the first license they present the later licenses as those files' (libcst; MDAnalysis:
#: "also includes external codes provided under licenses compatible with ...").  "Bundled
#: with" there says where the package's own files go (pyinstaller-hooks-contrib's runtime hooks).
PROVENANCE_MARKERS = ("taken from", "copied from", "derived from", "originally from", "adapted from",
                      "incorporated software", "external code", "external codes")


#: The markers (normalised words) of a preamble that offers the package's licenses as a choice:
#: "dual licensed under both ... you may choose to use it under either license" (torch-mlir).
CHOICE_MARKERS = ("dual licensed", "dual licenced", "under either license", "either of these licenses",
                  "may choose to use it under either", "at your choice", "at the users choice")


def bundled_marker(words: list[str], markers: tuple[str, ...] = BUNDLED_MARKERS) -> str | None:
    """The first marker in ``words`` (normalised) that introduces code from elsewhere, or None."""
    joined = " " + " ".join(words) + " "
    hits = [(joined.find(f" {m} "), m) for m in markers if f" {m} " in joined]
    return min(hits)[1] if hits else None
