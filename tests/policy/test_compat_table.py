"""The compatibility table is data: every rule is well-formed, and key verdicts match its sources."""

from __future__ import annotations

import pytest

from reportgen.knowledge import kb
from reportgen.policy.compat import DATA, VERDICTS, article, compatibility, table


def test_table_header_names_sources_and_license():
    head = DATA.read_text(encoding="utf-8").split("\nsources:", 1)[0]
    assert "OSADL" in head and "CC-BY-4.0" in head and "MIT" in head


def test_every_rule_is_well_formed():
    tab = table()
    assert tab.rules
    for rule in tab.rules:
        assert rule.verdict in VERDICTS
        assert rule.mode in (None, "distributed", "network-service")
        assert rule.sources, rule.reason
        for selector in rule.project + rule.dependency:
            if selector.startswith("category:"):
                assert selector[9:] in kb.CATEGORIES
            elif selector not in ("any", "same") and "*" not in selector:
                assert kb.license_facts(selector).spdx_id == selector
        rule.reason.format(dep="X", dep_short="X", project="P", a_project="a P", mode="m", category="c")


def _verdict(dep, project, mode="distributed"):
    found = compatibility(dep, kb.category(dep), project, kb.category(project), mode, dependency_short=kb.license_facts(dep).short)
    return found.verdict if found else None


# (dependency, project, mode, verdict): OSADL's "No" pairs, and the GPL/AGPL network rules
@pytest.mark.parametrize(
    "dep, project, mode, verdict",
    [
        ("Apache-2.0", "GPL-2.0-only", "distributed", "incompatible"),
        ("Apache-2.0", "GPL-2.0-only", "network-service", "compatible"),
        ("Apache-2.0", "GPL-3.0-only", "distributed", "compatible"),
        ("GPL-3.0-only", "GPL-2.0-only", "distributed", "incompatible"),
        ("GPL-2.0-only", "GPL-3.0-or-later", "distributed", "incompatible"),
        ("GPL-2.0-or-later", "GPL-3.0-only", "distributed", "compatible"),
        ("LGPL-3.0-or-later", "GPL-2.0-only", "distributed", "incompatible"),
        ("LGPL-2.1-or-later", "GPL-2.0-only", "distributed", "compatible"),
        ("CDDL-1.0", "GPL-2.0-or-later", "distributed", "incompatible"),
        ("EPL-2.0", "GPL-3.0-only", "distributed", "review"),
        ("MIT", "MIT", "distributed", "compatible"),
        ("MPL-2.0", "MIT", "distributed", "conditional"),
        ("GPL-3.0-only", "MIT", "distributed", "incompatible"),
        ("GPL-3.0-only", "MIT", "network-service", "compatible"),
        ("AGPL-3.0-only", "MIT", "network-service", "incompatible"),
        ("AGPL-3.0-only", "AGPL-3.0-only", "network-service", "compatible"),
        ("AGPL-3.0-or-later", "GPL-3.0-only", "network-service", "conditional"),
        ("SSPL-1.0", "MIT", "network-service", "incompatible"),
        ("BUSL-1.1", "MIT", "distributed", "review"),
        ("CC0-1.0", "GPL-2.0-only", "distributed", "compatible"),
    ],
)
def test_verdicts(dep, project, mode, verdict):
    assert _verdict(dep, project, mode) == verdict


def test_articles():
    assert [article(w) for w in ("Apache-2.0", "MIT", "GPL-3.0", "LGPL-2.1", "BSD-3-Clause", "ISC", "Unlicense", "Zlib")] == [
        "an", "an", "a", "an", "a", "an", "an", "a",
    ]
