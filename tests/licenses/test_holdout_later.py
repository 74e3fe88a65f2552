"""Later out-of-sample corpora (holdout_env.CORPORA beyond the first; now tests/licenses/holdout2/, holdout3/):
labelled blind after the first holdout (test_holdout.py) started being tuned on.  Each is checked
for consistency here -- big enough, weighted by kind, pinned to exact files, valid SPDX labels,
disjoint from the main corpus, from every earlier corpus and from what was tuned -- and, in the
slow tests, every row must install; the accuracy is printed (``pytest -s``, or
``tests/licenses/tools/measure_holdout.py --corpus holdout2``) and held to a floor.
"""

from __future__ import annotations

from collections import Counter

import pytest

from reportgen.model import NOASSERTION, normalize_name

from .conftest import load_labels as load_main_labels
from .holdout_env import (CORPORA, TUNED_FILES, build_holdout_env, labels_path, load_labels, load_tuned,
                          pip_licenses, reportgen_answers, score)
from .test_holdout import TUNED_ON, assert_every_row_installed, assert_rows_are_pinned_and_valid

#: Everything the identification fixes were tuned on up to the second holdout: the first list plus
#: the packages the later fix rounds inspected.  No later corpus may hold any of them.
TUNED_BEFORE_HOLDOUT2 = TUNED_ON + (
    "psycopg2-binary", "ansible-core", "gmpy2", "ldap3", "pygit2", "shapely", "h5py", "pyproj", "python-xlib",
    "scapy", "pymssql", "fpdf2", "psycopg", "PyQt5", "pyzmq", "gevent", "uvloop", "llvmlite", "pycurl", "pygame",
    "Cython", "av", "exceptiongroup", "mysql-connector-python")
#: Per later corpus: least rows, least rows of each kind (issue 15's weighting), least sdist rows,
#: and the exact-match floor for reportgen (measured: docs/identification-holdout.md).
RULES = {
    "holdout2": {"size": 100, "kinds": {"gpl-family": 30, "bundle": 12, "exception": 6, "unknown-metadata": 8},
                 "sdists": 15, "floor": 0.70},
    # The third holdout is smaller (74 rows, labelled in one short round for the final code's
    # out-of-sample figure): at least 50 rows, and no exception row -- every candidate found was
    # already in an earlier corpus or tuned list (see the header of holdout3/labels.toml).
    # Floor below the measured 69/74 = 93.2 % (docs/identification-holdout.md).
    "holdout3": {"size": 50, "kinds": {"gpl-family": 25, "bundle": 4, "exception": 0, "unknown-metadata": 5},
                 "sdists": 10, "floor": 0.85},
}
LATER = [name for name in CORPORA if name != "holdout"]


def test_every_later_corpus_has_rules():
    assert LATER and set(LATER) == set(RULES)


@pytest.fixture(scope="module", params=LATER)
def corpus(request) -> tuple[str, list[dict]]:
    return request.param, load_labels(labels_path(request.param))


def test_corpus_is_big_weighted_and_pinned(corpus):
    name, labels = corpus
    rules = RULES[name]
    assert len(labels) >= rules["size"]
    assert_rows_are_pinned_and_valid(labels)
    kinds = Counter(p["kind"] for p in labels)
    for kind, least in rules["kinds"].items():
        assert kinds[kind] >= least, (kind, kinds[kind])
    assert sum("sdist" in p for p in labels) >= rules["sdists"]


def test_corpus_is_disjoint_from_the_others_and_from_what_was_tuned(corpus):
    name, labels = corpus
    ours = {normalize_name(p["name"]) for p in labels}
    assert not ours & {normalize_name(p["name"]) for p in load_main_labels()}
    assert not ours & {normalize_name(n) for n in TUNED_BEFORE_HOLDOUT2}
    for earlier in list(CORPORA)[: list(CORPORA).index(name)]:
        assert not ours & {normalize_name(p["name"]) for p in load_labels(labels_path(earlier))}, earlier
        if TUNED_FILES.get(earlier):  # what fixers opened in an earlier corpus is in-sample too
            assert not ours & load_tuned(TUNED_FILES[earlier]), earlier


def test_corpus_kinds_hold_the_cases_they_are_for(corpus):
    _, labels = corpus
    gpl = [p["expected"] for p in labels if p["kind"] == "gpl-family"]
    assert sum("-only" in e for e in gpl) >= 8 and sum("-or-later" in e for e in gpl) >= 8
    assert all(" WITH " in p["expected"] for p in labels if p["kind"] == "exception")
    assert any(p["expected"] == NOASSERTION for p in labels if p["kind"] == "unknown-metadata")


def test_unknown_corpus_name_is_refused():
    with pytest.raises(ValueError, match="unknown holdout corpus 'holdout9'"):
        labels_path("holdout9")


@pytest.fixture(scope="module")
def corpus_env(corpus):
    name, labels = corpus
    python, site, seconds = build_holdout_env(labels_path(name))
    if seconds:
        print(f"\n{name} venv built in {seconds:.0f} s")
    return name, labels, python, site


@pytest.mark.slow
def test_every_dist_of_the_corpus_installs(corpus_env):
    _, labels, _, site = corpus_env
    assert_every_row_installed(site, labels)


@pytest.mark.slow
def test_corpus_accuracy(corpus_env):
    name, labels, python, site = corpus_env
    ours = score(labels, reportgen_answers(site))
    theirs = score(labels, pip_licenses(python))
    for tool, fig in (("reportgen", ours), ("pip-licenses --from=mixed", theirs)):
        print(f"\n{name} exact SPDX, {tool}: {fig['all'][0]}/{fig['all'][1]} (sure rows {fig['sure'][0]}/{fig['sure'][1]})")
    right, total = ours["all"]
    assert right / total >= RULES[name]["floor"], ours["misses"]
    assert right > theirs["all"][0]
