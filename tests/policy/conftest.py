"""Real environments for the policy tests, built once per test session.

- ``policy_venv``: a virtual environment with real PyPI packages (flask and its
  dependencies: BSD-3-Clause/MIT; chardet 4: LGPL-2.1-or-later; certifi: MPL-2.0;
  packaging: Apache-2.0 OR BSD-2-Clause; python-dateutil 2.9: BSD-3-Clause AND
  Apache-2.0 from its license file; mutagen: GPL-2.0-or-later) plus the small
  projects in ``fixtures/localpkgs`` (GPL WITH exceptions, AGPL, GPL-3.0-only,
  ``MIT OR GPL-3.0-only``, ``MIT AND GPL-3.0-only``, no license), built and
  installed by pip with setuptools.
- ``npm_app``: ``fixtures/npm-app`` (package.json + package-lock.json written by
  ``npm install``) installed with ``npm ci``.

Set ``REPORTGEN_POLICY_VENV`` to a folder to keep the venv between runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
LOCAL = ["linkdemo", "gccdemo", "agpldemo", "gpl3demo", "dualdemo", "bothdemo", "nolicense"]
FROM_PYPI = [
    "flask>=3",
    "chardet==4.0.0",
    "certifi",
    "packaging>=24.2",
    "python-dateutil==2.9.0.post0",
    "mutagen==1.48.1",
]
STAMP = "reportgen-policy-venv-3"


def _python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _build_venv(folder: Path) -> Path:
    python = _python(folder)
    if (folder / STAMP).exists() and python.exists():
        return python
    if folder.exists():
        shutil.rmtree(folder)
    venv.EnvBuilder(with_pip=True).create(folder)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "setuptools>=77", *FROM_PYPI], check=True, timeout=600)
    local = [str(FIXTURES / "localpkgs" / name) for name in LOCAL]
    subprocess.run([*pip, "--no-build-isolation", *local], check=True, timeout=600)
    (folder / STAMP).write_text("ok\n")
    return python


@pytest.fixture(scope="session")
def policy_venv(tmp_path_factory) -> Path:
    """The python of a venv with the packages above."""
    keep = os.environ.get("REPORTGEN_POLICY_VENV")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("policy") / "venv"
    try:
        return _build_venv(folder)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:  # pragma: no cover - needs PyPI
        pytest.skip(f"cannot build the test venv (PyPI unreachable?): {err}")


@pytest.fixture(scope="session")
def npm_app(tmp_path_factory) -> Path:
    npm = shutil.which("npm")
    if npm is None:  # pragma: no cover
        pytest.skip("npm is not installed")
    folder = tmp_path_factory.mktemp("npm") / "chat-app"
    shutil.copytree(FIXTURES / "npm-app", folder)
    try:
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=folder, check=True, timeout=600, capture_output=True,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:  # pragma: no cover
        pytest.skip(f"npm ci failed (registry unreachable?): {err}")
    return folder


def write_project(folder: Path, *, license_: str = "Apache-2.0", policy: str = "", name: str = "myapp") -> Path:
    """A project folder whose pyproject.toml declares the venv's packages (mutagen and agpldemo only for dev)."""
    folder.mkdir(parents=True, exist_ok=True)
    runtime = ["flask", "chardet", "certifi", "packaging", "python-dateutil", *[n for n in LOCAL if n != "agpldemo"]]
    text = (
        "[project]\n"
        f'name = "{name}"\nversion = "0.1.0"\nlicense = "{license_}"\n'
        f"dependencies = {runtime!r}\n".replace("'", '"')
        + '\n[dependency-groups]\ndev = ["mutagen", "agpldemo"]\n'
    )
    if policy:
        text += "\n[tool.reportgen.policy]\n" + policy.strip() + "\n"
    (folder / "pyproject.toml").write_text(text)
    return folder


@pytest.fixture(scope="session")
def env_project(policy_venv, tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("proj") / "myapp")


@pytest.fixture(scope="session")
def reports(policy_venv, env_project):
    """Every dependency of the project (all groups), identified from the venv."""
    from reportgen.inventory import inventory

    return inventory(env_project, python=policy_venv)


@pytest.fixture
def project(tmp_path):
    def make(policy: str = "", license_: str = "Apache-2.0") -> Path:
        return write_project(tmp_path / "myapp", license_=license_, policy=policy)

    return make


def _run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def run_cli():
    """``reportgen ARGS`` in a subprocess, as CI runs it."""
    return _run_cli
