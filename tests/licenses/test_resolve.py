"""The resolver decides by evidence: scenarios built from real license texts and metadata values."""

from __future__ import annotations

from reportgen.licenses.identify import identify_metadata
from reportgen.licenses.resolve import family, relation
from reportgen.licenses.text import shipped_text
from reportgen.model import NOASSERTION

from .helpers import installed_license

APACHE = installed_license("zopfli", "COPYING")
BSD2 = installed_license("packaging", "LICENSE.BSD")
BSD3 = installed_license("click", "LICENSE.txt")
MIT = installed_license("attrs", "LICENSE")
MIT0 = installed_license("cffi", "LICENSE")
GPL2 = shipped_text("GPL-2.0-only")

BSD_CLASSIFIER = ["License :: OSI Approved :: BSD License"]


def test_classifier_family_refined_by_the_file():
    found = identify_metadata({"Classifier": BSD_CLASSIFIER}, {"LICENSE": BSD3})
    assert found.expression == "BSD-3-Clause" and found.confidence >= 0.8
    found = identify_metadata({"Classifier": BSD_CLASSIFIER}, {"LICENSE": BSD2})
    assert found.expression == "BSD-2-Clause" and found.confidence >= 0.8


def test_field_and_file_that_disagree_give_no_confident_answer():
    found = identify_metadata({"License": ["MIT"]}, {"LICENSE": APACHE})
    assert found.expression == NOASSERTION
    assert "MIT" in found.reason and "Apache-2.0" in found.reason
    assert {e.matcher for e in found.evidence} == {"license-field", "license-file"}


def test_pep639_expression_wins_but_not_confidently_against_its_files():
    found = identify_metadata({"License-Expression": ["MIT"]}, {"LICENSE": APACHE})
    assert found.expression == "MIT" and found.confidence < 0.8
    agreed = identify_metadata({"License-Expression": ["MIT"]}, {"LICENSE": MIT})
    assert agreed.expression == "MIT" and agreed.confidence == 1.0


def test_dual_license_files_use_the_metadata_expression():
    files = {"LICENSE.APACHE": APACHE, "LICENSE.BSD": BSD3}
    for fields in ({"License-Expression": ["Apache-2.0 OR BSD-3-Clause"]},
                   {"License": ["Apache-2.0 OR BSD-3-Clause"]},
                   {"Classifier": ["License :: OSI Approved :: Apache Software License", *BSD_CLASSIFIER]}):
        found = identify_metadata(fields, files)
        assert found.expression == "Apache-2.0 OR BSD-3-Clause", fields


def test_several_files_without_metadata_are_not_confident():
    found = identify_metadata({}, {"LICENSE.APACHE": APACHE, "LICENSE.MIT": MIT})
    assert found.expression == "Apache-2.0 AND MIT"
    assert found.confidence < 0.8
    assert "how they combine" in found.reason


def test_bundled_and_notice_files_do_not_override_the_package_license():
    files = {"LICENSE": MIT, "LICENSES/vendored-xyz": APACHE, "NOTICE": APACHE, "_vendor/thing/LICENSE": GPL2}
    found = identify_metadata({"License": ["MIT"]}, files)
    assert found.expression == "MIT" and found.confidence >= 0.9
    assert len([e for e in found.evidence if e.matcher == "license-file"]) == 4
    only_bundled = identify_metadata({}, {"LICENSES/vendored-xyz": APACHE})
    assert only_bundled.expression == NOASSERTION


def test_mit_field_with_mit0_text_is_mit0():
    found = identify_metadata({"License": ["MIT"]}, {"LICENSE": MIT0})
    assert found.expression == "MIT-0"


def test_gpl_or_later_comes_from_metadata():
    found = identify_metadata({"Classifier": [
        "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)"]}, {"COPYING": GPL2})
    assert found.expression == "GPL-2.0-or-later"
    found = identify_metadata({"License": ["GPLv3+"]}, {"COPYING": shipped_text("GPL-3.0-only"),
                                                         "COPYING.LESSER": shipped_text("LGPL-3.0-only")})
    assert found.expression == "GPL-3.0-or-later"


def test_appended_license_of_copied_code_is_evidence_only():
    """The package's own grant is the first license of its license file; a later text introduced
    as copied code is that code's license: in the evidence, not in the answer (issue 15)."""
    psf = shipped_text("PSF-2.0")
    found = identify_metadata({"License": ["MIT"], "Classifier": ["License :: OSI Approved :: MIT License"]},
                              {"LICENSE": MIT + "\n\nParts copied from CPython:\n\n" + psf})
    assert found.expression == "MIT"
    assert "PSF-2.0" in " ".join(e.detail for e in found.evidence)
    found = identify_metadata({}, {"LICENSE": MIT + "\n\nParts copied from CPython:\n\n" + psf})
    assert found.expression == "MIT"


def test_second_license_not_introduced_as_bundled_is_kept_without_metadata():
    apache = shipped_text("Apache-2.0")
    found = identify_metadata({}, {"LICENSE": "Runtime hooks are under Apache-2.0, the rest MIT.\n\n" + MIT
                                   + "\n\n----\n\n" + apache})
    assert found.expression == "MIT AND Apache-2.0"


def test_nothing_known():
    found = identify_metadata({}, {})
    assert found.expression == NOASSERTION and found.confidence == 0.0 and found.reason
    found = identify_metadata({"License": ["UNKNOWN"]}, {"README": "Just a readme " * 30})
    assert found.expression == NOASSERTION


def test_metadata_only_keeps_its_own_confidence():
    found = identify_metadata({"License": ["BSD"]}, {})
    assert found.expression == "BSD-3-Clause" and found.confidence < 0.5
    found = identify_metadata({"License": ["Apache-2.0"]}, {})
    assert found.expression == "Apache-2.0" and found.confidence >= 0.8


def test_relation_and_family():
    assert relation({"MIT"}, {"MIT"}) == "same"
    assert relation({"Apache-2.0", "MIT"}, {"MIT"}) == "subset"
    assert relation({"MIT"}, {"MIT", "PSF-2.0"}) == "superset"
    assert relation({"BSD-3-Clause"}, {"BSD-2-Clause"}) == "refines"
    assert relation({"GPL-2.0-or-later"}, {"GPL-3.0-only"}) == "kin"
    assert relation({"MIT"}, {"Apache-2.0"}) == "conflict"
    assert family("LGPL-2.1-only") == "GNU" and family("0BSD") == "BSD" and family("MIT-CMU") == "MIT"


def test_pep639_expression_with_a_sibling_text_is_not_sure():
    found = identify_metadata({"License-Expression": ["BSD-3-Clause"]}, {"LICENSE": BSD2})
    assert found.expression == "BSD-3-Clause" and found.confidence < 0.8
    assert "BSD-2-Clause" in found.reason
