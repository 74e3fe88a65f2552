"""Fixtures: real sample projects and real virtual environments (pip from PyPI, built once per run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def make_venv(where: Path, *requirements: str) -> Path:
    """A real virtual environment with ``requirements`` installed by pip; returns its python."""
    venv.EnvBuilder(with_pip=False, clear=True).create(where)  # pip runs from outside (--python)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if requirements:
        pip_install(python, *requirements)
    return python


def pip_install(python: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "pip", "--python", str(python), "install", "--disable-pip-version-check", "-q", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"pip install {' '.join(args)} failed:\n{done.stderr[-2000:]}")


@pytest.fixture(scope="session")
def flask_python(tmp_path_factory) -> Path:
    """A venv with the Flask chat app's requirements (flask, flask-sock, pymongo and their dependencies)."""
    where = tmp_path_factory.mktemp("venv-flask") / "venv"
    return make_venv(where, "-r", str(FIXTURES / "flask-chat" / "requirements.txt"))


@pytest.fixture()
def project(tmp_path):
    """Copy a sample project into a fresh folder: project("flask-chat") -> Path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture()
def run_cli():
    """Run ``reportgen ARGS`` as a user would, in its own process; returns (exit code, stdout, stderr)."""

    def run(*args: str, cwd: Path | None = None, input: str | None = None):
        done = subprocess.run(
            [sys.executable, "-m", "reportgen", *map(str, args)],
            cwd=cwd, input=input or "", capture_output=True, text=True, timeout=300,
        )
        return done.returncode, done.stdout, done.stderr

    return run


@pytest.fixture()
def venvs():
    """The helpers above, for tests that build their own environment: venvs.make(dir, *reqs), venvs.pip(python, *args)."""

    class _Venvs:
        make = staticmethod(make_venv)
        pip = staticmethod(pip_install)

    return _Venvs
