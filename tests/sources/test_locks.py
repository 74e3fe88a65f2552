"""uv.lock, poetry.lock and Pipfile.lock, as written by uv, Poetry and pipenv."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.sources.pipfile_lock import PipfileLockSource, PipfileSource
from reportgen.sources.poetry_lock import PoetryLockSource
from reportgen.sources.uv_lock import UvLockSource

FIX = Path(__file__).parent / "fixtures"


def index(deps) -> dict:
    return {d.name: d for d in deps}


# uv.lock (uv 0.13.9, `uv lock`) ------------------------------------------------
def test_uv_lock():
    deps = index(UvLockSource(FIX / "uv" / "uv.lock").collect())
    assert "chat-server" not in deps  # the project itself
    assert len(deps) == 23
    assert deps["flask"].version == "3.1.3" and deps["flask"].direct and deps["flask"].group == "runtime"
    assert deps["flask"].requires == ("blinker", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug")
    assert deps["requests"].requires == ("certifi", "charset-normalizer", "idna", "urllib3")
    assert deps["certifi"].direct is False and deps["certifi"].group == "runtime"
    assert deps["pysocks"].group == "optional:socks" and deps["pysocks"].direct
    assert deps["pytest"].group == "dev" and deps["ruff"].group == "dev"
    assert deps["pluggy"].group == "dev" and deps["pluggy"].direct is False
    # click is needed by flask (runtime) even though nothing else asks for it
    assert deps["click"].group == "runtime"
    assert deps["flask"].source.startswith(str(FIX / "uv" / "uv.lock") + ":")


def test_uv_workspace_members_are_the_project_not_dependencies():
    """A uv workspace (uv 0.13.9, `uv lock`): the member `core` is the team's own package; its
    dependency six is a direct runtime dependency of the project."""
    deps = index(UvLockSource(FIX / "uv-workspace" / "uv.lock").collect())
    assert "core" not in deps and "webapp" not in deps
    assert deps["six"].direct and deps["six"].group == "runtime" and deps["six"].version == "1.16.0"
    assert deps["flask-sock"].direct and deps["flask"].direct is False
    assert deps["redis"].group == "optional:redis" and deps["pytest"].group == "dev"
    assert len(deps) == 19


def test_uv_workspace_folder_lists_no_member(monkeypatch):
    """Read as a project folder (pyproject.toml + uv.lock), the member declared with
    `{workspace = true}` is not a dependency either."""
    from reportgen import sources

    found = sources.collect(FIX / "uv-workspace")
    names = {d.name.lower() for d in found}
    assert "core" not in names and "webapp" not in names
    assert {"six", "flask-sock", "redis", "pytest"} <= names


def test_uv_lock_broken(tmp_path: Path):
    path = tmp_path / "uv.lock"
    text = (FIX / "uv" / "uv.lock").read_text()
    path.write_text(text.replace('version = "3.1.3"', "version = 3.1.3", 1))
    with pytest.raises(SourceError) as err:
        list(UvLockSource(path).collect())
    line = text[: text.index('version = "3.1.3"')].count("\n") + 1
    assert str(err.value).startswith(f"{path}:{line}:"), str(err.value)
    path.write_text("version = 1\n")
    with pytest.raises(SourceError, match=r"uv.lock:1:1: no \[\[package\]\] entries"):
        list(UvLockSource(path).collect())


# poetry.lock (Poetry 2.5.1, `poetry lock`) ------------------------------------
def test_poetry_lock_with_pyproject():
    deps = index(PoetryLockSource(FIX / "poetry" / "poetry.lock").collect())
    assert deps["flask"].version == "3.1.3" and deps["flask"].direct
    assert deps["flask"].requires == ("blinker", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug")
    assert deps["redis"].group == "optional:cache" and deps["redis"].direct
    assert deps["async-timeout"].group == "optional:cache" and not deps["async-timeout"].direct
    assert deps["pytest"].group == "dev"
    assert deps["mkdocs"].group == "docs"
    assert deps["click"].group == "runtime"  # flask needs it; mkdocs too
    assert deps["colorama"].group in ("dev", "docs")
    assert deps["flask"].extra["description"].startswith("A simple framework")


def test_poetry_lock_alone_uses_lock_groups(tmp_path: Path):
    shutil.copy(FIX / "poetry" / "poetry.lock", tmp_path / "poetry.lock")
    deps = index(PoetryLockSource(tmp_path / "poetry.lock").collect())
    assert deps["flask"].group == "runtime" and deps["flask"].direct
    assert deps["redis"].group == "optional:cache"
    assert deps["pytest"].group == "dev" and deps["mkdocs"].group == "docs"
    assert deps["werkzeug"].direct is False


def test_poetry_lock_old_category_format(tmp_path: Path):
    """Poetry < 1.5 wrote ``category = "main" | "dev"`` (file written by hand after that format)."""
    (tmp_path / "poetry.lock").write_text(
        '[[package]]\nname = "six"\nversion = "1.16.0"\ndescription = "x"\ncategory = "main"\n'
        'optional = false\npython-versions = "*"\n\n'
        '[[package]]\nname = "pytest"\nversion = "7.0.0"\ndescription = "y"\ncategory = "dev"\n'
        'optional = false\npython-versions = "*"\n\n[package.dependencies]\nsix = ">=1"\n\n'
        '[metadata]\nlock-version = "1.1"\npython-versions = "^3.8"\ncontent-hash = "0"\n'
    )
    deps = index(PoetryLockSource(tmp_path / "poetry.lock").collect())
    assert deps["six"].group == "runtime" and deps["six"].direct is False
    assert deps["pytest"].group == "dev" and deps["pytest"].requires == ("six",)


# Pipfile.lock (pipenv 2026.10.3, `pipenv lock`) -------------------------------
def test_pipfile_lock():
    deps = index(PipfileLockSource(FIX / "pipenv" / "Pipfile.lock").collect())
    assert deps["requests"].version == "2.34.2" and deps["requests"].direct
    assert deps["six"].version == "1.16.0" and deps["six"].direct
    assert deps["certifi"].direct is False and deps["certifi"].group == "runtime"
    assert deps["pytest"].group == "dev" and deps["pytest"].direct
    assert deps["pluggy"].group == "dev" and not deps["pluggy"].direct
    assert deps["certifi"].extra["markers"] == "python_version >= '3.7'"
    data = json.loads((FIX / "pipenv" / "Pipfile.lock").read_text())
    assert set(deps) == set(data["default"]) | set(data["develop"])


def test_pipfile():
    deps = index(PipfileSource(FIX / "pipenv" / "Pipfile").collect())
    assert deps["six"].version == "1.16.0"
    assert deps["requests"].specifier == ">=2.31" and deps["requests"].version is None
    assert deps["pytest"].group == "dev" and deps["pytest"].specifier is None


def test_pipfile_lock_broken(tmp_path: Path):
    path = tmp_path / "Pipfile.lock"
    path.write_text('{\n  "default": {\n    "six": {"version": "==1.16.0",}\n  }\n}\n')
    with pytest.raises(SourceError) as err:
        list(PipfileLockSource(path).collect())
    assert str(err.value).startswith(f"{path}:3:35: JSON syntax error"), str(err.value)
