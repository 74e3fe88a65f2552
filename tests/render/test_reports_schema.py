"""The example notes in reports/ (and our own fixtures) validate against the published JSON Schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from reportgen.notes import schema

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted((ROOT / "reports").glob("*.yaml"))
FIXTURES = sorted(p for p in (Path(__file__).parent / "fixtures").glob("*.yaml"))


def _errors(path: Path) -> list[str]:
    data = YAML(typ="safe").load(path.read_text("utf-8"))
    validator = Draft202012Validator(schema())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_there_are_example_reports():
    assert len(REPORTS) >= 1, "reports/ holds no example notes (*.yaml)"


@pytest.mark.parametrize("path", REPORTS + FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notes_validate_against_schema(path):
    assert _errors(path) == []


def test_the_schema_rejects_an_unknown_key():
    validator = Draft202012Validator(schema())
    assert list(validator.iter_errors({"technology": "x", "general": {"licence": "MIT"}}))
