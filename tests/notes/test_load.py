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
