"""Accuracy on the labelled corpus of real PyPI wheels (tests/licenses/corpus/labels.toml)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.licenses.expression import equivalent, is_valid
from reportgen.licenses.identify import identify_distribution
from reportgen.model import normalize_name

pytestmark = pytest.mark.slow

#: A wrong answer must never be this sure.
HIGH = 0.8


def _dists(site: Path) -> dict[str, Path]:
    return {normalize_name(d.name[: -len(".dist-info")].rsplit("-", 1)[0]): d for d in site.glob("*.dist-info")}


@pytest.fixture(scope="session")
def findings(corpus_env, corpus_labels):
    _, site = corpus_env
    dists = _dists(site)
    return {p["name"]: identify_distribution(dists[normalize_name(p["name"])]) for p in corpus_labels}


def test_corpus_is_big_and_pinned(corpus_labels):
    assert len(corpus_labels) >= 150
    names = [normalize_name(p["name"]) for p in corpus_labels]
    assert len(set(names)) == len(names)
    for p in corpus_labels:
        assert p["version"] and p["wheel"].endswith(".whl") and p["how"], p["name"]
        assert is_valid(p["expected"]), p


def test_corpus_accuracy(findings, corpus_labels):
    wrong = []
    for p in corpus_labels:
        found = findings[p["name"]]
        if not equivalent(found.expression, p["expected"]):
            wrong.append((p["name"], found.expression, found.confidence, p["expected"], found.reason))
    accuracy = 1 - len(wrong) / len(corpus_labels)
    print(f"\ncorpus accuracy {accuracy:.3f} ({len(corpus_labels) - len(wrong)}/{len(corpus_labels)})")
    for row in wrong:
        print("  wrong:", row)
    assert accuracy >= 0.97, wrong
    confident = [row for row in wrong if row[2] >= HIGH]
    assert not confident, f"wrong answers with high confidence: {confident}"


def test_every_finding_keeps_its_evidence(findings):
    for name, found in findings.items():
        assert found.evidence, name
        assert found.reason, name
        if found.known:
            assert is_valid(found.expression), (name, found.expression)


def _pip_licenses(python: Path, source: str) -> dict[str, str]:
    exe = shutil.which("pip-licenses", path=str(Path(sys.executable).parent)) or shutil.which("pip-licenses")
    assert exe, "pip-licenses is in the test extra"
    out = subprocess.run([exe, "--python", str(python), f"--from={source}", "--format=json"],
                         capture_output=True, text=True, check=True).stdout
    return {normalize_name(row["Name"]): row["License"] for row in json.loads(out)}


def test_where_pip_licenses_differs_we_are_right(corpus_env, corpus_labels, findings):
    python, _ = corpus_env
    theirs = _pip_licenses(python, "mixed")
    ours_right = sum(equivalent(findings[p["name"]].expression, p["expected"]) for p in corpus_labels)
    their_right = sum(equivalent(theirs.get(normalize_name(p["name"]), ""), p["expected"]) for p in corpus_labels)
    print(f"\nexact SPDX: reportgen {ours_right}/{len(corpus_labels)}, pip-licenses --from=mixed {their_right}")
    for p in corpus_labels:
        answer = theirs.get(normalize_name(p["name"]))
        ours = findings[p["name"]].expression
        if answer and is_valid(answer) and not equivalent(answer, ours):
            assert equivalent(ours, p["expected"]), (p["name"], answer, ours, p["expected"])
    assert ours_right > their_right


