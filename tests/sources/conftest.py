"""Shared fixtures for the dependency-source tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

#: What the small venv gets (exact pins, so the assertions can be exact).
SMALL_VENV_PACKAGES = [
    "six==1.16.0",
    "attrs==23.2.0",
    "requests[socks]==2.31.0",
    "certifi==2024.2.2",
    "charset-normalizer==3.3.2",
    "idna==3.6",
    "urllib3==2.2.1",
    "PySocks==1.7.1",
]


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def small_venv(tmp_path_factory) -> Path:
    """A real virtual environment with a few real packages from PyPI (built once per run)."""
    root = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, capture_output=True)
    python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    proc = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
            *SMALL_VENV_PACKAGES,
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"could not build the test venv from PyPI: {proc.stderr.strip().splitlines()[-1:]}")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    """An empty project folder."""
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def copy_fixture(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(FIXTURES / name, target, symlinks=True)
    return target
