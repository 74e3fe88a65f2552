"""The installed-environment source, on real interpreters and real venvs."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from reportgen.errors import SourceError
from reportgen.sources import environment
from reportgen.sources.environment import EnvironmentSource, find_distribution, read_distribution

EXPECTED_SMALL = {
    # name: (version, requires, direct)
    "six": ("1.16.0", (), True),
    "attrs": ("23.2.0", (), True),
    "requests": ("2.31.0", ("charset-normalizer", "idna", "urllib3", "certifi"), True),
    "certifi": ("2024.2.2", (), False),
    "charset-normalizer": ("3.3.2", (), False),
    "idna": ("3.6", (), False),
    "urllib3": ("2.2.1", (), False),
    # nobody installed asks for requests[socks], so PySocks is top-level
    "PySocks": ("1.7.1", (), True),
}


@pytest.fixture(autouse=True)
def fresh_cache():
    environment.clear_cache()
    yield
    environment.clear_cache()


@pytest.mark.slow
@pytest.mark.parametrize("form", ["folder", "bin/python", "executable-string"])
def test_small_venv_exact(small_venv: Path, form: str):
    python = {
        "folder": small_venv,
        "bin/python": small_venv / "bin" / "python",
        "executable-string": str(small_venv / "bin" / "python"),
    }[form]
    deps = {d.name: d for d in EnvironmentSource(python).collect()}
    for name, (version, requires, direct) in EXPECTED_SMALL.items():
        dep = deps[name]
        assert dep.version == version, name
        assert dep.requires == requires, name
        assert dep.direct is direct, name
        assert dep.ecosystem == "pypi" and dep.group == "runtime"
        assert Path(dep.location).is_dir()
        assert Path(dep.location).name.endswith(".dist-info")
        assert (Path(dep.location) / "METADATA").is_file()
    # only the pinned packages plus the installer the venv came with
    assert set(deps) - set(EXPECTED_SMALL) <= {"pip", "setuptools", "wheel"}
    assert "pip" in deps


@pytest.mark.slow
def test_include_tools_false(small_venv: Path):
    names = {d.name for d in EnvironmentSource(small_venv, include_tools=False).collect()}
    assert "pip" not in names
    assert names == set(EXPECTED_SMALL)


@pytest.mark.slow
def test_find_distribution_in_venv(small_venv: Path):
    found = find_distribution("PYSOCKS", small_venv)
    assert found is not None and found.name == "PySocks-1.7.1.dist-info"
    assert find_distribution("flask", small_venv) is None
    # the venv does not see the project's own packages
    assert find_distribution("click", small_venv) is None


@pytest.mark.slow
def test_venv_does_not_import_packages(small_venv: Path, tmp_path: Path):
    """A package whose import would fail is still read: nothing of the target is imported."""
    site = next((small_venv / "lib").glob("python*/site-packages"))
    (site / "boom.py").write_text("raise SystemExit('imported!')\n")
    dist = site / "boom-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: boom\nVersion: 0.1\nRequires-Dist: six\n\nbody\n")
    try:
        deps = {d.name: d for d in EnvironmentSource(small_venv).collect()}
        assert deps["boom"].version == "0.1"
        assert deps["boom"].requires == ("six",)
        assert deps["six"].direct is False  # boom requires it now
    finally:
        (site / "boom.py").unlink()
        for child in dist.iterdir():
            child.unlink()
        dist.rmdir()


def test_current_interpreter_matches_importlib_metadata():
    """Cross-check against the standard library's view of this (project) interpreter."""
    ours = {canonicalize_name(d.name): d.version for d in EnvironmentSource().collect()}
    theirs = {}
    for dist in importlib.metadata.distributions():
        key = canonicalize_name(dist.metadata["Name"])
        theirs.setdefault(key, dist.version)
    assert ours == theirs


def test_current_interpreter_graph():
    deps = {canonicalize_name(d.name): d for d in EnvironmentSource(sys.executable).collect()}
    assert "markupsafe" in deps["jinja2"].requires
    assert deps["markupsafe"].direct is False
    assert deps["reportgen"].direct is True
    assert set(deps["reportgen"].requires) >= {"click", "jinja2", "packaging", "ruamel-yaml"}
    # tomli is only for Python < 3.11: the marker is evaluated for the target
    assert ("tomli" in deps["reportgen"].requires) == (sys.version_info < (3, 11))


def test_find_distribution_current():
    path = find_distribution("Jinja2")
    assert path is not None and path.name.lower().startswith("jinja2-")
    assert find_distribution("surely-not-installed-xyz") is None


def test_second_scan_is_served_from_the_cache(monkeypatch):
    """The interpreter is asked about its sys.path once per process, then the scan is reused."""
    import subprocess

    first = list(EnvironmentSource().collect())
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    second = list(EnvironmentSource().collect())
    assert len(first) > 20
    assert [(d.name, d.version) for d in second] == [(d.name, d.version) for d in first]
    assert calls == []


def test_bad_interpreter_paths(tmp_path: Path):
    with pytest.raises(SourceError) as err:
        EnvironmentSource(tmp_path / "nope" / "python")
    assert "Python interpreter not found" in str(err.value)
    with pytest.raises(SourceError) as err:
        EnvironmentSource(tmp_path)
    assert str(err.value).startswith(f"{tmp_path}: no Python interpreter in this folder")
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(SourceError) as err:
        list(EnvironmentSource(fake).collect())
    assert "the interpreter failed" in str(err.value)


def test_egg_info_made_by_setuptools(tmp_path: Path):
    """egg-info written by setuptools itself: requires.txt sections become markers and extras."""
    pytest.importorskip("setuptools")
    (tmp_path / "setup.py").write_text(
        "from setuptools import setup\n"
        "setup(name='Egg_Demo', version='0.3', py_modules=[],\n"
        "      install_requires=['six>=1.0', 'tomli; python_version < \"3.0\"'],\n"
        "      extras_require={'fast': ['ujson']})\n"
    )
    subprocess.run([sys.executable, "setup.py", "-q", "egg_info"], cwd=tmp_path, check=True, capture_output=True)
    egg = tmp_path / "Egg_Demo.egg-info"
    assert egg.is_dir()
    dist = read_distribution(egg)
    assert dist.name == "Egg-Demo" or dist.name == "Egg_Demo"
    assert dist.canonical == "egg-demo"
    assert dist.version == "0.3"
    graph = environment.requirement_graph({dist.canonical: dist}, environment.probe().markers)
    assert graph["egg-demo"] == ["six"]  # tomli's marker is false, ujson is an unrequested extra
    reqs = {str(r) for r in dist.requirements}
    assert 'ujson; extra == "fast"' in reqs


def _other_python() -> str | None:
    """Another Python version on this machine, if there is one that runs."""
    import shutil

    names = ("python3.13", "python3.12", "python3.10", "python3.9", "python3.8", "python3.14")
    candidates = [shutil.which(name) for name in names]
    # side-by-side installs (pyenv, /opt/python/<v>/) next to this interpreter's base
    candidates += sorted(str(p) for p in Path(sys.base_prefix).parent.glob("*/bin/python3"))
    for exe in candidates:
        if not exe:
            continue
        proc = subprocess.run(
            [exe, "-c", "import sys; print(sys.version_info[:2] >= (3, 8), sys.version_info[:2])"],
            capture_output=True,
            text=True,
        )
        if proc.returncode == 0 and proc.stdout.startswith("True") and str(sys.version_info[:2]) not in proc.stdout:
            return exe
    return None


def test_another_python_version_matches_its_own_importlib():
    exe = _other_python()
    if exe is None:
        pytest.skip("no other Python version installed")
    listing = subprocess.run(
        [
            exe,
            "-I",
            "-c",
            "import importlib.metadata as m, json; "
            "print(json.dumps(sorted({d.metadata['Name'].lower().replace('_', '-').replace('.', '-'): d.version "
            "for d in m.distributions()}.items())))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = dict(tuple(item) for item in __import__("json").loads(listing.stdout))
    deps = list(EnvironmentSource(exe).collect())
    ours = {canonicalize_name(d.name): d.version for d in deps}
    assert ours == theirs
    version = subprocess.run(
        [exe, "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert all(d.extra["python_version"] == version for d in deps)


def test_extras_followed_only_when_requested(tmp_path: Path):
    """app requires ``lib[fast]``; lib's ``fast`` extra pulls speedup, its ``docs`` extra does not."""

    def dist(name: str, *requires: str) -> Path:
        folder = tmp_path / f"{name}-1.0.dist-info"
        folder.mkdir()
        lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0"]
        lines += [f"Requires-Dist: {r}" for r in requires]
        (folder / "METADATA").write_text("\n".join(lines) + "\n\nlong description\n")
        return folder

    dists = {
        d.canonical: d
        for d in map(
            read_distribution,
            [
                dist("app", "lib[fast]>=1", 'oldpkg; python_version < "3"'),
                dist("lib", 'speedup; extra == "fast"', 'sphinx; extra == "docs"', "base"),
                dist("speedup"),
                dist("sphinx"),
                dist("base"),
            ],
        )
    }
    graph = environment.requirement_graph(dists, environment.probe().markers)
    assert graph["app"] == ["lib"]
    assert graph["lib"] == ["speedup", "base"]
    assert graph["sphinx"] == []


def test_url_headers_are_handed_on_unchanged():
    """The URL headers the scan hands on (extra["metadata_urls"]) are what a fresh read of the file
    gives to the repository lookup, for every distribution installed here."""
    from reportgen.inventory import _repository
    from reportgen.sources.environment import read_metadata
    from reportgen.knowledge.repos import repository_for

    deps = list(EnvironmentSource(None).collect())
    assert len(deps) > 20
    with_urls = 0
    for dep in deps:
        passed = dep.extra["metadata_urls"]
        assert passed["location"] == dep.location
        fresh = read_metadata(Path(dep.location))
        assert passed["fields"] == {k: v for k, v in fresh.items() if k in passed["fields"]}
        assert repository_for(passed["fields"], None, dep.name) == repository_for(fresh, None, dep.name), dep.name
        assert _repository(dep, fields=passed["fields"]) == _repository(dep, fields=fresh)
        with_urls += bool(passed["fields"])
    assert with_urls > 10


def test_url_fields_reads_like_inventory(tmp_path: Path):
    from reportgen.sources.environment import read_metadata

    text = ("Metadata-Version: 2.1\nName: demo\nHome-page: https://example.org/demo\n"
            "Project-URL: Source Code,\n  https://github.com/o/demo\nProject-URL: Docs, https://demo.readthedocs.io\n"
            "Classifier: License :: OSI Approved :: MIT License\nDownload-URL: https://github.com/o/demo/releases\n"
            "\nProject-URL: Body, https://not-a-header.example\n")
    folder = tmp_path / "demo-1.0.dist-info"
    folder.mkdir()
    (folder / "METADATA").write_text(text)
    fresh = read_metadata(folder)
    wanted = {k: v for k, v in fresh.items() if k in ("Home-page", "Project-URL", "Download-URL")}
    assert environment.url_fields(text) == wanted
    assert read_distribution(folder).urls == wanted
    assert wanted["Project-URL"][0] == "Source Code,\nhttps://github.com/o/demo"
