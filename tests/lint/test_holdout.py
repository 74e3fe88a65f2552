"""The out-of-sample corpus (tests/lint/holdout): real CSE312 reports from teams the rules were not tuned on,
transcribed into notes and graded by hand (labels.json).  These tests keep the corpus and its labels
consistent; they do not assert lint's figures, which tests/lint/tools/measure.py prints and which change as
rules improve.
"""

import json
import re
import sys
from pathlib import Path

import pytest

from reportgen.errors import NotesError
from reportgen.lint import lint
from reportgen.notes.load import load

HERE = Path(__file__).parent
HOLDOUT = HERE / "holdout"
CORPUS = HERE / "corpus"
LABELS = json.loads((HOLDOUT / "labels.json").read_text())["files"]
FILES = sorted(p.name for p in HOLDOUT.glob("*.yaml"))
SOURCE = re.compile(r"^# Transcribed from a real CSE312 report: github\.com/([^/\s]+)/([^,\s]+), file '[^']+' \(")


def _team(path: Path) -> str:
    match = SOURCE.match(path.read_text().splitlines()[0])
    assert match, f"{path.name}: first line must name the report's source"
    return match.group(1).lower()


def test_holdout_has_seven_reports_from_five_new_teams():
    teams = {_team(HOLDOUT / name) for name in FILES}
    tuned_on = {_team(p) for p in CORPUS.glob("*.yaml")}
    assert len(FILES) >= 7
    assert len(teams) >= 5, teams
    assert not teams & tuned_on, "holdout teams must not be the ones the rules were tuned on"


def test_every_file_is_labelled_and_every_label_has_a_file():
    assert sorted(LABELS) == FILES


@pytest.mark.parametrize("name", FILES)
def test_holdout_file_loads_or_fails_only_with_schema_findings(name):
    try:
        load(HOLDOUT / name)
    except NotesError:
        codes = {f.code for f in lint([HOLDOUT / name]).findings}
        assert codes == {"RG001"}, codes


@pytest.mark.parametrize("name", FILES)
def test_labels_point_at_fields_that_exist_at_that_line(name):
    entry = LABELS[name]
    positions = load(HOLDOUT / name).positions
    assert entry["source"] == (HOLDOUT / name).read_text().splitlines()[0].split(": ", 1)[1]
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


def test_measure_counts_every_label_once_per_corpus():
    sys.path.insert(0, str(HERE / "tools"))
    try:
        import measure
    finally:
        sys.path.remove(str(HERE / "tools"))
    for folder, labels in ((measure.HOLDOUT, measure.holdout_labels()), (measure.CORPUS, measure.corpus_labels())):
        score = measure.measure(folder, labels)
        total = measure.table(score)[-1]
        assert total["labelled"] == len(labels.defects)
        assert total["found"] == len(score.hits) and len(score.hits) + len(score.misses) == len(labels.defects)
        assert not score.false_positives & labels.defects
        assert not score.false_positives & labels.unjudged
