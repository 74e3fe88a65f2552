"""Fixtures for the knowledge tests: a real venv with real packages from PyPI (built once per session)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

WEB_PACKAGES = ["flask==3.0.3", "flask-sock==0.7.0", "flask-socketio==5.3.6", "pymongo==4.8.0"]


@pytest.fixture(scope="session")
def web_venv(tmp_path_factory) -> Path:
    """A virtual environment with Flask, flask-sock, Flask-SocketIO and pymongo installed from PyPI."""
    cache = os.environ.get("REPORTGEN_TEST_VENV_CACHE")
    root = Path(cache) / "knowledge-web" if cache else tmp_path_factory.mktemp("knowledge") / "venv"
    python = root / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    marker = root / ".installed"
    if not marker.exists() or marker.read_text() != " ".join(WEB_PACKAGES):
        venv.EnvBuilder(with_pip=True, clear=True).create(root)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *WEB_PACKAGES],
            capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            pytest.skip(f"could not install {WEB_PACKAGES} from PyPI: {result.stderr.strip()[-300:]}")
        marker.write_text(" ".join(WEB_PACKAGES))
    return python
