"""Fixtures for the license identification tests.

The corpus environment is built once and cached outside the repository, under
``$REPORTGEN_TEST_CACHE`` (default ``~/.cache/reportgen-tests``), in a folder
keyed by the hash of labels.toml: the exact wheels are downloaded from PyPI
with pip (``--only-binary :all:``, pinned versions and a fixed platform, so CI
gets the same files) and unpacked into the site-packages of a fresh venv.
"""

from __future__ import annotations

import hashlib
import os
import sys
import venv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

# The wheels were chosen for CPython 3.11 on manylinux x86-64 (pip_download fetches exactly
# those on any machine); the holdout corpus shares these helpers.
from .holdout_env import cache_base, load_labels as _load, pip_download, site_packages, unpack_wheel

HERE = Path(__file__).resolve().parent
LABELS = HERE / "corpus" / "labels.toml"


def load_labels() -> list[dict]:
    return _load(LABELS)


def cache_root() -> Path:
    digest = hashlib.sha256(LABELS.read_bytes()).hexdigest()[:16]
    return cache_base() / f"corpus-{digest}"


def _download(wheel_dir: Path, specs: list[str]) -> None:
    pip_download(sys.executable, wheel_dir, specs, sdist=False)


def build_corpus_env() -> tuple[Path, Path]:
    """(venv python, its site-packages) with every labelled wheel unpacked; cached."""
    root = cache_root()
    env_dir = root / "venv"
    site = site_packages(env_dir)
    done = root / "complete"
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if done.exists() and python.exists():
        return python, site
    labels = load_labels()
    wheel_dir = root / "wheels"
    wheel_dir.mkdir(parents=True, exist_ok=True)
    missing = [f"{p['name']}=={p['version']}" for p in labels if not (wheel_dir / p["wheel"]).exists()]
    if missing:
        chunks = [missing[i::6] for i in range(6)]
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda chunk: _download(wheel_dir, chunk) if chunk else None, chunks))
    venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)
    site = site_packages(env_dir)
    site.mkdir(parents=True, exist_ok=True)
    for p in labels:
        unpack_wheel(wheel_dir / p["wheel"], site)
    done.write_text("ok\n")
    return python, site


@pytest.fixture(scope="session")
def corpus_env() -> tuple[Path, Path]:
    return build_corpus_env()


@pytest.fixture(scope="session")
def corpus_labels() -> list[dict]:
    return load_labels()
