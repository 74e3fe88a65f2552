"""The on-disk cache of license facts and of the compatibility table gives the same answers."""

from __future__ import annotations

import json

from reportgen.knowledge import kb
from reportgen.policy import evaluate, facts, load_policy_text
from reportgen.policy.compat import table
from reportgen.model import Dependency, LicenseFinding, PackageReport


def _reports():
    rows = [("a", "MIT OR GPL-3.0-only"), ("b", "GPL-2.0-only WITH Classpath-exception-2.0"), ("c", "LicenseRef-nobody-knows"),
            ("d", "HPND-sell-variant AND BSD-3-Clause")]
    return [PackageReport(Dependency(n, "1.0"), LicenseFinding(e, 1.0)) for n, e in rows]


def _summary(result):
    return [(o.dependency.name, o.status, o.chosen, [p.detail for p in o.problems], [c.reason for c in o.compatibility])
            for o in result.outcomes]


def test_cached_answers_match_the_knowledge_base(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REPORTGEN_NO_CACHE", raising=False)
    facts.reset()
    table.cache_clear()
    policy = load_policy_text('deny = ["GPL-*"]\n', "p.toml")
    first = _summary(evaluate(_reports(), policy, project_license="Apache-2.0"))
    stored = json.loads((tmp_path / "policy-facts.json").read_text())
    assert stored["briefs"]["mit"][:3] == ["MIT", "license", "permissive"]
    assert stored["briefs"]["licenseref-nobody-knows"] is None
    assert stored["table"]["rules"]
    for key, row in stored["briefs"].items():
        if row is not None:
            assert row[2] == kb.license_facts(key).category
    facts.reset()
    table.cache_clear()
    second = _summary(evaluate(_reports(), policy, project_license="Apache-2.0"))
    assert first == second
    assert first[2][1] == "fail"  # an id nobody knows is unknown
    facts.reset()
    table.cache_clear()


def test_no_cache_env_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("REPORTGEN_NO_CACHE", "1")
    facts.reset()
    evaluate(_reports(), load_policy_text("", "p.toml"), project_license="MIT")
    assert not (tmp_path / "policy-facts.json").exists()
    facts.reset()
