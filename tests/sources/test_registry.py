"""detect / for_file / collect: the package-level API other parts call."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import reportgen.sources as sources
from reportgen.errors import SourceError
from reportgen.model import Dependency
from reportgen.sources import collect, detect, for_file, merge
from reportgen.sources.base import DependencySource
from reportgen.sources.environment import EnvironmentSource

from .conftest import copy_fixture

FIX = Path(__file__).parent / "fixtures"


def test_every_source_class_is_registered_and_documented():
    docs = (Path(__file__).parents[2] / "docs" / "sources.md").read_text()
    for cls in sources.SOURCE_CLASSES:
        assert issubclass(cls, DependencySource)
        assert cls.patterns, cls
        assert cls.__module__.rsplit(".", 1)[1] + ".py" in docs, cls
        assert (cls.__doc__ or "") and (__import__(cls.__module__, fromlist=["x"]).__doc__ or "")


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("package-lock.json", "PackageLockSource"),
        ("npm-shrinkwrap.json", "PackageLockSource"),
        ("package.json", "PackageJsonSource"),
        ("uv.lock", "UvLockSource"),
        ("poetry.lock", "PoetryLockSource"),
        ("Pipfile.lock", "PipfileLockSource"),
        ("Pipfile", "PipfileSource"),
        ("pyproject.toml", "PyprojectSource"),
        ("requirements.txt", "RequirementsSource"),
        ("requirements-dev.txt", "RequirementsSource"),
        ("dev-requirements.txt", "RequirementsSource"),
        ("constraints.txt", "RequirementsSource"),  # explicit .txt is read as pip format
        ("docker-compose.yml", "ComposeSource"),
        ("compose.yaml", "ComposeSource"),
        ("docker-compose.prod.yml", "ComposeSource"),
        ("Dockerfile", "DockerfileSource"),
        ("Dockerfile.dev", "DockerfileSource"),
        ("web.Dockerfile", "DockerfileSource"),
    ],
)
def test_for_file(tmp_path: Path, name: str, cls: str):
    path = tmp_path / name
    path.write_text("")
    assert type(for_file(path)).__name__ == cls


def test_for_file_folders_and_errors(tmp_path: Path):
    assert type(for_file(FIX / "node-modules" / "node_modules")).__name__ == "NodeModulesSource"
    other = tmp_path / "setup.cfg"
    other.write_text("")
    with pytest.raises(SourceError) as err:
        for_file(other)
    text = str(err.value)
    assert text.startswith(f"{other}: unsupported dependency file (supported: package-lock.json")
    assert "pyproject.toml" in text and "Dockerfile" in text and "\n" not in text
    with pytest.raises(SourceError, match="no such file or folder"):
        for_file(tmp_path / "missing.txt")


def test_detect(tmp_path: Path):
    project = copy_fixture("uv", tmp_path)
    (project / "requirements").mkdir()
    (project / "requirements" / "test.txt").write_text("pytest\n")
    (project / "notes.txt").write_text("not a requirements file\n")
    shutil.copy(FIX / "docker" / "compose.yaml", project / "compose.yaml")
    names = [type(s).__name__ for s in detect(project)]
    assert names == ["UvLockSource", "PyprojectSource", "RequirementsSource", "ComposeSource"]


def test_detect_project_venv(tmp_path: Path):
    project = tmp_path / "p"
    (project / ".venv").mkdir(parents=True)
    (project / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (project / ".venv" / "bin").mkdir()
    (project / ".venv" / "bin" / "python").symlink_to(Path(__import__("sys").executable))
    found = detect(project)
    assert [type(s) for s in found] == [EnvironmentSource]


def test_collect_uv_project_merges_lock_and_manifest():
    deps = {d.name: d for d in collect(FIX / "uv")}
    assert len(deps) == 23
    flask = deps["flask"]
    assert flask.version == "3.1.3" and flask.specifier == ">=3.0" and flask.direct
    assert len(flask.extra["sources"]) == 2
    assert deps["pytest"].group == "dev" and deps["pytest"].specifier == ">=8"
    runtime = {d.name for d in collect(FIX / "uv", only={"runtime"})}
    assert "pytest" not in runtime and "pysocks" not in runtime and "certifi" in runtime
    with_optional = {d.name for d in collect(FIX / "uv", only={"runtime", "optional"})}
    assert with_optional == runtime | {"pysocks"}


def test_collect_npm_project():
    deps = collect(FIX / "npm-v3")
    express = next(d for d in deps if d.name == "express")
    assert express.specifier == "^4.18.2" and express.version == "4.22.3"
    assert express.purl == "pkg:npm/express@4.22.3"
    assert len(deps) == 75
    assert {d.name for d in collect(FIX / "npm-v3", only={"dev"})} == {"is-number"}


def test_collect_node_modules_lock_and_manifest():
    deps = collect(FIX / "node-modules")
    by = {(d.name, d.version): d for d in deps}
    assert set(by) == {
        ("@tootallnate/once", "2.0.0"),
        ("debug", "2.6.9"),
        ("ms", "2.0.0"),
        ("ms", "2.1.3"),
        ("is-number", "7.0.0"),
    }
    top_ms = by[("ms", "2.1.3")]
    assert top_ms.direct and top_ms.specifier == "2.1.3" and top_ms.location.endswith("node_modules/ms")
    assert by[("ms", "2.0.0")].location.endswith("debug/node_modules/ms")


def test_collect_docker_project():
    deps = collect(FIX / "docker")
    pairs = [(d.name, d.version) for d in deps]
    assert ("mongo", "6.0") in pairs and ("mongo", "latest") in pairs
    assert ("node", "20-alpine") in pairs  # compose and Dockerfile agree: one entry
    assert pairs.count(("node", "20-alpine")) == 1
    node = next(d for d in deps if d.name == "node")
    assert node.group == "runtime"  # runtime in compose beats the Dockerfile's build stage
    assert {d.name for d in collect(FIX / "docker", only={"runtime"})} >= {
        "mongo",
        "nginx",
        "gcr.io/distroless/python3-debian12",
    }


def test_merge_rules():
    lock = Dependency("Flask", "3.0.0", source="lock", requires=("click",), group="dev", direct=False)
    manifest = Dependency("flask", None, source="req", specifier=">=3", group="runtime", direct=True)
    other_version = Dependency("flask", "2.0.0", source="old", direct=False)
    merged = merge([lock, manifest, other_version])
    assert [(d.name, d.version) for d in merged] == [("flask", "2.0.0"), ("Flask", "3.0.0")]
    main = next(d for d in merged if d.version == "3.0.0")
    assert main.specifier == ">=3" and main.group == "runtime" and main.direct
    assert main.requires == ("click",) and main.extra["sources"] == ["lock", "req"]


@pytest.mark.slow
def test_collect_with_python_keeps_only_what_the_project_uses(small_venv: Path, tmp_path: Path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "requirements.txt").write_text("requests>=2\n")
    (project / "requirements-dev.txt").write_text("six\n")
    deps = {d.name: d for d in collect(project, python=small_venv)}
    assert set(deps) == {"requests", "certifi", "charset-normalizer", "idna", "urllib3", "six"}
    requests = deps["requests"]
    assert requests.version == "2.31.0" and requests.specifier == ">=2" and requests.direct
    assert requests.location.endswith("requests-2.31.0.dist-info")
    assert deps["certifi"].direct is False and deps["certifi"].group == "runtime"
    assert deps["six"].group == "dev" and deps["six"].version == "1.16.0"
    runtime = {d.name for d in collect(project, python=small_venv, only={"runtime"})}
    assert runtime == set(deps) - {"six"}


@pytest.mark.slow
def test_collect_environment_only(small_venv: Path, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    names = {d.name for d in collect(empty, python=small_venv)}
    assert {"six", "attrs", "requests", "PySocks", "pip"} <= names


def test_detect_not_a_folder(tmp_path: Path):
    with pytest.raises(SourceError, match="not a folder"):
        detect(tmp_path / "nope")


def test_detect_adds_the_active_environment_to_declared_files(tmp_path: Path, monkeypatch):
    """Without a venv in the project, the activated environment supplies installed details."""
    from reportgen.sources import collect

    monkeypatch.delenv("REPORTGEN_NO_ACTIVE_ENV")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    project = tmp_path / "p"
    project.mkdir()
    (project / "requirements.txt").write_text("click\n")
    sources = detect(project)
    assert sorted(type(s).__name__ for s in sources) == ["EnvironmentSource", "RequirementsSource"]
    from importlib.metadata import version

    deps = {d.name.lower(): d for d in collect(project)}
    assert deps["click"].version == version("click")
    assert deps["click"].location is not None
    assert str(deps["click"].location).endswith(".dist-info")
    # an empty folder is not the environment's inventory
    empty = tmp_path / "empty"
    empty.mkdir()
    assert detect(empty) == []


def test_active_environment_keeps_what_a_lock_says_is_direct(tmp_path: Path, monkeypatch):
    """A lock lists every package, transitive ones too; the environment that enriches them must
    not make them all direct (it did: each package the lock named counted as a root)."""
    from importlib.metadata import version

    from reportgen.sources import collect

    monkeypatch.delenv("REPORTGEN_NO_ACTIVE_ENV")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    project = tmp_path / "p"
    project.mkdir()
    pins = {name: version(name) for name in ("flask", "werkzeug", "markupsafe")}  # the test extras pin them
    entries = ['[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\n'
               'dependencies = [\n    { name = "flask" },\n]\n']
    requires = {"flask": ["werkzeug"], "werkzeug": ["markupsafe"], "markupsafe": []}
    for name, pin in pins.items():
        edges = "".join(f'    {{ name = "{r}" }},\n' for r in requires[name])
        entries.append(f'[[package]]\nname = "{name}"\nversion = "{pin}"\n'
                       f'source = {{ registry = "https://pypi.org/simple" }}\ndependencies = [\n{edges}]\n')
    (project / "uv.lock").write_text('version = 1\nrequires-python = ">=3.11"\n\n' + "\n".join(entries))
    deps = {d.name.lower(): d for d in collect(project)}
    for name in pins:  # every one enriched from this venv ...
        assert deps[name].location is not None, name
    assert deps["flask"].direct  # ... and only what the project asks for is direct
    assert deps["werkzeug"].direct is False and deps["markupsafe"].direct is False


def test_lazy_registry_agrees_with_the_classes():
    """reportgen.sources names each class's globs without importing it; they must agree."""
    for module, name, globs in sources._SOURCES:
        cls = getattr(__import__(f"reportgen.sources.{module}", fromlist=[name]), name)
        assert cls.patterns == globs, name
    assert [cls.__name__ for cls in sources.SOURCE_CLASSES] == [name for _, name, _ in sources._SOURCES]
    assert sources.EnvironmentSource is EnvironmentSource


def test_importing_sources_imports_no_format_module():
    import subprocess
    import sys

    code = ("import sys, reportgen.sources; "
            "print(sorted(m for m in sys.modules if m.startswith('reportgen.sources.') and m != 'reportgen.sources.base'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
