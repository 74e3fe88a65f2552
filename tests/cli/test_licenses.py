"""``reportgen licenses`` on real inputs: this project's venv, a small venv built
from PyPI once per test session, and real requirement/lock files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli

#: A few real packages, pinned, with the licenses their authors publish.
SMALL_VENV = {
    "requests==2.32.3": "Apache-2.0",
    "six==1.16.0": "MIT",
    "idna==3.7": "BSD-3-Clause",
    "certifi==2024.8.30": "MPL-2.0",
    "urllib3==2.2.3": "MIT",
    "charset-normalizer==3.3.2": "MIT",
}


@pytest.fixture(scope="session")
def small_venv(tmp_path_factory) -> Path:
    """A virtual environment with SMALL_VENV installed from PyPI (no pip inside: pip --python fills it)."""
    folder = tmp_path_factory.mktemp("small-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--disable-pip-version-check",
         "--no-deps", "--only-binary", ":all:", *SMALL_VENV],
        check=True,
    )
    return python


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test keeps reportgen's caches in its own folder (never the user's)."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def run(*args: str, **kwargs):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)
    return result


def by_name(records):
    return {r["name"].lower(): r for r in records}


pytestmark = pytest.mark.slow


def test_json_of_a_real_venv(small_venv):
    result = run("licenses", "--python", str(small_venv), "--format", "json")
    assert result.exit_code == 0, result.output
    records = by_name(json.loads(result.output))
    for spec, expected in SMALL_VENV.items():
        name, version = spec.split("==")
        record = records[name]
        assert record["version"] == version
        assert record["license"] == expected, (name, record["evidence"])
        assert record["ecosystem"] == "pypi" and record["purl"] == f"pkg:pypi/{name}@{version}"
        assert record["evidence"] and 0 < record["confidence"] <= 1
    assert records["requests"]["repository"] == "https://github.com/psf/requests"
    assert set(records["requests"]["requires"]) == {"charset-normalizer", "idna", "urllib3", "certifi"}
    assert records["requests"]["direct"] and not records["urllib3"]["direct"]


def test_table_is_the_default(small_venv):
    result = run("licenses", "--python", str(small_venv))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["NAME", "VERSION", "LICENSE", "CONFIDENCE", "GROUP", "DIRECT"]
    six = next(line for line in lines if line.startswith("six "))
    assert six.split()[:3] == ["six", "1.16.0", "MIT"]
    assert lines[-1].startswith(f"{len(SMALL_VENV)} packages")


def test_csv_and_markdown(small_venv):
    rows = list(csv.DictReader(io.StringIO(run("licenses", "--python", str(small_venv), "-f", "csv").output)))
    assert {r["name"].lower(): r["license"] for r in rows}["certifi"] == "MPL-2.0"
    markdown = run("licenses", "--python", str(small_venv), "-f", "markdown").output.splitlines()
    assert markdown[0].startswith("| Name | Version | License |") and len(markdown) == 2 + len(SMALL_VENV)


def test_cyclonedx_of_a_real_venv_is_valid(small_venv):
    validation = pytest.importorskip("cyclonedx.validation.json")
    from cyclonedx.schema import SchemaVersion

    text = run("licenses", "--python", str(small_venv), "-f", "cyclonedx").output
    assert validation.JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    doc = json.loads(text)
    requests = next(c for c in doc["components"] if c["name"] == "requests")
    assert requests["licenses"][0]["license"]["id"] == "Apache-2.0"
    assert {"type": "vcs", "url": "https://github.com/psf/requests"} in requests["externalReferences"]
    graph = {d["ref"]: set(d["dependsOn"]) for d in doc["dependencies"]}
    assert "pkg:pypi/urllib3@2.2.3" in graph["pkg:pypi/requests@2.32.3"]
    old = run("licenses", "--python", str(small_venv), "-f", "cyclonedx", "--cyclonedx-version", "1.5").output
    assert validation.JsonStrictValidator(SchemaVersion.V1_5).validate_str(old) is None


def test_this_projects_own_environment():
    result = run("licenses", "--python", sys.executable, "-f", "json")
    assert result.exit_code == 0
    records = by_name(json.loads(result.output))
    assert records["click"]["license"] == "BSD-3-Clause"
    assert records["jinja2"]["license"] == "BSD-3-Clause"
    assert records["reportgen"]["license"] == "MIT"
    known = sum(1 for r in records.values() if r["license"] != "NOASSERTION")
    assert known >= 0.9 * len(records), [n for n, r in records.items() if r["license"] == "NOASSERTION"]


def test_requirements_file_with_the_venv_fills_installed_facts(small_venv, tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("requests==2.32.3\n")
    result = run("licenses", "--file", str(req), "--python", str(small_venv), "-f", "json")
    assert result.exit_code == 0, result.output
    records = by_name(json.loads(result.output))
    # the declared package, and what it pulls in, from the venv; six is not required by anything declared
    assert set(records) == {"requests", "urllib3", "idna", "certifi", "charset-normalizer"}
    assert records["requests"]["license"] == "Apache-2.0" and records["requests"]["direct"]
    assert records["urllib3"]["license"] == "MIT" and not records["urllib3"]["direct"]


def test_requirements_file_offline_says_not_installed(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("six==1.16.0\n")
    result = run("licenses", "--file", str(req), "-f", "json")
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.output)
    assert record["name"] == "six" and record["version"] == "1.16.0" and record["license"] == "NOASSERTION"
    assert record["reason"]


def test_project_folder_with_only(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1"\ndependencies = ["click>=8"]\n'
        '[dependency-groups]\ndev = ["pytest>=7"]\n'
    )
    everything = by_name(json.loads(run("licenses", str(tmp_path), "-f", "json").output))
    assert {"click", "pytest"} <= set(everything)
    dev = by_name(json.loads(run("licenses", str(tmp_path), "--only", "dev", "-f", "json").output))
    assert set(dev) == {"pytest"} and dev["pytest"]["group"] == "dev"


def test_output_file_is_written_and_never_overwritten(small_venv, tmp_path):
    target = tmp_path / "sbom.json"
    result = run("licenses", "--python", str(small_venv), "-f", "cyclonedx", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["bomFormat"] == "CycloneDX"
    target.write_text("mine")
    again = subprocess.run(
        [sys.executable, "-m", "reportgen", "licenses", "--python", str(small_venv), "-o", str(target)],
        capture_output=True, text=True,
    )
    assert again.returncode == 2 and target.read_text() == "mine"
    assert again.stderr.strip().count("\n") == 0 and "already exists" in again.stderr and "--force" in again.stderr
    forced = run("licenses", "--python", str(small_venv), "-f", "csv", "-o", str(target), "--force")
    assert forced.exit_code == 0 and target.read_text().startswith("name,version,")


@pytest.mark.parametrize(
    "args, expected",
    [
        (["licenses", "no/such/folder"], "no/such/folder: no such folder (give a project folder"),
        (["licenses", "--file", "missing-requirements.txt"], "missing-requirements.txt: no such file ("),
        (["licenses", "--python", "/no/such/python"], "/no/such/python: Python interpreter not found"),
    ],
)
def test_input_errors_are_one_line_exit_2(args, expected, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert expected in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_malformed_requirements_points_at_the_line(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("six==1.16.0\nthis is not a requirement ==\n")
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "licenses", "--file", str(req)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{req}:2:"), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_subprocess_json_on_this_interpreter(own_cache):
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "licenses", "--python", sys.executable, "-f", "json"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal
    assert any(r["name"] == "click" for r in json.loads(proc.stdout))


def test_docker_images_take_their_license_from_the_knowledge_base(tmp_path):
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  db:\n    image: mongo:7.0\n  web:\n    image: nginx:1.25\n  odd:\n    image: example/unknown-thing:1\n"
    )
    records = by_name(json.loads(run("licenses", str(tmp_path), "-f", "json").output))
    assert records["mongo"]["ecosystem"] == "docker" and records["mongo"]["license"] == "SSPL-1.0"
    assert records["mongo"]["repository"] == "https://github.com/mongodb/mongo"
    assert records["mongo"]["evidence"][0]["matcher"] == "knowledge"
    assert records["nginx"]["license"] == "BSD-2-Clause"
    unknown = records["example/unknown-thing"]
    assert unknown["license"] == "NOASSERTION" and "knowledge base does not describe" in unknown["reason"]


def test_findings_are_reused_until_the_package_changes(small_venv, own_cache, tmp_path):
    first = run("licenses", "--python", str(small_venv), "-f", "json").output
    cache_file = own_cache / "findings.json"
    data = json.loads(cache_file.read_text())
    assert len(data["entries"]) == len(SMALL_VENV)
    assert run("licenses", "--python", str(small_venv), "-f", "json").output == first

    # The second run really reads the cache: a planted answer comes back ...
    six_key = next(k for k in data["entries"] if "six-1.16.0.dist-info" in k)
    data["entries"][six_key]["expression"] = "LicenseRef-planted"
    cache_file.write_text(json.dumps(data))
    planted = by_name(json.loads(run("licenses", "--python", str(small_venv), "-f", "json").output))
    assert planted["six"]["license"] == "LicenseRef-planted"
    # ... --no-cache ignores it ...
    fresh = by_name(json.loads(run("licenses", "--python", str(small_venv), "-f", "json", "--no-cache").output))
    assert fresh["six"]["license"] == "MIT"
    # ... and a reinstalled package (its METADATA changed) is identified again.
    metadata = next(small_venv.parent.parent.glob("lib/python*/site-packages/six-1.16.0.dist-info/METADATA"))
    stat = metadata.stat()
    os.utime(metadata, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = by_name(json.loads(run("licenses", "--python", str(small_venv), "-f", "json").output))
    assert again["six"]["license"] == "MIT"


def test_no_cache_uses_no_license_file_answers_either(small_venv, own_cache, monkeypatch):
    """``--no-cache`` identifies afresh: it neither reads nor adds cached license-file matches."""
    from reportgen.inventory import inventory
    from reportgen.licenses import results_cache

    monkeypatch.delenv("REPORTGEN_NO_CACHE", raising=False)
    results_cache.flush()  # what earlier tests added goes to their own cache folders
    results_cache._CACHE.forget()
    try:
        fresh = inventory(python=small_venv, cache=False)
        results_cache.flush()
        assert not list(own_cache.glob("license-files-*.json"))
        assert results_cache.enabled()  # only for that run
        cached = inventory(python=small_venv)
        results_cache.flush()
        (stored,) = own_cache.glob("license-files-*.json")
        assert json.loads(stored.read_text())  # the normal run keeps its answers
        assert [r.license for r in fresh] == [r.license for r in cached]
    finally:
        results_cache._CACHE.forget()


def test_license_only_runs_share_the_cache_without_losing_repositories(small_venv, own_cache):
    """``check`` identifies licenses without looking repositories up; what it caches serves later
    license-only runs, and a full run (``licenses``) looks the repositories up rather than
    take the missing ones for "none"."""
    from reportgen.inventory import inventory

    bare = {r.dependency.name.lower(): r for r in inventory(python=small_venv, repositories=False)}
    assert len(bare) == len(SMALL_VENV)
    assert all(r.repository is None for r in bare.values())
    entries = json.loads((own_cache / "findings.json").read_text())["entries"]
    assert len(entries) == len(SMALL_VENV)
    assert not any("repository" in entry for entry in entries.values())

    # a second license-only run takes every answer from the cache: a planted one comes back
    cache_file = own_cache / "findings.json"
    data = json.loads(cache_file.read_text())
    six_key = next(k for k in data["entries"] if "six-1.16.0.dist-info" in k)
    data["entries"][six_key]["expression"] = "LicenseRef-planted"
    cache_file.write_text(json.dumps(data))
    again = {r.dependency.name.lower(): r for r in inventory(python=small_venv, repositories=False)}
    assert again["six"].license.expression == "LicenseRef-planted"

    # a full run identifies again (the entries lack repositories) and caches the repositories
    full = {r.dependency.name.lower(): r for r in inventory(python=small_venv)}
    assert full["six"].license.expression == "MIT"
    assert full["requests"].repository == "https://github.com/psf/requests"
    assert full["six"].repository == "https://github.com/benjaminp/six"
    entries = json.loads(cache_file.read_text())["entries"]
    assert all("repository" in entry for entry in entries.values())
    # and a license-only run after it keeps them
    after = {r.dependency.name.lower(): r for r in inventory(python=small_venv, repositories=False)}
    assert after["requests"].repository == "https://github.com/psf/requests"
    assert [r.license for r in after.values()] == [r.license for r in full.values()]


def test_worker_processes_give_the_same_answers(small_venv, own_cache):
    """REPORTGEN_JOBS=2 forks workers for identification; the output must not change."""
    outputs = []
    for jobs in ("1", "2"):
        env = {**os.environ, "REPORTGEN_JOBS": jobs, "REPORTGEN_NO_CACHE": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "reportgen", "licenses", "--python", sys.executable, "-f", "json"],
            capture_output=True, text=True, env=env, timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1] and len(outputs[0]) > 24


SOURCE_FIXTURES = Path(__file__).resolve().parent.parent / "sources" / "fixtures"


def test_installed_node_modules_of_a_real_project():
    """The sources tests' node_modules fixture (real npm packages), read-only."""
    folder = SOURCE_FIXTURES / "node-modules"
    if not (folder / "node_modules").is_dir():
        pytest.skip("the sources fixtures are not there")
    records = json.loads(run("licenses", str(folder), "-f", "json").output)
    npm = [r for r in records if r["ecosystem"] == "npm"]
    assert npm and all(r["license"] != "NOASSERTION" and r["location"] for r in npm), npm
    assert all(r["repository"] and r["repository"].startswith("https://") for r in npm)
    assert all(r["purl"].startswith("pkg:npm/") for r in npm)


def test_lock_file_with_only_a_group():
    lock = SOURCE_FIXTURES / "poetry" / "poetry.lock"
    if not lock.is_file():
        pytest.skip("the sources fixtures are not there")
    every = json.loads(run("licenses", "--file", str(lock), "-f", "json").output)
    docs = json.loads(run("licenses", "--file", str(lock), "--only", "docs", "-f", "json").output)
    assert docs and len(docs) < len(every)
    assert {r["group"] for r in docs} == {"docs"}
    assert {r["name"] for r in docs} <= {r["name"] for r in every}
