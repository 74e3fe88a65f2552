"""SPDX expressions: normalise, validate, compare; common names and classifiers as data."""

from __future__ import annotations

import pytest

from reportgen.errors import ReportgenError
from reportgen.licenses import expression
from reportgen.licenses.expression import (
    InvalidExpression,
    equivalent,
    from_alias,
    is_valid,
    license_ids,
    lookup_alias,
    normalize,
)
from reportgen.licenses.matchers import classifiers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mit", "MIT"),
        ("Apache-2.0", "Apache-2.0"),
        ("apache-2.0 or mit", "Apache-2.0 OR MIT"),
        ("MIT AND mit", "MIT"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("gpl-2.0", "GPL-2.0-only"),  # deprecated id
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("(MIT)", "MIT"),
        ("MPL-2.0 AND (apache-2.0 OR mit)", "MPL-2.0 AND (Apache-2.0 OR MIT)"),
        ("(MIT OR Apache-2.0) AND (mit or apache-2.0)", "MIT OR Apache-2.0"),
        ("GPL-2.0-or-later WITH classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0"),
        ("LicenseRef-Public-Domain", "LicenseRef-Public-Domain"),
        ("MIT OR LicenseRef-Custom", "MIT OR LicenseRef-Custom"),
        ("  bsd-3-clause  ", "BSD-3-Clause"),
        ("NOASSERTION", "NOASSERTION"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected
    assert is_valid(text)


@pytest.mark.parametrize("text", ["", "   ", "foo", "MIT AND", "GPL", "BSD", "Apache 2.0", "GPL-2.0 WITH MIT",
                                  "MIT OR (Apache-2.0", "LicenseRef-"])
def test_invalid(text):
    assert not is_valid(text)
    with pytest.raises(InvalidExpression) as info:
        normalize(text)
    assert isinstance(info.value, ReportgenError)
    assert "\n" not in str(info.value)


def test_fast_path_matches_license_expression():
    """The id-table shortcut must give license-expression's own answers."""
    from license_expression import get_spdx_licensing

    licensing = get_spdx_licensing()
    for text in ["mit", "Apache-2.0 OR bsd-3-clause", "MIT AND Zlib AND mit", "0bsd", "GPL-3.0-only OR MIT",
                 "isc", "psf-2.0", "python-2.0", "Unlicense", "cc0-1.0", "BlueOak-1.0.0", "zlib"]:
        assert normalize(text) == licensing.dedup(licensing.parse(text, validate=True)).render()


def test_equivalent_and_ids():
    assert equivalent("MIT OR Apache-2.0", "apache-2.0 OR mit")
    assert equivalent("GPL-2.0+", "GPL-2.0-or-later")
    assert not equivalent("MIT", "MIT-0")
    assert not equivalent("Apache-2.0 OR MIT", "Apache-2.0 AND MIT")
    assert not equivalent("not an id", "MIT")
    assert not equivalent("NOASSERTION", "MIT")
    assert license_ids("GPL-2.0-or-later WITH Classpath-exception-2.0 OR (MIT AND Zlib)") == {
        "GPL-2.0-or-later", "MIT", "Zlib"}
    assert license_ids("NOASSERTION") == set()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Apache 2.0", "Apache-2.0"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("Apache Software License", "Apache-2.0"),
        ("BSD", "BSD-3-Clause"),
        ("new BSD", "BSD-3-Clause"),
        ("Simplified BSD", "BSD-2-Clause"),
        ("GPLv3+", "GPL-3.0-or-later"),
        ("GPLv2", "GPL-2.0-only"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("MIT License", "MIT"),
        ("The MIT License (MIT)", "MIT"),
        ("Expat license", "MIT"),
        ("Python Software Foundation License", "PSF-2.0"),
        ("PSFL", "PSF-2.0"),
        ("MPL 2.0", "MPL-2.0"),
        ("ISC license", "ISC"),
        ("Public Domain", "LicenseRef-Public-Domain"),
        ("GNU Lesser General Public License v3 or later (LGPLv3+)", "LGPL-3.0-or-later"),
        ("mit", "MIT"),
        ("Unlicense", "Unlicense"),
        ("AFLv2.1", "AFL-2.1"),
    ],
)
def test_aliases(name, expected):
    assert from_alias(name) == expected


def test_ambiguous_aliases_are_not_sure():
    assert lookup_alias("BSD").confidence < 0.5
    assert lookup_alias("BSD License").confidence < 0.5
    assert lookup_alias("Apache 2.0").confidence >= 0.8
    assert lookup_alias("no such license name") is None
    assert lookup_alias("x" * 500) is None


def test_alias_and_classifier_data_are_valid_spdx():
    for alias in expression._alias_table().values():
        assert alias.expression == "NOASSERTION" or is_valid(alias.expression), alias
        assert 0.0 <= alias.confidence <= 1.0
    for name, entry in classifiers.table().items():
        assert name.startswith("License :: "), name
        assert entry["expression"] == "NOASSERTION" or is_valid(entry["expression"]), name
        assert 0.0 <= entry["confidence"] <= 1.0


def test_every_license_classifier_on_pypi_we_know_of_is_mapped():
    """Each Trove license classifier in trove-classifiers (installed with the corpus tools) is in our table."""
    trove = pytest.importorskip("trove_classifiers")
    missing = [c for c in trove.classifiers if c.startswith("License ::") and classifiers.lookup(c) is None]
    assert not missing, missing


from hypothesis import given, settings
from hypothesis import strategies as st

IDS = ["MIT", "apache-2.0", "BSD-3-Clause", "isc", "GPL-2.0+", "LGPL-2.1-only", "MPL-2.0", "0BSD", "Zlib"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(IDS), min_size=1, max_size=4), st.sampled_from([" AND ", " OR ", " and ", " or "]))
def test_normalize_is_idempotent_and_keeps_meaning(parts, op):
    text = op.join(parts)
    once = normalize(text)
    assert normalize(once) == once
    assert equivalent(once, text)
    assert license_ids(once) == {normalize(p) for p in parts}


def test_missing_dist_info_is_noassertion(tmp_path):
    from reportgen.licenses.identify import identify_distribution

    found = identify_distribution(tmp_path / "gone-1.0.dist-info")
    assert found.expression == "NOASSERTION" and "no such" in found.reason


# The small parser for parenthesised / mixed expressions must give license-expression's answer.
NESTED_IDS = ["MIT", "mit", "Apache-2.0", "apache-2.0", "BSD-3-Clause", "ISC", "GPL-2.0", "GPL-2.0-only",
              "LGPL-2.1-or-later", "MPL-2.0", "0BSD", "LicenseRef-Vendor", "GPL-2.0-or-later WITH Classpath-exception-2.0",
              "Apache-2.0 with LLVM-exception"]


def _trees():
    leaf = st.sampled_from(NESTED_IDS)
    return st.recursive(leaf, lambda sub: st.tuples(st.sampled_from(["AND", "OR", "and", "or"]),
                                                    st.lists(sub, min_size=2, max_size=3)), max_leaves=8)


def _text(tree, parens) -> str:
    if isinstance(tree, str):
        return f"({tree})" if "WITH" in tree.upper() and parens.draw(st.booleans()) else tree
    op, items = tree
    text = f" {op} ".join(_text(i, parens) for i in items)
    return f"({text})" if parens.draw(st.booleans()) else text


@settings(max_examples=300, deadline=None)
@given(_trees(), st.data())
def test_nested_expressions_match_license_expression(tree, data):
    text = _text(tree, data)
    assert expression._structured(text) == expression._normalize_full(text), text


def test_nested_parser_leaves_errors_and_plus_to_license_expression():
    for text in ["(MIT", "MIT)", "() MIT", "MIT AND", "MIT WITH ISC", "(GPL-2.0+ OR MIT) AND ISC",
                 "Classpath-exception-2.0 AND MIT", "MIT (ISC)", "(MIT OR ISC) AND"]:
        assert expression._structured(text) is None, text
    for text in ["(MIT", "() MIT", "MIT AND", "MIT WITH ISC"]:
        with pytest.raises(InvalidExpression):
            normalize(text)
    assert normalize("(GPL-2.0+ OR MIT) AND ISC") == "(GPL-2.0-or-later OR MIT) AND ISC"


def test_the_corpus_expression_needs_no_license_expression(monkeypatch):
    """A parenthesised expression of known ids is answered without loading license-expression."""
    def refuse(text):
        raise AssertionError("license-expression loaded for " + text)

    monkeypatch.setattr(expression, "_normalize_full", refuse)
    assert normalize.__wrapped__("MPL-2.0 AND (Apache-2.0 OR MIT)") == "MPL-2.0 AND (Apache-2.0 OR MIT)"
