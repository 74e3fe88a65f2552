"""License text matching against the shipped SPDX texts, on real license files."""

from __future__ import annotations

import json

import pytest

from reportgen.licenses import text
from reportgen.licenses.expression import DATA, is_valid
from reportgen.licenses.text import find_notices, match_text, normalize_words, shipped_text

from .helpers import installed_license


def ids(result):
    return [m.spdx_id for m in result.matches]


def test_shipped_data_names_its_source_and_license():
    data = json.loads((DATA / "licenses.json").read_text(encoding="utf-8"))
    source = data["_source"]
    assert source["package"].startswith("npm:spdx-license-list@")
    assert source["license"] == "CC0-1.0"
    assert len(data["licenses"]) >= 60
    for spdx_id in ("Apache-2.0", "MIT", "MIT-0", "MIT-CMU", "HPND", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "ISC",
                    "PSF-2.0", "Python-2.0", "Zlib", "BSL-1.0", "Unlicense", "CC0-1.0", "BlueOak-1.0.0", "MPL-2.0",
                    "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only"):
        assert spdx_id in data["licenses"], spdx_id
        assert is_valid(spdx_id)


@pytest.mark.parametrize("spdx_id", list(json.loads((DATA / "licenses.json").read_text("utf-8"))["licenses"]))
def test_every_shipped_text_is_recognised_as_itself(spdx_id):
    result = match_text(shipped_text(spdx_id))
    assert result.matches, spdx_id
    assert result.matches[0].spdx_id == spdx_id
    assert result.matches[0].recall == 1.0


def test_normalisation_ignores_what_the_guidelines_ignore():
    a = normalize_words("Copyright (c) 2020 Jane\n\nThe  LICENCE is granted -- \u201cAS IS\u201d; see https://example.org\n1. Foo")
    b = normalize_words("THE LICENSE IS GRANTED - \"as is\", see http://example.org\n  (a) foo")
    assert a == b
    # "copyright notice" inside a clause is text, not a copyright line
    assert "notice" in normalize_words("provided that the above\ncopyright notice and this permission notice appear")


def test_bsd_two_vs_three_clause_real_files():
    assert ids(match_text(installed_license("packaging", "LICENSE.BSD"))) == ["BSD-2-Clause"]
    assert ids(match_text(installed_license("click", "LICENSE.txt"))) == ["BSD-3-Clause"]
    assert ids(match_text(installed_license("Pygments", "LICENSE"))) == ["BSD-2-Clause"]


def test_mit_vs_mit0_and_isc_vs_0bsd_real_files():
    assert ids(match_text(installed_license("cffi", "LICENSE"))) == ["MIT-0"]
    assert ids(match_text(installed_license("attrs", "LICENSE"))) == ["MIT"]
    assert ids(match_text(installed_license("isoduration", "LICENSE"))) == ["ISC"]
    assert ids(match_text(shipped_text("0BSD")))[0] == "0BSD"


def test_python_and_psf_texts():
    assert ids(match_text(installed_license("typing_extensions", "LICENSE")))[0] == "Python-2.0"
    assert ids(match_text(installed_license("defusedxml", "LICENSE"))) == ["PSF-2.0"]


def test_mit_cmu_is_not_hpnd():
    assert ids(match_text(shipped_text("MIT-CMU")))[0] == "MIT-CMU"
    assert ids(match_text(shipped_text("HPND")))[0] == "HPND"


def test_apache_alone_and_apache_followed_by_another_license():
    apache = installed_license("zopfli", "COPYING")  # a real Apache-2.0 LICENSE file
    assert ids(match_text(apache)) == ["Apache-2.0"]
    mit = installed_license("attrs", "LICENSE")
    both = match_text(apache + "\n\nThis package bundles code under the MIT license:\n\n" + mit)
    assert ids(both) == ["Apache-2.0", "MIT"]
    assert both.matches[1].new >= 0.5


def test_two_licenses_in_one_real_file():
    found = match_text(installed_license("python-dateutil", "LICENSE"))
    assert ids(found) == ["BSD-3-Clause"]  # the Apache part is a notice, found by find_notices
    assert [n.expression for n in find_notices(installed_license("python-dateutil", "LICENSE"))] == ["Apache-2.0"]


def test_not_a_license():
    readme = "This project parses things. Install it with pip and run the tool.\n" * 20
    result = match_text(readme)
    assert result.matches == []
    assert result.confidence == 0.0


def test_notices():
    gpl = find_notices("This program is free software; you can redistribute it and/or modify it under the terms "
                       "of the GNU General Public License as published by the Free Software Foundation; either "
                       "version 2 of the License, or (at your option) any later version.")
    assert gpl[0].expression == "GPL-2.0-or-later"
    lgpl = find_notices("under the terms of the GNU Lesser General Public License as published by the Free "
                        "Software Foundation, version 3 of the License.")
    assert lgpl[0].expression == "LGPL-3.0-only"
    spdx = find_notices("# SPDX-License-Identifier: Apache-2.0 OR MIT\n")
    assert spdx[0].expression == "Apache-2.0 OR MIT"
    assert find_notices("SPDX-License-Identifier: not-a-license") == []


def test_shipped_index_is_in_sync_with_licenses_json():
    """licenses-index.json must be what builddata makes from licenses.json and today's
    normalisation; if this fails run ``python -m reportgen.licenses.builddata --index``."""
    from reportgen.licenses import builddata

    assert text.INDEX_FILE.read_text(encoding="utf-8") == builddata.index_text()


def test_shipped_index_is_used_and_a_stale_one_is_not(tmp_path, monkeypatch):
    text._index.cache_clear()
    text._grams.cache_clear()
    text._match_normalized.cache_clear()
    try:
        shipped = text._index()
        built = text._from_data(text.build_index_data())
        assert shipped == built
        # an index made from other texts (digest differs) is ignored: the texts are normalised afresh
        stale = json.loads(text.INDEX_FILE.read_text(encoding="utf-8"))
        stale["licenses_sha256"] = "0" * 64
        stale["licenses"] = stale["licenses"][:3]
        fake = tmp_path / "licenses-index.json"
        fake.write_text(json.dumps(stale), encoding="utf-8")
        monkeypatch.setattr(text, "INDEX_FILE", fake)
        text._index.cache_clear()
        assert text._index() == built
        fake.write_text("{not json", encoding="utf-8")
        text._index.cache_clear()
        assert text._index() == built
    finally:
        text._index.cache_clear()
        text._grams.cache_clear()
        text._exact.cache_clear()
        text._match_normalized.cache_clear()


def test_exact_text_shortcut_gives_what_the_search_gives(monkeypatch):
    """A text that normalises to a shipped license's text is answered from a table; the
    answer must be the one the bigram search gives (no two shipped texts share their bigrams)."""
    index = text._index()
    sets = [text._grams(i) for i in range(len(index.ids))]
    assert len(set(sets)) == len(sets)
    quick = {spdx_id: match_text(shipped_text(spdx_id)) for spdx_id in index.ids}
    assert all(r.matches and r.matches[0].spdx_id == i for i, r in quick.items())
    monkeypatch.setattr(text, "_exact", lambda: {})
    text._match_normalized.cache_clear()  # answered afresh, by the search
    try:
        for spdx_id in index.ids:
            assert match_text(shipped_text(spdx_id)) == quick[spdx_id], spdx_id
    finally:
        text._match_normalized.cache_clear()


def test_texts_that_normalise_alike_are_matched_once():
    """Two files that differ only in what normalising drops share one search; each caller
    gets its own copy of the answer."""
    mit = shipped_text("MIT")
    text._match_normalized.cache_clear()
    first = match_text("Copyright (c) 2019 Jane Roe\n\n" + mit)
    second = match_text("Copyright 2024, John Doe and contributors\n" + mit.upper())
    info = text._match_normalized.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert ids(first) == ids(second) == ["MIT"]
    first.matches.clear()
    assert ids(match_text(mit)) == ["MIT"]


def test_smallest_text_constant_is_right():
    index = text._index()
    assert min(len(text._grams(i)) for i in range(len(index.ids))) == text.SMALLEST_TEXT
