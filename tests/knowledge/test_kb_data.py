"""The knowledge base's data files: complete, consistent, and true to the license texts."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from reportgen.knowledge import kb

ALL = kb.all_facts()
LICENSES = [f for f in ALL if f.kind == "license"]
EXCEPTIONS = [f for f in ALL if f.kind == "exception"]

REQUIRED = """GPL-2.0-only GPL-2.0-or-later GPL-3.0-only GPL-3.0-or-later LGPL-2.0-only LGPL-2.0-or-later
LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0-only LGPL-3.0-or-later AGPL-3.0-only AGPL-3.0-or-later MPL-2.0 MPL-1.1
EPL-1.0 EPL-2.0 CDDL-1.0 CDDL-1.1 Apache-2.0 Apache-1.1 BSD-2-Clause BSD-3-Clause BSD-4-Clause 0BSD MIT MIT-0
MIT-CMU HPND ISC PSF-2.0 Python-2.0 Zlib BSL-1.0 Unlicense CC0-1.0 CC-BY-4.0 CC-BY-SA-4.0 OFL-1.1 WTFPL PostgreSQL
Artistic-2.0 BlueOak-1.0.0 Unicode-3.0 X11 NCSA UPL-1.0 MS-PL EUPL-1.2 OpenSSL curl SSPL-1.0 BUSL-1.1 Elastic-2.0
LicenseRef-scancode-rsalv2 LicenseRef-scancode-commons-clause Classpath-exception-2.0 LLVM-exception
GCC-exception-3.1 Autoconf-exception-3.0 Bison-exception-2.2""".split()

SPDX_TEXTS = Path(kb.DATA).parent / "spdx" / "licenses.json"


def _texts() -> dict[str, str]:
    if not SPDX_TEXTS.is_file():
        return {}
    data = json.loads(SPDX_TEXTS.read_text(encoding="utf-8"))["licenses"]
    return {k: v["text"] for k, v in data.items() if isinstance(v, dict) and v.get("text")}


TEXTS = _texts()


@functools.lru_cache(maxsize=1)
def _spdx():
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def text_for(spdx_id: str) -> str | None:
    """The real license text: SPDX's (shipped by identification), or Debian's common-licenses."""
    for key in (spdx_id, spdx_id.replace("-or-later", "-only")):
        if key in TEXTS:
            return TEXTS[key]
    debian = {"GPL-2.0": "GPL-2", "GPL-3.0": "GPL-3", "LGPL-2.1": "LGPL-2.1", "LGPL-3.0": "LGPL-3",
              "LGPL-2.0": "LGPL-2", "MPL-2.0": "MPL-2.0", "MPL-1.1": "MPL-1.1", "Apache-2.0": "Apache-2.0"}
    base = re.sub(r"-(only|or-later)$", "", spdx_id)
    path = Path("/usr/share/common-licenses") / debian.get(base, "-")
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def test_at_least_sixty_licenses_and_the_required_ones():
    assert len(LICENSES) >= 60
    ids = {f.spdx_id for f in ALL}
    missing = [r for r in REQUIRED if r not in ids]
    assert not missing, missing


@pytest.mark.parametrize("facts", ALL, ids=lambda f: f.spdx_id)
def test_entry_is_complete_and_uses_the_vocabulary(facts):
    assert Path(facts.data_file).stem == facts.spdx_id
    assert facts.name and facts.short and facts.description and facts.restrictions
    assert facts.category in kb.CATEGORIES
    assert set(facts.permissions) <= set(kb.PERMISSIONS), facts.permissions
    assert set(facts.conditions) <= set(kb.CONDITIONS), facts.conditions
    assert set(facts.limitations) <= set(kb.LIMITATIONS), facts.limitations
    assert facts.sources and all(s.startswith("https://") for s in facts.sources)
    assert not facts.generic
    # 1-3 sentences, and the restrictions never claim "none" for a license that has conditions
    assert facts.description.count(". ") <= 4
    if "include-notice" in facts.conditions:
        assert re.search(r"notice|credit|license text", facts.restrictions, re.I), facts.spdx_id
    if facts.kind == "exception":
        assert facts.relaxes and facts.applies_to and facts.category_with in kb.CATEGORIES
        for base in facts.applies_to:
            assert kb.license_facts(base).kind == "license"


@pytest.mark.parametrize("facts", ALL, ids=lambda f: f.spdx_id)
def test_every_id_is_in_the_spdx_or_scancode_list(facts):
    entry = kb.scancode_index().get(facts.spdx_id.lower())
    assert entry is not None, facts.spdx_id
    assert entry["license_key"] == facts.scancode_key
    assert bool(entry.get("is_exception")) == (facts.kind == "exception")
    if not facts.spdx_id.startswith("LicenseRef-"):
        assert not _spdx().unknown_license_keys(facts.spdx_id)
        assert f"https://spdx.org/licenses/{facts.spdx_id}.html" in facts.sources


def test_categories_agree_with_scancode_where_the_vocabularies_overlap():
    """Our category refines ScanCode's; copyleft must never be filed as permissive or the reverse."""
    coarse = {"public-domain": "free", "permissive": "free", "weak-copyleft": "copyleft",
              "strong-copyleft": "copyleft", "network-copyleft": "copyleft",
              "source-available": "restricted", "proprietary": "restricted"}
    theirs = {"Public Domain": "free", "Permissive": "free", "Copyleft Limited": "copyleft",
              "Copyleft": "copyleft", "Source-available": "restricted", "Proprietary Free": "restricted",
              "Free Restricted": "restricted", "Commercial": "restricted"}
    # documented disagreements: OFL is copyleft for the font but ScanCode says Copyleft Limited too;
    # none expected, so any mismatch is a data error.
    wrong = []
    for f in LICENSES:
        entry = kb.scancode_index()[f.spdx_id.lower()]
        if coarse[f.category] != theirs.get(entry["category"], coarse[f.category]):
            wrong.append((f.spdx_id, f.category, entry["category"]))
    assert not wrong, wrong


def test_osi_flags_match_the_spdx_list():
    if not TEXTS:
        pytest.skip("SPDX license list not shipped")
    data = json.loads(SPDX_TEXTS.read_text(encoding="utf-8"))["licenses"]
    checked = 0
    for f in LICENSES:
        entry = data.get(f.spdx_id)
        if entry is not None and f.osi_approved is not None:
            assert f.osi_approved == bool(entry.get("osi")), f.spdx_id
            checked += 1
    assert checked >= 40


# --- facts checked against the license texts themselves -------------------------------------

CLAUSES = {
    "disclose-source": r"source code|source form|corresponding source|source files|executable form .{0,80}source",
    "same-license": r"under the terms of this (license|licence)|under this (license|licence)|same license|"
                    r"same or a compatible|share ?alike|same terms",
    "same-license-library": r"library",
    "same-license-file": r"(covered software|contributions?|modifications?|files?).{0,200}(this license|the terms)",
    "network-use-is-distribution": r"network|remote|online|as a service|communicat",
    "patent-grant": r"patent",
    "no-endorsement": r"endorse|promot|advertis|name",
    "advertising-notice": r"advertising",
    "include-notice": r"notice|copyright|attribution|credit",
    "state-changes": r"modif|chang|alter",
    "no-trademark-use": r"trademark|trade name|name",
    "patent-retaliation": r"patent.{0,300}(litigation|terminat|lawsuit|action|ends)|(litigation|lawsuit).{0,300}patent",
    "no-patent-grant": r"patent",
}


#: Knowledge-base licenses with no text to check against: RSALv2 has no SPDX id (so no SPDX
#: text), and Python-2.0.1's text is left out of the matching set on purpose (it is nearly
#: Python-2.0's, and would blur that match).
WITHOUT_TEXT = {"LicenseRef-scancode-rsalv2", "Python-2.0.1"}


def _checked_pairs():
    for f in LICENSES:
        if f.spdx_id in WITHOUT_TEXT:
            continue
        for tag in (*f.permissions, *f.conditions, *f.limitations):
            if tag in CLAUSES:
                yield f.spdx_id, tag


def test_only_the_known_licenses_lack_a_text():
    tagged = {f.spdx_id for f in LICENSES if any(t in CLAUSES for t in (*f.permissions, *f.conditions, *f.limitations))}
    assert {i for i in tagged if text_for(i) is None} == WITHOUT_TEXT & tagged


@pytest.mark.parametrize(("spdx_id", "tag"), list(_checked_pairs()))
def test_tag_is_backed_by_a_clause_in_the_license_text(spdx_id, tag):
    text = text_for(spdx_id)
    assert text is not None, f"no shipped text for {spdx_id}"
    flat = " ".join(text.split())
    assert re.search(CLAUSES[tag], flat, re.IGNORECASE | re.DOTALL), f"{spdx_id}: no clause for {tag}"


def test_enough_licenses_were_checked_against_real_texts():
    checked = {f.spdx_id for f in LICENSES if text_for(f.spdx_id)}
    assert len(checked) >= 40, sorted(checked)


def test_permissive_licenses_have_no_copyleft_tags_and_copyleft_ones_do():
    copyleft = {"same-license", "same-license-library", "same-license-file", "same-license-source"}
    for f in LICENSES:
        if f.category in ("strong-copyleft", "network-copyleft"):
            assert "same-license" in f.conditions and "disclose-source" in f.conditions, f.spdx_id
        if f.category == "network-copyleft":
            assert "network-use-is-distribution" in f.conditions, f.spdx_id
        if f.category in ("permissive", "public-domain"):
            assert not (copyleft - {"same-license-source"}) & set(f.conditions), f.spdx_id


def test_descriptions_are_in_our_own_words():
    """No run of 8 words of a description or restriction appears verbatim in the license text."""
    copied = []
    for f in ALL:
        text = text_for(f.spdx_id)
        if not text:
            continue
        flat = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
        for field in (f.description, f.restrictions):
            words = re.findall(r"[a-z0-9]+", field.lower())
            for i in range(len(words) - 7):
                run = " ".join(words[i:i + 8])
                if run in flat:
                    copied.append((f.spdx_id, run))
                    break
    assert not copied, copied


def test_later_versions_flag_follows_the_id():
    for f in LICENSES:
        assert f.later_versions == f.spdx_id.endswith("-or-later"), f.spdx_id
