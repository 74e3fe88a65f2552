"""Settings shared by every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _project_files_only(monkeypatch):
    """Tests see a project through its own files (and the --python they name).

    Outside tests, a project folder without a venv of its own is enriched with
    the environment reportgen runs in; the test venv holds many packages, which
    would make results depend on it.  Tests of that behaviour delete this
    variable themselves.
    """
    monkeypatch.setenv("REPORTGEN_NO_ACTIVE_ENV", "1")
