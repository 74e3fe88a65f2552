"""The identification misses of issue 15, one kind at a time, on files cut from real distributions
(tests/licenses/fixtures/ident/, see its README for the source package, version and license of each).

Kinds: the GNU "or later" clause read from where projects write it; a license file's bundled
sections kept out of the answer; answers where the evidence exists; license exceptions named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.licenses.expression import equivalent, is_valid, license_ids, normalize
from reportgen.licenses.identify import identify_distribution, identify_metadata, read_metadata
from reportgen.licenses.text import shipped_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ident"
SITE = FIXTURES / "site"
MIT_TEXT = (SITE / "opencv_python_headless-5.1.0.95.dist-info" / "LICENSE.txt").read_text()


def found(dist: str):
    return identify_distribution(SITE / dist)


def details(finding) -> str:
    return " | ".join(f"{e.source}: {e.expression} {e.detail}" for e in finding.evidence)


# --- 1. "only" vs "or later" -------------------------------------------------------------


def test_or_later_from_the_source_headers_beats_a_bare_deprecated_id():
    # License-Expression "LGPL-2.1" (deprecated: says neither), paramiko/__init__.py grants "or later"
    finding = found("paramiko-5.1.0.dist-info")
    assert finding.expression == "LGPL-2.1-or-later"
    assert "paramiko/__init__.py" in finding.reason
    assert any(e.matcher == "version-clause" and e.source == "paramiko/__init__.py" for e in finding.evidence)


def test_or_later_from_the_source_headers_beats_a_metadata_only():
    # License-Expression "LGPL-3.0-only", but every module grants "either version 3 ... or any later"
    finding = found("python_telegram_bot-22.8.dist-info")
    assert finding.expression == "LGPL-3.0-or-later"


def test_or_later_from_the_license_file_preamble_with_two_licenses():
    finding = found("pyinstaller_hooks_contrib-2026.9.dist-info")
    assert equivalent(finding.expression, "GPL-2.0-or-later AND Apache-2.0"), finding


def test_a_gnu_text_alone_is_read_as_or_later_and_not_sure():
    finding = identify_metadata({}, {"COPYING": shipped_text("GPL-2.0-only")})
    assert finding.expression == "GPL-2.0-or-later"
    assert finding.confidence <= 0.5
    assert "any version may be chosen" in finding.reason


def test_an_only_the_metadata_states_stands():
    finding = identify_metadata({"Classifier": ["License :: OSI Approved :: GNU General Public License v2 (GPLv2)"]},
                                {"COPYING": shipped_text("GPL-2.0-only")})
    assert finding.expression == "GPL-2.0-only"
    finding = identify_metadata({"License-Expression": ["GPL-3.0-only"]}, {"COPYING": shipped_text("GPL-3.0-only")})
    assert finding.expression == "GPL-3.0-only" and finding.confidence >= 0.8


def test_the_gnu_texts_themselves_grant_nothing():
    """Their titles ("Version 2, June 1991") and the sample notice of their appendix are not grants."""
    from reportgen.licenses.text import gnu_grants

    for spdx_id in ("GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only"):
        assert not [g for g in gnu_grants(shipped_text(spdx_id)) if g.later], spdx_id


def test_grants_in_comments_and_short_forms():
    from reportgen.licenses.text import gnu_grants

    header = (SITE / "telegram" / "__init__.py").read_text()
    assert [g.expression for g in gnu_grants(header)] == ["LGPL-3.0-or-later"]
    assert [g.expression for g in gnu_grants("# SPDX-License-Identifier: GPL-2.0-or-later")] == ["GPL-2.0-or-later"]
    # a sentence about the choice is not a grant of it (mysql-connector-python's "Election of GPLv2")
    assert not [g for g in gnu_grants("where GPLv2 or any later version may be used") if g.later]


# --- 2. a license file's bundled sections -------------------------------------------------


def test_bundled_runtime_libraries_are_not_the_package_license():
    finding = found("scipy-1.17.1.dist-info")  # LICENSE.txt: BSD-3-Clause, then "This binary distribution
    assert finding.expression == "BSD-3-Clause"  # ... can also bundle": OpenBLAS, LAPACK, GCC runtime (GPL-3.0)
    assert "GPL-3.0" in details(finding)  # kept as evidence
    assert "GCC-exception" not in finding.expression  # the GCC runtime's exception is the bundled part's


def test_copied_code_sections_are_not_the_package_license():
    assert found("sympy-1.14.0.dist-info").expression == "BSD-3-Clause"  # MIT: "copied from latex2sympy"
    finding = found("parso-0.8.7.dist-info")  # PSF-2.0: files "taken from the standard library"
    assert finding.expression == "MIT"
    assert "PSF-2.0" in details(finding)


# --- 3. no answer where the evidence exists --------------------------------------------------


def test_license_field_cut_off_by_a_blank_line():
    """gevent-websocket's METADATA (wheel 2017): "License: Copyright ..." then a blank line, the
    Apache notice indented, then the classifiers; the headers did not end at that blank line."""
    fields, _ = read_metadata(SITE / "gevent_websocket-0.10.1.dist-info")
    assert "Licensed under the Apache License, Version 2.0" in fields["License"][0]
    assert "License :: OSI Approved :: Apache Software License" in fields["Classifier"]
    finding = found("gevent_websocket-0.10.1.dist-info")
    assert finding.expression == "Apache-2.0" and finding.confidence >= 0.8


def test_dual_license_with_a_commercial_choice_and_headers():
    # License "Dual Licensed - GNU AFFERO GPL 3.0 or Artifex Commercial License"; headers "or later"
    finding = found("pymupdf-2.1.dist-info")
    assert finding.expression == "AGPL-3.0-or-later"


def test_metadata_naming_the_redistributed_code_and_the_packaging_license():
    # metadata Apache 2.0 (OpenCV, LICENSE-3RD-PARTY.txt opens with it), LICENSE.txt MIT (the packaging)
    finding = found("opencv_python_headless-5.1.0.95.dist-info")
    assert equivalent(finding.expression, "Apache-2.0 AND MIT")
    assert finding.confidence < 0.8


def test_sdist_egg_info_reads_the_license_next_to_it():
    finding = identify_distribution(FIXTURES / "sdist" / "psycopg2-2.9.13" / "psycopg2.egg-info")
    assert "LGPL-3.0-or-later" in finding.expression


# --- 4. exceptions -------------------------------------------------------------------------


def test_openssl_exception_without_spdx_id_is_a_licenseref():
    finding = identify_distribution(FIXTURES / "sdist" / "psycopg2-2.9.13" / "psycopg2.egg-info")
    assert finding.expression == "LGPL-3.0-or-later WITH LicenseRef-OpenSSL-exception"
    assert is_valid(finding.expression)
    assert license_ids(finding.expression) == {"LGPL-3.0-or-later"}


def test_bootloader_exception_is_named():
    finding = found("pyinstaller-6.22.3.dist-info")
    assert "GPL-2.0-or-later WITH Bootloader-exception" in finding.expression
    assert {"Apache-2.0", "GPL-2.0-or-later"} <= license_ids(finding.expression)


@pytest.mark.parametrize("text, exception", [
    ("In addition, as a special exception, the copyright holders give permission to link this program "
     "with the OpenSSL library", "LicenseRef-OpenSSL-exception"),
    ("---- LLVM Exceptions to the Apache 2.0 License ----", "LLVM-exception"),
    ("As a special exception, the copyright holders of this library give you permission to link this "
     "library with independent modules to produce an executable", "Classpath-exception-2.0"),
    ("GCC RUNTIME LIBRARY EXCEPTION Version 3.1, 31 March 2009", "GCC-exception-3.1"),
])
def test_exception_phrases(text, exception):
    from reportgen.licenses.text import find_exceptions

    assert [e.exception for e in find_exceptions(text)] == [exception]


def test_with_licenseref_is_a_valid_expression():
    assert normalize("LGPL-3.0-or-later with LicenseRef-OpenSSL-exception") == \
        "LGPL-3.0-or-later WITH LicenseRef-OpenSSL-exception"
    assert equivalent("MIT AND GPL-2.0-or-later WITH LicenseRef-x", "GPL-2.0-or-later WITH LicenseRef-x AND MIT")
    assert not is_valid("GPL-2.0-only WITH MIT")  # a license is still not an exception


def test_this_version_only_and_a_linking_exception_in_the_preamble():
    """pygit2's COPYING: "the only valid version of the GPL ... is this particular version (ie v2)",
    then a linking exception in the GCC-exception-2.0 wording, then the GPL-2.0 text."""
    head = (FIXTURES / "pygit2-1.21.0-COPYING-head.txt").read_text()
    finding = identify_metadata({"License": ["GPLv2 with linking exception"]},
                                {"COPYING": head + "\n" + shipped_text("GPL-2.0-only")})
    assert finding.expression == "GPL-2.0-only WITH GCC-exception-2.0"
    assert finding.confidence >= 0.8


def test_lgpl_v2_classifier_with_the_2_1_text_and_header():
    """The LGPLv2+ classifier cannot say 2.1; the text and the headers (python-xlib 0.33) do."""
    header = (FIXTURES / "python-xlib-0.33-Xlib-__init__-head.py").read_text()
    from reportgen.licenses.headers import version_clauses
    from reportgen.licenses.resolve import resolve

    base = identify_metadata({"License": ["LGPLv2+"]}, {"LICENSE": shipped_text("LGPL-2.1-only")})
    assert base.expression == "LGPL-2.1-or-later"
    with_header = resolve([*base.evidence, *version_clauses({"Xlib/__init__.py": header})])
    assert with_header.expression == "LGPL-2.1-or-later"


def test_reuse_folder_is_spelled_licenses_in_capitals():
    from reportgen.licenses.matchers.base import BUNDLED, PRIMARY, file_role

    assert file_role("LICENSES/BSD-3-Clause.txt") == PRIMARY
    # ansible-core 2.19.14: licenses/ holds the licenses of its bundled module_utils
    assert file_role("licenses/BSD-3-Clause.txt") == BUNDLED


def test_a_versionless_gnu_name_takes_the_version_of_the_grant():
    """pygame 2.6.1: License "LGPL" (no version); its headers grant the Library GPL version 2 or later."""
    from reportgen.licenses.headers import version_clauses
    from reportgen.licenses.resolve import resolve

    header = (FIXTURES / "pygame-2.6.1-pygame-__init__-head.py").read_text()
    base = identify_metadata({"License": ["LGPL"], "Classifier": [
        "License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)"]}, {})
    finding = resolve([*base.evidence, *version_clauses({"pygame/__init__.py": header})])
    assert finding.expression == "LGPL-2.0-or-later"


def test_classifiers_and_separate_files_offer_a_choice():
    """uvloop 0.23.0: License "MIT License", classifiers Apache and MIT, LICENSE-APACHE and LICENSE-MIT."""
    finding = identify_metadata({"License": ["MIT License"], "Classifier": [
        "License :: OSI Approved :: Apache Software License", "License :: OSI Approved :: MIT License"]},
        {"LICENSE-APACHE": shipped_text("Apache-2.0"), "LICENSE-MIT": MIT_TEXT})
    assert equivalent(finding.expression, "MIT OR Apache-2.0")
