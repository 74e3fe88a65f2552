"""The bundled example reports, built with their `auto` general fields filled from the installed
packages (the test extra pins the versions the examples cite), match reviewed golden files.

The filled values were checked by hand once against the packages' own files (werkzeug 3.1.8:
BSD-3-Clause, repository pallets/werkzeug; flask-sock 0.7.0: MIT); after that the golden files
guard them.  Update after an intended change: REPORTGEN_UPDATE_GOLDEN=1 pytest tests/render.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.knowledge.autofill import autofill
from reportgen.notes import load
from reportgen.render import markdown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "reports").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_report_matches_golden(path, golden):
    notes = autofill(load(path), project_dir=ROOT)
    golden(f"reports/{path.stem}.md", markdown.render(notes))


def test_auto_fields_of_the_examples_are_filled_with_the_right_facts():
    filled = {p.stem: autofill(load(p), project_dir=ROOT) for p in EXAMPLES}
    headers = filled["werkzeug-http-headers"]
    assert headers.general.code_repository == "https://github.com/pallets/werkzeug"
    assert headers.general.license_type == "BSD-3-Clause"
    assert "endorse" in headers.general.license_description
    assert "installed" in headers.provenance["license_type"]
    sock = filled["flask-sock-websockets"]
    assert sock.general.license_type == "MIT"
    assert sock.general.code_repository == "https://github.com/miguelgrinberg/flask-sock"  # written by hand, kept
    assert "copyright notice" in sock.general.license_restrictions
