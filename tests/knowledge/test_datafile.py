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
