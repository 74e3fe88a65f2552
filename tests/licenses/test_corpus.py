"""Accuracy on the labelled corpus of real PyPI wheels (tests/licenses/corpus/labels.toml)."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
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


def _cpu_and_wall(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def test_faster_than_pip_licenses(corpus_env, tmp_path):
    """Whole runs, cold caches for us (a fresh XDG_CACHE_HOME), against pip-licenses on the same venv.

    The target is half of pip-licenses' time; the assertion leaves room for a loaded CI machine.
    """
    python, site = corpus_env
    script = (
        "from pathlib import Path\n"
        "from reportgen.licenses.identify import identify_distribution\n"
        f"print(len([identify_distribution(d) for d in Path({str(site)!r}).glob('*.dist-info')]))\n"
    )
    import os

    env_cmd = [sys.executable, "-c", script]
    os.environ["XDG_CACHE_HOME"] = str(tmp_path)
    try:
        ours_cold = _cpu_and_wall(env_cmd)
        ours_warm = _cpu_and_wall(env_cmd)
    finally:
        del os.environ["XDG_CACHE_HOME"]
    exe = shutil.which("pip-licenses", path=str(Path(sys.executable).parent)) or "pip-licenses"
    theirs = _cpu_and_wall([exe, "--python", str(python), "--from=mixed", "--format=json"])
    print(f"\nreportgen cold wall {ours_cold[0]:.2f}s cpu {ours_cold[1]:.2f}s; warm wall {ours_warm[0]:.2f}s "
          f"cpu {ours_warm[1]:.2f}s; pip-licenses wall {theirs[0]:.2f}s cpu {theirs[1]:.2f}s")
    assert ours_warm[1] < theirs[1] * 0.6
    assert ours_cold[1] < theirs[1] * 1.0
