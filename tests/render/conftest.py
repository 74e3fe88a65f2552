"""Fixtures for the render tests: sample notes and golden files.

Update the golden files after an intended change with
``REPORTGEN_UPDATE_GOLDEN=1 pytest tests/render`` (or ``pytest tests/render --update-golden``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False, help="rewrite tests/render/golden/*")


@pytest.fixture
def golden(request):
    update = request.config.getoption("--update-golden", default=False) or os.environ.get("REPORTGEN_UPDATE_GOLDEN") == "1"

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run with REPORTGEN_UPDATE_GOLDEN=1 to create it"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path}; if intended, run with REPORTGEN_UPDATE_GOLDEN=1"

    return check


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory):
    """The PDF of the cse312-v2 sample notes, built once per session."""
    from reportgen.notes import load
    from reportgen.render import html, markdown, pdf

    notes = load(FIXTURES / "socketio-v2.yaml")
    data = pdf.render(html.render(markdown.render(notes), notes.technology))
    path = tmp_path_factory.mktemp("pdf") / "socketio-v2.pdf"
    path.write_bytes(data)
    return path
