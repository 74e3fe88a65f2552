"""One matcher at a time, on real metadata values and license texts."""

from __future__ import annotations

from reportgen.licenses.identify import read_metadata
from reportgen.licenses.matchers import PYTHON, base, classifiers, license_expression, license_field, license_files
from reportgen.licenses.matchers.base import BUNDLED, NOTICE, PRIMARY, Subject, file_role
from reportgen.licenses.text import shipped_text

from .helpers import dist_info, installed_license


def subject(**fields):
    return Subject(fields={k.replace("_", "-"): v for k, v in fields.items()})


def test_pipeline_is_complete_and_named():
    assert [m.NAME for m in PYTHON] == ["license-expression", "license-field", "classifier", "license-file"]


def test_license_expression_matcher():
    [ev] = license_expression.match(subject(License_Expression=["apache-2.0 OR bsd-2-clause"]))
    assert (ev.expression, ev.confidence, ev.source) == ("Apache-2.0 OR BSD-2-Clause", 1.0,
                                                         "METADATA:License-Expression")
    [bad] = license_expression.match(subject(License_Expression=["Apache 2"]))
    assert bad.expression is None and bad.confidence == 0.0 and "set aside" in bad.detail
    assert license_expression.match(subject()) == []


def test_license_expression_from_real_metadata():
    fields, origin = read_metadata(dist_info("packaging"))
    assert origin == "METADATA"
    [ev] = license_expression.match(Subject(fields=fields))
    assert ev.expression == "Apache-2.0 OR BSD-2-Clause"


def test_license_field_spdx_alias_and_junk():
    spdx = license_field.interpret("MIT", "METADATA:License")
    assert spdx.expression == "MIT" and spdx.confidence == license_field.SPDX_CONFIDENCE
    alias = license_field.interpret("Apache Software License", "METADATA:License")
    assert alias.expression == "Apache-2.0" and 0.5 < alias.confidence <= 0.8
    vague = license_field.interpret("BSD", "METADATA:License")
    assert vague.expression == "BSD-3-Clause" and vague.confidence < 0.5
    combo = license_field.interpret("Apache 2.0 or MIT", "METADATA:License")
    assert combo.expression == "Apache-2.0 OR MIT"
    for junk in ("UNKNOWN", "", "see LICENSE file", "Dual License", "Commercial"):
        assert license_field.interpret(junk, "METADATA:License").expression is None, junk


def test_license_field_holding_a_whole_license_text():
    # kiwisolver and contourpy put their whole BSD text in the License field; same shape here
    text = installed_license("click", "LICENSE.txt")
    ev = license_field.interpret(text, "METADATA:License")
    assert ev.expression == "BSD-3-Clause"
    assert ev.confidence > 0.85
    assert "whole license text" in ev.detail


def test_license_field_from_real_metadata():
    fields, _ = read_metadata(dist_info("six"))
    [ev] = license_field.match(Subject(fields=fields))
    assert ev.expression == "MIT"


def test_classifiers():
    [ev] = classifiers.match(subject(Classifier=["License :: OSI Approved :: BSD License",
                                                 "Programming Language :: Python"]))
    assert ev.expression == "BSD-3-Clause" and ev.confidence <= 0.3
    [dual] = classifiers.match(subject(Classifier=["License :: OSI Approved :: Apache Software License",
                                                   "License :: OSI Approved :: MIT License"]))
    assert dual.expression == "Apache-2.0 OR MIT"
    evs = classifiers.match(subject(Classifier=["License :: OSI Approved", "License :: Made Up :: Thing"]))
    assert all(e.expression is None for e in evs) and len(evs) == 2
    assert classifiers.match(subject(Classifier=["Topic :: Utilities"])) == []


def test_file_roles():
    assert file_role("LICENSE") == PRIMARY
    assert file_role("LICENSE.APACHE") == PRIMARY
    assert file_role("COPYING.LESSER") == PRIMARY
    assert file_role("LICENCE.rst") == PRIMARY
    assert file_role("NOTICE") == NOTICE
    assert file_role("NOTICE.txt") == NOTICE
    assert file_role("LICENSES/vendored-xyz") == BUNDLED
    assert file_role("LICENSES/MIT.txt") == PRIMARY  # REUSE layout: the file name is the SPDX id
    assert file_role("vendor/llhttp/LICENSE") == BUNDLED
    assert file_role("THIRD-PARTY-NOTICES.md") == BUNDLED
    assert file_role("LICENSES_bundled.txt") == BUNDLED
    assert file_role("AUTHORS.md") == base.OTHER
    assert file_role("Apache-2.0.txt") == PRIMARY
    assert base.evidence("x", "y", None, 3.0).confidence == 1.0


def test_license_files_matcher_real_files():
    s = Subject(license_files={
        "LICENSE.APACHE": installed_license("packaging", "LICENSE.APACHE"),
        "LICENSE.BSD": installed_license("packaging", "LICENSE.BSD"),
        "LICENSE": installed_license("packaging", "LICENSE"),
        "LICENSES/vendored-mit": installed_license("attrs", "LICENSE"),
    })
    by_source = {e.source: e for e in license_files.match(s)}
    assert by_source["LICENSE.APACHE"].expression == "Apache-2.0"
    assert by_source["LICENSE.BSD"].expression == "BSD-2-Clause"
    assert by_source["LICENSE"].expression is None  # "either of the licenses in ..." names none by text
    assert by_source["LICENSES/vendored-mit"].detail.startswith(BUNDLED)
    assert by_source["LICENSE.APACHE"].detail.startswith(PRIMARY)


def test_gpl_text_with_or_later_notice():
    text = ("This program is free software; you can redistribute it and/or modify it under the terms of the "
            "GNU General Public License as published by the Free Software Foundation; either version 3 of the "
            "License, or (at your option) any later version.\n\n" + shipped_text("GPL-3.0-only"))
    ev = license_files.match_one("COPYING", text)
    assert ev.expression == "GPL-3.0-or-later"
    plain = license_files.match_one("COPYING", shipped_text("GPL-3.0-only"))
    assert plain.expression == "GPL-3.0-only"
