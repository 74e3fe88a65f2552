"""The graded corpora (tests/lint/holdout, tests/lint/holdout2, tests/lint/holdout3, tests/lint/holdout4): real CSE312 reports from teams the rules
were not tuned on, transcribed into notes and graded by hand (labels.json).  These tests keep each corpus and its
labels consistent; they assert no target figure (tests/lint/tools/measure.py prints the figures, which change as
rules improve), only that docs/lint-accuracy.json, which docs/lint.md shows, is what a fresh measurement gives.  holdout2 is the second blind corpus: none of its teams are in the tuning corpus or in holdout.
holdout3 is the third, graded before lint was run on it: none of its teams are in any corpus before it.
holdout4 is the fourth, smaller (five reports, three teams), graded on the final code before lint was run on it:
none of its teams are in any corpus before it.
"""

import json
import re
import sys
from itertools import combinations
from pathlib import Path

import pytest

from reportgen.errors import NotesError
from reportgen.lint import lint
from reportgen.notes.load import load

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
HOLDOUTS = [HERE / "holdout", HERE / "holdout2", HERE / "holdout3", HERE / "holdout4"]
#: (reports, teams) each corpus must have at least
SIZES = {"holdout": (7, 5), "holdout2": (7, 5), "holdout3": (7, 5), "holdout4": (4, 3)}
SOURCE = re.compile(r"^# Transcribed from a real CSE312 report: github\.com/([^/\s]+)/([^,\s]+), file '[^']+' \(")


def _labels(folder: Path) -> dict:
    return json.loads((folder / "labels.json").read_text())["files"]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.yaml"))


def _team(path: Path) -> str:
    match = SOURCE.match(path.read_text().splitlines()[0])
    assert match, f"{path.name}: first line must name the report's source"
    return match.group(1).lower()


def _teams(folder: Path) -> set[str]:
    return {_team(p) for p in folder.glob("*.yaml")}


ALL_FILES = [(folder, name) for folder in HOLDOUTS for name in _files(folder)]
IDS = [f"{folder.name}/{name}" for folder, name in ALL_FILES]


@pytest.mark.parametrize("folder", HOLDOUTS, ids=lambda f: f.name)
def test_holdout_has_enough_reports_from_enough_new_teams(folder):
    teams = _teams(folder)
    reports, team_count = SIZES[folder.name]
    assert len(_files(folder)) >= reports
    assert len(teams) >= team_count, teams
    assert not teams & _teams(CORPUS), "holdout teams must not be the ones the rules were tuned on"


@pytest.mark.parametrize(("first", "second"), list(combinations(HOLDOUTS, 2)), ids=lambda f: f.name)
def test_holdouts_share_no_team(first, second):
    assert not _teams(first) & _teams(second)


@pytest.mark.parametrize("folder", HOLDOUTS, ids=lambda f: f.name)
def test_every_file_is_labelled_and_every_label_has_a_file(folder):
    assert sorted(_labels(folder)) == _files(folder)


@pytest.mark.parametrize(("folder", "name"), ALL_FILES, ids=IDS)
def test_holdout_file_loads_or_fails_only_with_schema_findings(folder, name):
    try:
        load(folder / name)
    except NotesError:
        codes = {f.code for f in lint([folder / name]).findings}
        assert codes == {"RG001"}, codes


@pytest.mark.parametrize(("folder", "name"), ALL_FILES, ids=IDS)
def test_labels_point_at_fields_that_exist_at_that_line(folder, name):
    entry = _labels(folder)[name]
    positions = load(folder / name).positions
    assert entry["source"] == (folder / name).read_text().splitlines()[0].split(": ", 1)[1]
    for item in entry["defects"] + entry["unjudged"]:
        assert item["field"] in positions, (name, item)
        assert positions[item["field"]][0] == item["line"], (name, item)
        assert item["why"].strip(), (name, item)
    for d in entry["defects"]:
        assert re.fullmatch(r"RG\d{3}", d["code"]), d
    for u in entry["unjudged"]:
        assert u["codes"] and all(re.fullmatch(r"RG\d{3}", c) for c in u["codes"]), u
    for f in entry["clean"]:
        assert f in positions, (name, f)
    defect_fields = {d["field"] for d in entry["defects"]}
    assert not defect_fields & set(entry["clean"]), "a field cannot be both defective and clean"
    keys = [(d["code"], d["field"]) for d in entry["defects"]]
    assert len(keys) == len(set(keys)), "a defect is labelled once"
    unjudged = {(c, u["field"]) for u in entry["unjudged"] for c in u["codes"]}
    assert not unjudged & set(keys), "a (code, field) is either a defect or unjudged"


def test_measure_counts_every_label_once_per_corpus():
    sys.path.insert(0, str(HERE / "tools"))
    try:
        import measure
    finally:
        sys.path.remove(str(HERE / "tools"))
    assert [folder for folder, _, _ in measure.CORPORA] == [measure.CORPUS, *HOLDOUTS]
    for folder, _, labels_of in measure.CORPORA:
        labels = labels_of()
        score = measure.measure(folder, labels)
        total = measure.table(score)[-1]
        assert total["labelled"] == len(labels.defects)
        assert total["found"] == len(score.hits) and len(score.hits) + len(score.misses) == len(labels.defects)
        assert not score.false_positives & labels.defects
        assert not score.false_positives & labels.unjudged


def test_the_accuracy_figures_docs_lint_shows_are_a_fresh_measurement():
    """docs/lint-accuracy.json (what docs/lint.md's "Accuracy on real reports" shows) is what measure.py --json
    gives now; after a rule change, rerun `python tests/lint/tools/measure.py --json > docs/lint-accuracy.json`
    and `python -m reportgen.lint.docs`."""
    sys.path.insert(0, str(HERE / "tools"))
    try:
        import measure
    finally:
        sys.path.remove(str(HERE / "tools"))
    committed = json.loads((HERE.parents[1] / "docs" / "lint-accuracy.json").read_text(encoding="utf-8"))
    assert committed == measure.figures()
