"""Markdown rendering: golden files for each template, table structure, escaping."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_parsers import gfm_tables

from reportgen.notes import load, load_text
from reportgen.render import filters, markdown

SAMPLES = ["socketio-v2", "werkzeug-v1"]
TEMPLATES = ["cse312-v2", "cse312-v1"]
LABELS = ["Code Repository", "License Type", "License Description", "License Restrictions"]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("sample", SAMPLES)
def test_markdown_golden(sample, template, golden):
    notes = load(FIXTURES / f"{sample}.yaml")
    golden(f"{sample}.{template}.md", markdown.render(notes, template))


def test_notes_template_key_is_used():
    v1 = load(FIXTURES / "werkzeug-v1.yaml")
    assert markdown.render(v1) == markdown.render(v1, "cse312-v1")
    assert "Who worked with this?" in markdown.render(v1)
    assert "Who worked with this?" not in markdown.render(v1, "cse312-v2")


def test_table_rows_and_links():
    text = markdown.render(load(FIXTURES / "socketio-v2.yaml"))
    [table] = gfm_tables(text)
    assert [row[0] for row in table[1:]] == LABELS
    assert table[1][1] == "<https://github.com/miguelgrinberg/Flask-SocketIO>"
    url = "https://github.com/miguelgrinberg/Flask-SocketIO/blob/v5.3.6/src/flask_socketio/__init__.py#L553-L720"
    # the label names the file and lines; the URL is untouched (no escaped underscores)
    assert f"[`src/flask_socketio/__init__.py#L553-L720`]({url})" in text
    assert "\\_" not in text


def test_v1_table_has_who_worked_row():
    text = markdown.render(load(FIXTURES / "werkzeug-v1.yaml"))
    [table] = gfm_tables(text)
    assert [row[0] for row in table[1:]] == LABELS + ["Who worked with this?"]
    assert table[-1][1] == "Ana Pérez, Ben"
    assert "### Purpose" in text and "### Magic" in text


def test_hostile_table_stays_one_row_per_field():
    notes = load(FIXTURES / "hostile.yaml")
    text = markdown.render(notes)
    [table] = gfm_tables(text)
    assert len(table) == 5 and all(len(row) == 2 for row in table)
    assert [row[0] for row in table[1:]] == LABELS
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"(`+).*?\1", "", prose)
    assert "<script" not in prose and "<img" not in prose and "<svg" not in prose
    # no live link with a dangerous scheme survives in the Markdown
    assert not re.search(r"(?<!\\)\](?:\(|\s*<)\s*<?\s*(javascript|data|vbscript):", text, re.IGNORECASE)
    assert not re.search(r"^\[[^\]]+\]:\s*(javascript|data|vbscript):", text, re.IGNORECASE | re.MULTILINE)


def test_missing_general_fields_render_not_given(tmp_path):
    notes = load_text("technology: Thing\ngeneral:\n  license_type: auto\n", str(tmp_path / "t.yaml"))
    [table] = gfm_tables(markdown.render(notes))
    assert [row[1] for row in table[1:]] == ["*not given*"] * 4


def test_provenance_becomes_footnotes(tmp_path):
    notes = load_text("technology: Thing\ngeneral:\n  license_type: MIT\n", str(tmp_path / "t.yaml"))
    notes.provenance["license_type"] = "PyPI metadata of thing 1.0 (License-Expression)"
    text = markdown.render(notes)
    assert "| License Type | MIT[^license_type] |" in text
    assert "[^license_type]: License Type filled in by reportgen from PyPI metadata of thing 1.0 (License-Expression)." in text


@pytest.mark.parametrize(
    "url, label",
    [
        ("https://github.com/pallets/werkzeug/blob/2.3.7/src/werkzeug/serving.py#L553-L720", "src/werkzeug/serving.py#L553-L720"),
        ("https://gitlab.com/g/r/-/blob/v1/a/b.py#L3", "a/b.py#L3"),
        ("https://example.org/x/y.py", "x/y.py"),
    ],
)
def test_link_label(url, label):
    assert filters.link_label(url) == label


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
) | st.sampled_from(["a|b", "`x`", "<script>", "\n\n| x |", "\\|", "[a](javascript:1)", "__init__.py", "&lt;"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(cell_text, min_size=4, max_size=4))
def test_any_cell_text_keeps_the_table(values, tmp_path):
    notes = load_text("technology: T\n", str(tmp_path / "t.yaml"))
    for name, value in zip(["code_repository", "license_type", "license_description", "license_restrictions"], values):
        setattr(notes.general, name, value)
    [table] = gfm_tables(markdown.render(notes))
    assert [row[0] for row in table[1:]] == LABELS
    assert all(len(row) == 2 for row in table)
