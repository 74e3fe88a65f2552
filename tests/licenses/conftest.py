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
import subprocess
import sys
import sysconfig
import venv
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
LABELS = HERE / "corpus" / "labels.toml"
#: The wheels were chosen for CPython 3.11 on manylinux x86-64; fetch exactly those on any machine.
PLATFORM_ARGS = [
    "--python-version", "3.11", "--implementation", "cp", "--platform", "manylinux_2_17_x86_64",
    "--platform", "manylinux2014_x86_64", "--platform", "manylinux_2_28_x86_64", "--platform", "any",
]


def load_labels() -> list[dict]:
    with open(LABELS, "rb") as handle:
        return tomllib.load(handle)["package"]


def cache_root() -> Path:
    root = Path(os.environ.get("REPORTGEN_TEST_CACHE", Path.home() / ".cache" / "reportgen-tests"))
    digest = hashlib.sha256(LABELS.read_bytes()).hexdigest()[:16]
    return root / f"corpus-{digest}"


def _download(wheel_dir: Path, specs: list[str]) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
           *PLATFORM_ARGS, "-d", str(wheel_dir), *specs]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def _site_packages(env_dir: Path) -> Path:
    paths = sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})
    return Path(paths["purelib"])


def build_corpus_env() -> tuple[Path, Path]:
    """(venv python, its site-packages) with every labelled wheel unpacked; cached."""
    root = cache_root()
    env_dir = root / "venv"
    site = _site_packages(env_dir)
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
    site = _site_packages(env_dir)
    site.mkdir(parents=True, exist_ok=True)
    for p in labels:
        with zipfile.ZipFile(wheel_dir / p["wheel"]) as zf:
            members = [m for m in zf.namelist() if ".data/" not in m.split("/", 1)[0] + "/"]
            zf.extractall(site, members=members)
    done.write_text("ok\n")
    return python, site


@pytest.fixture(scope="session")
def corpus_env() -> tuple[Path, Path]:
    return build_corpus_env()


@pytest.fixture(scope="session")
def corpus_labels() -> list[dict]:
    return load_labels()
