"""Reading real license files from packages installed in the test environment."""

from __future__ import annotations

from importlib.metadata import distribution
from pathlib import Path


def dist_info(name: str) -> Path:
    dist = distribution(name)
    return Path(dist._path)  # type: ignore[attr-defined]


def installed_license(name: str, filename: str) -> str:
    """The text of a license file of an installed distribution (dist-info/licenses/ or dist-info/)."""
    base = dist_info(name)
    for candidate in (base / "licenses" / filename, base / filename):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError(f"{name}: {filename}")
