"""The policy gate's license facts come straight from the knowledge base (no disk cache)."""

from __future__ import annotations

from reportgen.knowledge import kb
from reportgen.model import Dependency, LicenseFinding, PackageReport
from reportgen.policy import evaluate, facts, load_policy_text


def _reports():
    rows = [("a", "MIT OR GPL-3.0-only"), ("b", "GPL-2.0-only WITH Classpath-exception-2.0"), ("c", "LicenseRef-nobody-knows"),
            ("d", "HPND-sell-variant AND BSD-3-Clause")]
    return [PackageReport(Dependency(n, "1.0"), LicenseFinding(e, 1.0)) for n, e in rows]


def _summary(result):
    return [(o.dependency.name, o.status, o.chosen, [p.detail for p in o.problems], [c.reason for c in o.compatibility])
            for o in result.outcomes]


def test_briefs_match_the_knowledge_base():
    for spdx_id in ("MIT", "mit", "GPL-2.0", "HPND-sell-variant", "Classpath-exception-2.0", "LicenseRef-scancode-ms-pl"):
        found = facts.brief(spdx_id)
        full = kb.license_facts(spdx_id)
        assert found is not None
        assert (found.spdx_id, found.kind, found.category, found.category_with) == (
            full.spdx_id, full.kind, full.category, full.category_with)
    assert facts.brief("LicenseRef-nobody-knows") is None


def test_check_writes_no_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REPORTGEN_NO_CACHE", raising=False)
    facts.reset()
    policy = load_policy_text('deny = ["GPL-*"]\n', "p.toml")
    first = _summary(evaluate(_reports(), policy, project_license="Apache-2.0"))
    assert list(tmp_path.iterdir()) == []
    facts.reset()
    assert _summary(evaluate(_reports(), policy, project_license="Apache-2.0")) == first
    assert first[2][1] == "fail"  # an id nobody knows is unknown
