"""Shipped data files read the same with libyaml (what reportgen uses) as with ruamel.yaml (YAML 1.2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from reportgen.knowledge import datafile, kb

DATA = Path(kb.__file__).resolve().parent.parent / "data"
FILES = sorted(DATA.rglob("*.yaml"))


def test_there_are_data_files():
    assert len(FILES) > 50


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_same_data_as_yaml_1_2(path):
    expected = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert datafile.load_yaml(path) == expected


def test_uses_the_c_loader_when_there_is_one():
    import yaml

    if hasattr(yaml, "CSafeLoader"):
        assert datafile._loader() is yaml.CSafeLoader


def test_alias_lookup_matches_a_full_scan():
    """Every alias written in a data file finds that file's facts."""
    for facts in kb.all_facts():
        for alias in facts.aliases:
            assert kb.license_facts(alias) == facts, alias


def test_shipped_index_is_up_to_date():
    """yaml-index.json must be what the builder makes from today's data files;
    if this fails run ``python -m reportgen.knowledge.datafile``."""
    assert datafile.INDEX_FILE.read_text(encoding="utf-8") == datafile.build_index_text()
    assert len(datafile._index()) == len(FILES)


def test_every_data_file_is_answered_from_the_index(monkeypatch):
    """With the index in place no shipped file needs PyYAML."""
    def no_yaml(raw):
        raise AssertionError("parsed as YAML")

    monkeypatch.setattr(datafile, "_parse", no_yaml)
    for path in FILES:
        assert datafile.load_yaml(path) == YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def test_a_file_changed_since_the_index_is_read_as_yaml(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "licenses").mkdir(parents=True)
    facts = data / "licenses" / "MIT.yaml"
    facts.write_text("spdx_id: MIT\ncategory: permissive\n", encoding="utf-8")
    monkeypatch.setattr(datafile, "DATA", data)
    monkeypatch.setattr(datafile, "INDEX_FILE", data / "yaml-index.json")
    datafile._index.cache_clear()
    try:
        datafile.INDEX_FILE.write_text(datafile.build_index_text(), encoding="utf-8")
        datafile._index.cache_clear()
        assert datafile.load_yaml(facts) == {"spdx_id": "MIT", "category": "permissive"}
        facts.write_text("spdx_id: MIT\ncategory: changed\n", encoding="utf-8")  # after the index was built
        assert datafile.load_yaml(facts) == {"spdx_id": "MIT", "category": "changed"}
        # a damaged index is no index
        datafile.INDEX_FILE.write_text("{not json", encoding="utf-8")
        datafile._index.cache_clear()
        assert datafile.load_yaml(facts)["category"] == "changed"
    finally:
        datafile._index.cache_clear()


def test_answers_are_fresh_objects():
    path = FILES[0]
    first = datafile.load_yaml(path)
    first.clear()
    assert datafile.load_yaml(path)
