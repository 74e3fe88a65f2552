"""Decide the license from all the evidence, by weighing it, never by first hit.

Two kinds of evidence are weighed against each other:

* what the metadata declares (``M``): a PEP 639 ``License-Expression`` (exact,
  1.0), the ``License`` field or npm ``license`` (an SPDX id 0.85, a known name
  up to 0.8, a family name like "BSD" 0.4) and Trove classifiers (0.3-0.8);
* what the package's own license files hold (``F``): SPDX texts found by text
  matching (confidence = share of the license text found) or short notices.

Bundled third-party licenses and NOTICE files are kept as evidence but never
decide.  How ``M`` and ``F`` relate decides the answer:

==========  =============================================  ==========================================
relation    example                                        answer
==========  =============================================  ==========================================
same        field "MIT", LICENSE is the MIT text           ``M`` (it knows AND/OR and "or later")
refines     classifier "BSD License", LICENSE is BSD-2     ``F`` when its text match is strong
subset      "Apache-2.0 OR BSD-3-Clause", LICENSE Apache   ``M``
superset    field "Apache-2.0", LICENSE Apache + MIT text  ``M``, the extra license noted
conflict    field "MIT", LICENSE is the Apache-2.0 text    NOASSERTION with both named
==========  =============================================  ==========================================

A PEP 639 expression always wins, with its confidence lowered when the files disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.licenses.expression import gnu_key, license_ids, normalize
from reportgen.licenses.matchers.base import PRIMARY
from reportgen.model import NOASSERTION, Evidence, LicenseFinding

STRONG_TEXT = 0.85  # a file match this sure may refine what the metadata says
WEAK_META = 0.5  # metadata below this only names a family
HEADERS_ONLY = 0.6  # a source-header grant with no metadata nor license file beside it


#: A public-domain statement and the texts that dedicate a work to the public domain (the Unlicense:
#: "released into the public domain"; CC0): one family, so that a text makes "Public Domain" precise.
PUBLIC_DOMAIN = ("LicenseRef-Public-Domain", "Unlicense", "CC0-1.0", "CC-PDDC")


def family(spdx_id: str) -> str:
    if spdx_id in PUBLIC_DOMAIN:
        return "public domain"
    if spdx_id.startswith(("GPL-", "LGPL-", "AGPL-")):
        return "GNU"
    if spdx_id == "0BSD" or spdx_id.startswith("BSD-"):
        return "BSD"
    if spdx_id in ("MIT", "MIT-0", "MIT-CMU", "X11", "MIT-Modern-Variant", "HPND", "HPND-sell-variant"):
        return "MIT"
    if spdx_id in ("PSF-2.0", "Python-2.0", "CNRI-Python", "Python-2.0.1"):
        return "PSF"
    for prefix in ("Apache-", "MPL-", "EPL-", "CC-BY-", "ZPL-", "Artistic-", "AFL-", "EUPL-", "CDDL-", "OFL-"):
        if spdx_id.startswith(prefix):
            return prefix.rstrip("-")
    return spdx_id


@dataclass(frozen=True)
class Claim:
    expression: str
    confidence: float
    what: str  # for the reason
    files: int = 0  # how many license files it comes from

    @property
    def ids(self) -> set[str]:
        return license_ids(self.expression)


def _role(ev: Evidence) -> str:
    return ev.detail.split(":", 1)[0] if ev.matcher == "license-file" else ""


def metadata_claim(evidence: list[Evidence]) -> tuple[Claim | None, list[str]]:
    notes: list[str] = []
    declared = [e for e in evidence if e.matcher == "license-expression" and e.expression]
    if declared:
        return Claim(declared[0].expression, 1.0, f"License-Expression {declared[0].expression}"), notes
    field = [e for e in evidence if e.matcher in ("license-field", "npm-license") and e.expression
             and e.expression != NOASSERTION]
    classifiers = [e for e in evidence if e.matcher == "classifier" and e.expression]
    best_field = max(field, key=lambda e: e.confidence, default=None)
    best_cls = classifiers[0] if classifiers else None
    if best_field and best_cls:
        f_ids, c_ids = license_ids(best_field.expression), license_ids(best_cls.expression)
        if f_ids == c_ids:
            conf = min(0.95, max(best_field.confidence, best_cls.confidence) + 0.1)
            return Claim(best_field.expression, conf, f"{best_field.source} and classifiers agree"), notes
        if {family(i) for i in f_ids} & {family(i) for i in c_ids}:
            winner = best_field if best_field.confidence >= best_cls.confidence else best_cls
            loser = best_cls if winner is best_field else best_field
            if names_no_version(winner) and not names_no_version(loser) and {_kin_key(i) for i in f_ids} == {
                    _kin_key(i) for i in c_ids}:  # "LGPL" and "LGPLv3+": the version is only a guess in one
                winner = loser
            return Claim(winner.expression, winner.confidence, f"{winner.source} {winner.expression}"), notes
        winner = best_field if best_field.confidence >= best_cls.confidence else best_cls
        notes.append(f"metadata disagrees: {best_field.source} says {best_field.expression}, "
                     f"classifiers say {best_cls.expression}")
        return Claim(winner.expression, winner.confidence * 0.6, f"{winner.source} {winner.expression}"), notes
    one = best_field or best_cls
    if one is None:
        return None, notes
    return Claim(one.expression, one.confidence, f"{one.source} {one.expression}"), notes


def names_no_version(e: Evidence) -> bool:
    """Metadata naming a GNU license without a version ("LGPL", "GNU General Public License (GPL)"):
    the version of its expression is a guess."""
    return bool(e.matcher in _METADATA and e.expression and e.expression.startswith(_GNU)
                and not any(c.isdigit() for c in e.detail.split(" (", 1)[0]))


def file_claim(evidence: list[Evidence]) -> tuple[Claim | None, list[str]]:
    notes: list[str] = []
    own = [e for e in evidence if e.matcher == "license-file" and _role(e) == PRIMARY and e.expression]
    if not own:
        return None, notes
    own.sort(key=lambda e: -e.confidence)
    ids: list[str] = []
    for e in own:
        # a file that offers a choice (torch-mlir: "dual licensed ... choose either") is one term
        for i in [f"({e.expression})"] if " OR " in e.expression else _ordered_ids(e.expression):
            if i not in ids:
                ids.append(i)
    expr = normalize(" AND ".join(ids))
    sources = ", ".join(e.source for e in own)
    conf = own[0].confidence
    crowded = [e for e in own if len(license_ids(e.expression)) > 2]
    if crowded:
        notes.append(f"{', '.join(e.source for e in crowded)} lists many licenses (third-party notices?)")
        conf = min(conf, 0.5)
    distinct = {frozenset(license_ids(e.expression)) for e in own}
    if len(distinct) > 1:
        notes.append(f"several license files ({sources}); how they combine is not stated in them")
        conf = min(e.confidence for e in own) * 0.8
    return Claim(expr, conf, f"{sources} {expr}", files=len(own)), notes


def _same_file_extras(evidence: list[Evidence], meta_ids: set[str]) -> list[str]:
    """Licenses that share one of the package's own files with the declared license."""
    keys = {gnu_key(i) for i in meta_ids}
    extras: list[str] = []
    for e in evidence:
        if e.matcher == "license-file" and _role(e) == PRIMARY and e.expression:
            ids = _ordered_ids(e.expression)
            if len(ids) == 2 and any(gnu_key(i) in keys for i in ids):
                extras += [i for i in ids if gnu_key(i) not in keys and i not in extras]
    return extras


def _ordered_ids(expr: str) -> list[str]:
    """The terms of a flat AND of a license file's expression ("X WITH E" kept whole), in order."""
    if "(" not in expr and " OR " not in expr:
        return expr.split(" AND ")
    return [t for t in expr.replace("(", " ").replace(")", " ").split() if t not in ("AND", "OR", "WITH")]


#: Families where the metadata knows better than the text: the GPL texts do not say
#: "only" or "or later", and projects call the Python license stack "PSF-2.0".
META_KNOWS = ("GNU", "PSF")


def _kin_key(spdx_id: str) -> str:
    """GNU licenses by kind (GPL/LGPL/AGPL, any version), the Python licenses as one."""
    fam = family(spdx_id)
    if fam == "GNU":
        return "GNU:" + spdx_id.split("-", 1)[0]
    return "PSF" if fam == "PSF" else spdx_id


def relation(meta: set[str], files: set[str]) -> str:
    m, f = {gnu_key(i) for i in meta}, {gnu_key(i) for i in files}
    if m == f:
        return "same"
    if f < m:
        return "subset"
    if m < f:
        return "superset"
    m_fam, f_fam = {family(i) for i in meta}, {family(i) for i in files}
    if {_kin_key(i) for i in meta} == {_kin_key(i) for i in files} or (
            m_fam == f_fam and m_fam <= set(META_KNOWS)):
        return "kin"  # GPL-2.0-or-later with a GPL-3.0 text, LGPL with its GPL companion, PSF-2.0/Python-2.0
    if m_fam == f_fam:
        return "refines"
    return "conflict"


def resolve(evidence: list[Evidence]) -> LicenseFinding:
    """The answer from all the evidence; then the GNU version clause and exceptions settled."""
    return settle(_decide(evidence), evidence)


def _decide(evidence: list[Evidence]) -> LicenseFinding:
    evidence_t = tuple(evidence)
    meta, notes_m = metadata_claim(evidence)
    files, notes_f = file_claim(evidence)
    notes = notes_m + notes_f
    others = [e for e in evidence if e.matcher == "license-file" and _role(e) != PRIMARY and e.expression]
    if others:
        notes.append("not the package's own: " + ", ".join(f"{e.source} ({e.expression})" for e in others))

    def done(expression: str, confidence: float, reason: str) -> LicenseFinding:
        text = "; ".join([reason, *notes])
        return LicenseFinding(expression, round(confidence, 3), evidence_t, text)

    if meta is None and files is None:
        headers = {e.expression for e in evidence if e.matcher == "version-clause" and e.expression}
        if len(headers) == 1:  # the source headers' grant is all the package states
            granted = [e for e in evidence if e.matcher == "version-clause"]
            return done(headers.pop(), HEADERS_ONLY, f"from the source header grant in {granted[0].source}; "
                        "no license metadata and no license file")
        return done(NOASSERTION, 0.0, "no license metadata and no license file with a known text")
    if files is None:
        assert meta is not None
        return done(meta.expression, meta.confidence, f"from {meta.what}; no license file text to check it against")
    if meta is None:
        return done(files.expression, files.confidence * 0.9, f"from the license file text: {files.what}")

    rel = relation(meta.ids, files.ids)
    if rel == "kin":
        # the metadata knows "or later" and what the project calls its license; a lone text file
        # only beats a vague metadata claim
        if meta.confidence >= WEAK_META or files.files > 1:
            return done(meta.expression, max(meta.confidence, min(files.confidence, 0.9)),
                        f"from {meta.what}, consistent with {files.what}")
        rel = "refines"
    if meta.confidence >= 1.0:  # PEP 639 License-Expression
        if rel == "refines":  # e.g. BSD-3-Clause declared, the LICENSE text is BSD-2-Clause
            return done(meta.expression, 0.75, f"from {meta.what}; but the license text reads as {files.expression}")
        if rel in ("same", "subset", "superset"):
            extra = files.ids - meta.ids if rel == "superset" else set()
            note = f" (license files also hold {', '.join(sorted(extra))})" if extra else ""
            conf = 1.0 if rel in ("same", "subset") else 0.9
            return done(meta.expression, conf, f"from {meta.what}, consistent with {files.what}{note}")
        if rel == "kin":
            return done(meta.expression, 0.95, f"from {meta.what}, consistent with {files.what}")
        if files.confidence < 0.8:
            return done(meta.expression, 0.85, f"from {meta.what}; the license files (weak: {files.expression}) "
                        "do not contradict it clearly")
        return done(meta.expression, 0.6, f"from {meta.what}; but the license files say {files.expression}")
    if rel == "same":
        if meta.confidence < WEAK_META and len(meta.ids) > 1 and files.files == 1:
            return done(files.expression, files.confidence * 0.95,
                        f"from {files.what}; {meta.what} names the same licenses without saying how they combine")
        return done(meta.expression, max(meta.confidence, files.confidence),
                    f"from {meta.what}, confirmed by {files.what}")
    if rel == "refines":
        if files.confidence >= STRONG_TEXT or (meta.confidence < WEAK_META and files.confidence > meta.confidence):
            return done(files.expression, files.confidence * 0.97,
                        f"from {files.what}, which makes {meta.what} precise")
        return done(meta.expression, meta.confidence * 0.8,
                    f"from {meta.what}; {files.what} is a weak match")
    if rel == "subset":
        if meta.confidence >= WEAK_META:
            return done(meta.expression, meta.confidence,
                        f"from {meta.what}; license files show {files.expression} of it")
        return done(files.expression, files.confidence * 0.8,
                    f"from {files.what}; {meta.what} is only a family name")
    if rel == "superset":
        choice = _classifier_choice(evidence, files)
        if choice is not None:  # uvloop: License "MIT", classifiers Apache and MIT, LICENSE-APACHE + LICENSE-MIT
            return done(choice.expression, 0.8, f"from {choice.source} {choice.expression}, the choice the license "
                        f"files ({files.what}) offer; {meta.what} names one of them")
        if meta.confidence >= 0.8:
            extra_ids = sorted(files.ids - meta.ids)
            together = _same_file_extras(evidence, meta.ids)
            if together:  # the package's own grant comes first; the later texts cover parts of it
                return done(meta.expression, 0.85, f"from {meta.what}; the same license file also holds "
                            f"{', '.join(together)}, for parts of the code (shown as evidence)")
            return done(meta.expression, 0.85,
                        f"from {meta.what}; other license files also hold {', '.join(extra_ids)} (bundled code?)")
        return done(files.expression, files.confidence * 0.85, f"from {files.what}; {meta.what} names less")
    # conflict
    carried = _in_bundled(evidence, meta.ids)
    if carried and meta.confidence >= WEAK_META and files.confidence >= 0.8:
        # the metadata names the license of the code the package redistributes (opencv-python:
        # Apache-2.0 for the OpenCV binary in LICENSE-3RD-PARTY.txt), the package's own file the
        # license of the rest (MIT for its build scripts): both apply
        own = meta.expression if " " not in meta.expression else f"({meta.expression})"
        theirs = files.expression if " " not in files.expression else f"({files.expression})"
        return done(normalize(f"{own} AND {theirs}"), 0.7,
                    f"from {meta.what}, the license of the redistributed code in {carried}, "
                    f"and {files.what} for the package's own files")
    if meta.confidence >= WEAK_META and files.confidence >= 0.8:
        return done(NOASSERTION, 0.0,
                    f"evidence disagrees: {meta.what}, but {files.what}")
    if meta.confidence < WEAK_META and files.confidence >= 0.8:
        return done(files.expression, files.confidence * 0.75,
                    f"from {files.what}; {meta.what} (weak) disagrees")
    return done(meta.expression, meta.confidence * 0.7, f"from {meta.what}; {files.what} (weak) disagrees")


def _classifier_choice(evidence: list[Evidence], files: Claim) -> Evidence | None:
    """Classifiers naming a choice (OR) of exactly the licenses of the package's separate license
    files, one file each: the choice the project offers, when the License field names one part."""
    for e in evidence:
        if e.matcher == "classifier" and e.expression and " OR " in e.expression and "(" not in e.expression \
                and license_ids(e.expression) == files.ids and files.files == len(files.ids) > 1:
            return e
    return None


def _in_bundled(evidence: list[Evidence], ids: set[str]) -> str:
    """The bundled license file that opens with the metadata's license(s), if any."""
    for e in evidence:
        if e.matcher == "license-file" and _role(e) == "bundled" and e.expression and ids <= license_ids(e.expression):
            return e.source
    return ""


# --- the GNU version clause and exceptions, settled on the answer ------------------------

_GNU = ("GPL-", "LGPL-", "AGPL-")
#: What metadata says about a GNU version clause ("-only" or "-or-later"), by matcher.
_METADATA = ("license-expression", "license-field", "classifier", "npm-license")
#: How sure an answer can be whose GNU "only" / "or later" nothing states.
UNSTATED_VERSION = 0.5


def settle(found: LicenseFinding, evidence: list[Evidence]) -> LicenseFinding:
    """Settle "only" vs "or later" for the GNU licenses of the answer, and add the exceptions the
    package's own license files grant.

    * "or (at your option) any later version" stated anywhere in the package's own texts (a
      license file's preamble, a notice, the metadata, a sampled source-file header: evidence of
      the ``version-clause`` matcher) makes the license ``-or-later``, whatever else said "only";
    * otherwise an "only" the metadata states (``License-Expression``, an id in ``License``, a
      "GPLv2" classifier) stands;
    * a GNU text alone states neither.  Its own terms (GPL-2.0 section 9, GPL-3.0 section 14,
      LGPL-2.1 section 13, LGPL-3.0 section 6) let a program that names no version be used under
      any version, so the answer is that version ``-or-later``, at a confidence of at most 0.5.
    """
    expr = found.expression
    if expr == NOASSERTION or not any(g in expr for g in _GNU) and " WITH " not in " ".join(
            e.expression or "" for e in evidence if e.matcher == "license-file"):
        return found
    later: dict[str, str] = {}  # GNU text key -> where "or later" is stated
    stated_only: set[str] = set()
    exceptions: dict[str, str] = {}  # license id -> exception, from the package's own files
    grants: list[str] = []  # GNU version clauses granted in the package's own texts
    for e in evidence:
        if not e.expression or (e.matcher == "license-file" and _role(e) not in (PRIMARY, "field", "notice")):
            continue
        if e.matcher == "version-clause":
            grants.append(e.expression)
        if e.matcher in ("license-file", "license-field") and "; grants " in e.detail:
            for clause in e.detail.split("; grants ", 1)[1].split(";", 1)[0].split(", "):
                grants.append(clause)
                if clause.endswith("-only"):
                    stated_only.add(gnu_key(clause))
        terms = _terms(e.expression)
        # one expression naming both LGPL-2.1-only and LGPL-2.1-or-later (openslide-bin's
        # License-Expression: its own code and bundled libraries) means each where it stands
        both = {gnu_key(t) for t in terms if t.endswith("-only")} & {
            gnu_key(t) for t in terms if t.endswith("-or-later")} if e.matcher == "license-expression" else set()
        for term in terms:
            lic, _, exc = term.partition(" WITH ")
            if lic.endswith("-or-later") and gnu_key(lic) in both:
                continue
            if lic.endswith("-or-later") and (e.matcher not in _METADATA or e.confidence >= WEAK_META):
                later.setdefault(gnu_key(lic), e.source)  # (not a guess for an unversioned "GPL")
            elif lic.endswith("-only") and (e.matcher == "version-clause" or (
                    e.matcher in _METADATA and not e.detail.startswith("whole license text"))):
                stated_only.add(gnu_key(lic))
            if exc and e.matcher in ("license-file", "license-field"):
                exceptions.setdefault(lic, exc)
    # GNU kinds the metadata names without a version ("LGPL", "GNU Library or Lesser General Public
    # License (LGPL)"), and no license text gives one: a grant's version decides
    gnu_meta = [e for e in evidence if e.matcher in _METADATA and e.expression and e.expression.startswith(_GNU)]
    texts = " ".join(e.expression or "" for e in evidence if e.matcher == "license-file")
    versioned = {e.expression.split("-", 1)[0] for e in gnu_meta if not names_no_version(e)}
    unversioned = {e.expression.split("-", 1)[0] for e in gnu_meta if names_no_version(e)} - versioned
    own_texts = " ".join(e.expression or "" for e in evidence if e.matcher == "license-file" and _role(e) == PRIMARY)
    # the versions the package's own license texts give each GNU kind ("LGPL" in the metadata, the LGPL v3 text)
    text_versions: dict[str, set[str]] = {}
    for term in own_texts.split():
        if term.startswith(_GNU):
            text_versions.setdefault(term.split("-", 1)[0], set()).add(gnu_key(term))
    # the "LGPLv2" / "LGPLv2+" classifiers cannot say 2.1; the license text or a grant can
    stated_texts = " ".join([own_texts, *grants])
    lgpl21_text = "LGPL-2.1" in stated_texts and "LGPL-2.0" not in stated_texts
    declared_20 = any(e.matcher == "license-expression" and "LGPL-2.0" in (e.expression or "") for e in evidence)
    notes: list[str] = []
    confidence = found.confidence
    out: list[str] = []
    tokens = _tokens(expr)
    for n, tok in enumerate(tokens):
        if tok in ("(", ")", "AND", "OR", "WITH") or (n and tokens[n - 1] == "WITH"):
            out.append(tok)
            continue
        if tok.startswith("LGPL-2.0-") and lgpl21_text and not declared_20:
            tok = tok.replace("LGPL-2.0-", "LGPL-2.1-")
            notes.append("LGPL version 2.1, as the license text or grant says")
        kind = tok.split("-", 1)[0]
        if tok.startswith(_GNU) and kind in unversioned and kind + "-" in texts:
            shipped = text_versions.get(kind, set())
            if len(shipped) == 1 and gnu_key(tok) not in shipped:  # "LGPL" in the metadata, the LGPL v3 text
                notes.append(f"the metadata names no {kind} version; {next(iter(shipped))} as the license text")
                tok = f"{next(iter(shipped))}-only"  # "only" or "or later" as the rest of the evidence says
        elif tok.startswith(_GNU) and kind in unversioned:
            stated = [c for c in grants if c.split("-", 1)[0] == tok.split("-", 1)[0]]
            if len(set(stated)) == 1 and stated[0] != tok:  # "LGPL" in the metadata, a version in the grant
                notes.append(f"the metadata names no {tok.split('-', 1)[0]} version; {stated[0]} as granted")
                tok = stated[0]
        if tok.startswith(_GNU) and tok.endswith("-only"):
            key = gnu_key(tok)
            if key in later:
                notes.append(f"{key} 'or any later version' stated in {later[key]}")
                tok = f"{key}-or-later"
            elif key not in stated_only:
                notes.append(f"no 'only' or 'or later' stated for {key}: by its own terms any version may "
                             f"be chosen, read as {key}-or-later")
                tok = f"{key}-or-later"
                confidence = min(confidence, UNSTATED_VERSION)
        out.append(tok)
        following = tokens[n + 1] if n + 1 < len(tokens) else ""
        if following != "WITH":
            exc = exceptions.get(tok) or exceptions.get(tok.replace("-or-later", "-only")) or \
                exceptions.get(tok.replace("-only", "-or-later"))
            if exc:
                out += ["WITH", exc]
                notes.append(f"exception {exc} granted in the license file")
    settled = normalize(" ".join(out))
    if settled == expr:
        return found
    reason = "; ".join([found.reason, *notes])
    return LicenseFinding(settled, round(confidence, 3), found.evidence, reason)


def _tokens(expr: str) -> list[str]:
    return expr.replace("(", " ( ").replace(")", " ) ").split()


def _terms(expr: str) -> list[str]:
    """The license terms of an expression, "X WITH E" kept whole."""
    tokens = [t for t in _tokens(expr) if t not in ("(", ")")]
    terms: list[str] = []
    for n, tok in enumerate(tokens):
        if tok in ("AND", "OR", "WITH"):
            continue
        if n and tokens[n - 1] == "WITH":
            terms[-1] += f" WITH {tok}"
        else:
            terms.append(tok)
    return terms
