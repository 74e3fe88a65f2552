"""The notes loader: valid notes become typed objects; bad notes give one positioned error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.errors import NotesError
from reportgen.notes import load, load_text, schema

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
technology: Flask-SocketIO
topic: WebSockets
package: flask-socketio==5.3.6
general:
  code_repository: https://github.com/miguelgrinberg/Flask-SocketIO
  license_type: auto
sections:
  - title: Chain of calls
    explanation: |
      Starting from after the TCP socket is created.
    chain:
      - link: https://github.com/miguelgrinberg/Flask-SocketIO/blob/v5.3.6/src/flask_socketio/__init__.py#L553-L720
        symbol: SocketIO.run
        text: run() picks the async mode
"""


def test_good_notes_load_with_positions():
    notes = load_text(GOOD, "r.yaml")
    assert notes.technology == "Flask-SocketIO"
    assert notes.template == "cse312-v2"
    assert notes.general.code_repository.endswith("Flask-SocketIO")
    assert notes.general.is_auto("license_type")
    assert notes.general.is_auto("license_description")  # left out
    assert not notes.general.is_auto("code_repository")
    step = notes.sections[0].chain[0]
    assert step.symbol == "SocketIO.run"
    assert notes.positions["sections[0].chain[0].link"] == (12, 15)
    assert notes.positions["general.license_type"] == (6, 17)
    # a field that is absent falls back to its nearest parent
    assert notes.position("sections[0].chain[0].nothing") == (12, 9)
    assert [p for p, *_ in notes.steps()] == ["sections[0].chain[0]"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("technology: X\ngeneral:\n  licence_type: MIT\n",
         "r.yaml:3:3: unknown key 'licence_type' in general (did you mean 'license_type'?)"),
        ("technology: X\nsection: []\n", "r.yaml:2:1: unknown key 'section' in the notes (did you mean 'sections'?)"),
        ("technology: X\nsections:\n  - chain:\n      - link: 5\n",
         "r.yaml:4:15: 'sections[0].chain[0].link' must be text, not a number (quote the value if it is meant as text)"),
        ("technology: [X\n", "r.yaml:2:1: YAML syntax error"),
        ("topic: TCP\n", "r.yaml:1:1: missing required key 'technology' in the notes (add 'technology:')"),
        ("", "r.yaml:1:1: the notes file is empty"),
        ("- a\n- b\n", "r.yaml:1:1: the notes must be a mapping of keys, not a list"),
        ("technology: X\nsections:\n  - chain:\n      - text: hi\n", "r.yaml:4:9: missing required key 'link'"),
        ("technology: X\ngeneral:\n  who_worked: Ana\n", "r.yaml:3:15: 'general.who_worked' must be a list, not text"),
    ],
)
def test_bad_notes_give_one_positioned_line(text, expected):
    with pytest.raises(NotesError) as info:
        load_text(text, "r.yaml")
    message = str(info.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(NotesError, match=r"nope\.yaml: no such notes file"):
        load(tmp_path / "nope.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"technology: caf\xe9\n")
    with pytest.raises(NotesError, match=r"latin1\.yaml:1:16: the file is not UTF-8"):
        load(bad)


def test_published_schema_matches_the_packaged_one():
    published = json.loads((ROOT / "schema" / "notes.schema.json").read_text("utf-8"))
    assert published == schema()


def test_validator_agrees_with_jsonschema_on_examples():
    """Our fast validator and the jsonschema package give the same verdict on real and broken notes."""
    import jsonschema
    import yaml

    from reportgen.notes.validate import iter_errors

    samples = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((ROOT / "reports").glob("*.yaml"))]
    assert samples, "the example notes in reports/ are missing"
    samples += [
        {"technology": "X", "general": {"licence_type": "MIT"}},
        {"technology": 3},
        {"topic": "TCP"},
        {"technology": "X", "sections": [{"chain": [{"text": "no link"}]}]},
        {"technology": "X", "sections": [{"chain": [{"link": "u", "symbol": ["a"]}]}]},
        {"technology": "", "general": {"who_worked": ["a", 2]}},
    ]
    validator = jsonschema.Draft202012Validator(schema())
    for data in samples:
        theirs = sorted(list(e.absolute_path) + [e.validator] for e in validator.iter_errors(data))
        ours = sorted(list(e.absolute_path) + [e.validator] for e in iter_errors(schema(), data))
        assert ours == theirs, data


def test_dates_and_duplicate_keys_are_reported(tmp_path):
    with pytest.raises(NotesError, match=r"r\.yaml:1:13: 'technology' must be text, not a date"):
        load_text("technology: 2023-01-01\n", "r.yaml")
    with pytest.raises(NotesError, match=r"r\.yaml:2:1: duplicate key 'technology'"):
        load_text("technology: A\ntechnology: B\n", "r.yaml")


def test_a_key_with_no_value_counts_as_absent():
    """symbol:, text:, chain: or a general cell left with no value load as if left out (build
    accepts them); the position of the key stays known so that lint can say it is empty."""
    from reportgen.notes import load_text

    notes = load_text(
        "technology: X\ngeneral:\n  license_type:\n  code_repository: ~\nsections:\n  - chain:\n"
        "      - link: https://github.com/a/b/blob/v1/x.py#L1\n        symbol:\n        text:\n  - chain:\n",
        "r.yaml",
    )
    step = notes.sections[0].chain[0]
    assert step.symbol is None and step.text == ""
    assert notes.positions["sections[0].chain[0].symbol"] == (8, 9)  # the key: the value is nowhere
    assert notes.positions["general.code_repository"] == (4, 20)  # an explicit ~ is somewhere
    assert notes.general.is_auto("license_type") and notes.general.is_auto("code_repository")
    assert notes.sections[1].chain == []
    assert notes.problems == []


def test_lenient_load_keeps_what_is_usable_and_reports_every_problem():
    from reportgen.errors import NotesSchemaError
    from reportgen.notes import load_text_lenient

    text = (
        "technology: 5\ntopic: TCP\ntopic: UDP\ngeneral:\n  licence_type: MIT\n  license_restrictions: None\n"
        "sections:\n  - chain:\n      - https://github.com/a/b/blob/v1/x.py#L1\n      - link:\n"
        "        text: t\n      - text: only text\n        colour: red\n  - 7\n"
    )
    notes, problems = load_text_lenient(text, "r.yaml")
    assert all(isinstance(p, NotesSchemaError) for p in problems)
    assert [(str(p).split(": ")[0], p.field) for p in problems] == [
        ("r.yaml:3:1", "topic"),  # reading problems first, then the schema's, outermost first
        ("r.yaml:5:3", "general.licence_type"),
        ("r.yaml:1:13", "technology"),
        ("r.yaml:14:5", "sections[1]"),
        ("r.yaml:9:9", "sections[0].chain[0]"),
        ("r.yaml:10:9", "sections[0].chain[1].link"),
        ("r.yaml:13:9", "sections[0].chain[2].colour"),
        ("r.yaml:12:9", "sections[0].chain[2].link"),
    ]
    assert "'link' has no value" in str(problems[5])
    assert notes.technology == "" and notes.topic == "TCP"  # the first of a duplicate key is kept
    assert notes.general.license_type is None and notes.general.license_restrictions == "None"
    assert [s.link for s in notes.sections[0].chain] == ["https://github.com/a/b/blob/v1/x.py#L1", "", ""]
    assert notes.sections[0].chain[2].text == "only text"
    assert len(notes.sections) == 2 and notes.sections[1].chain == []  # placeholder keeps the indices
    assert notes.problems == problems
    with pytest.raises(NotesError, match=r"^r\.yaml:3:1: duplicate key 'topic'"):
        load_text(text, "r.yaml")


@pytest.mark.parametrize("text", ["technology: [X\n", "", "- a\n"])
def test_lenient_load_gives_no_notes_when_there_is_nothing_to_read(text):
    from reportgen.notes import load_text_lenient

    notes, problems = load_text_lenient(text, "r.yaml")
    assert notes is None and len(problems) == 1 and str(problems[0]).startswith("r.yaml:")


def test_a_folder_gives_its_notes_but_not_the_traces_beside_them(tmp_path):
    from reportgen.notes import find_notes

    (tmp_path / "flask-sock.yaml").write_text("technology: flask-sock\n")
    (tmp_path / "flask-sock.trace.yaml").write_text("format: 1\npoints: []\n")
    (tmp_path / "other.yml").write_text("technology: Flask\n")
    assert [p.name for p in find_notes([str(tmp_path)])] == ["flask-sock.yaml", "other.yml"]
    # named on its own, a file is taken as given
    assert find_notes([str(tmp_path / "flask-sock.trace.yaml")]) == [tmp_path / "flask-sock.trace.yaml"]
