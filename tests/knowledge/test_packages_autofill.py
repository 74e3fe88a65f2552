"""resolve() and autofill() on real packages installed from PyPI into a real venv."""

from __future__ import annotations


import pytest

from reportgen.knowledge.autofill import autofill
from reportgen.knowledge.packages import PackageNotFound, parse_spec, resolve
from reportgen.notes import load_text


@pytest.mark.parametrize(("spec", "expected"), [
    ("flask-sock", ("flask-sock", None, None)),
    ("flask-sock==0.7.0", ("flask-sock", "0.7.0", None)),
    ("pkg:pypi/flask-socketio@5.3.6", ("flask-socketio", "5.3.6", "pypi")),
    ("pkg:npm/ws@8.13.0", ("ws", "8.13.0", "npm")),
    ("pkg:npm/%40babel/core@7.0.0", ("@babel/core", "7.0.0", "npm")),
    ("ws@8.13.0", ("ws", "8.13.0", "npm")),
])
def test_parse_spec(spec, expected):
    s = parse_spec(spec)
    assert (s.name, s.version, s.ecosystem) == expected


@pytest.mark.slow
def test_resolve_installed_package(web_venv):
    report = resolve("flask-sock", python=web_venv)
    assert report.dependency.version == "0.7.0" and report.dependency.extra["found"] == "installed"
    assert report.license.expression == "MIT"
    assert report.repository == "https://github.com/miguelgrinberg/flask-sock"
    assert report.repository_source


@pytest.mark.slow
def test_resolve_purl_and_version_mismatch_note(web_venv):
    report = resolve("pkg:pypi/flask-socketio@5.3.5", python=web_venv)
    assert report.dependency.version == "5.3.6"
    assert "5.3.5" in report.dependency.extra["note"]


def test_resolve_technology_and_unknown():
    assert resolve("pkg:docker/redis@7.2").license.expression == "BSD-3-Clause"
    with pytest.raises(PackageNotFound):
        resolve("surely-not-a-package-xyz")


NOTES = """\
technology: Flask-Sock
package: flask-sock
general:
  code_repository: auto
  license_type: MIT
  license_description: Our own words about MIT.
sections: []
"""


@pytest.mark.slow
def test_autofill_keeps_hand_values_and_fills_auto_ones(web_venv):
    notes = load_text(NOTES, "reports/flask-sock.yaml")
    filled = autofill(notes, python=web_venv)
    g = filled.general
    assert g.license_type == "MIT" and g.license_description == "Our own words about MIT."
    assert g.code_repository == "https://github.com/miguelgrinberg/flask-sock"
    assert "not" not in filled.provenance["code_repository"][:4]
    assert "flask-sock 0.7.0 (installed)" in filled.provenance["code_repository"]
    assert g.license_restrictions and "notice" in g.license_restrictions
    assert "flask-sock 0.7.0" in filled.provenance["license_restrictions"]
    assert "license_type" not in filled.provenance and "license_description" not in filled.provenance
    assert notes.general.code_repository == "auto"  # the input is not changed


@pytest.mark.slow
def test_autofill_from_technology_name_and_license_provenance(web_venv):
    notes = load_text("technology: Flask\nsections: []\n", "reports/flask.yaml")
    filled = autofill(notes, python=web_venv)
    assert filled.general.license_type == "BSD-3-Clause"
    assert filled.general.code_repository == "https://github.com/pallets/flask"
    assert "flask 3.0.3 (installed)" in filled.provenance["license_type"].lower()


def test_autofill_of_a_known_server():
    notes = load_text("technology: MongoDB\nsections: []\n", "reports/mongo.yaml")
    filled = autofill(notes)
    assert filled.general.license_type == "SSPL-1.0"
    assert filled.general.code_repository == "https://github.com/mongodb/mongo"
    assert "known technology" in filled.provenance["license_type"]


def test_autofill_unknown_package_leaves_fields_and_says_why():
    notes = load_text("technology: Nothing Known\npackage: surely-not-a-package-xyz\nsections: []\n", "r.yaml")
    filled = autofill(notes)
    assert filled.general.license_type is None
    assert filled.provenance["license_type"].startswith("not filled:")


def test_autofill_with_nothing_to_fill_returns_the_notes_unchanged():
    text = ("technology: X\ngeneral:\n  code_repository: https://github.com/a/b\n  license_type: MIT\n"
            "  license_description: d\n  license_restrictions: r\nsections: []\n")
    notes = load_text(text, "r.yaml")
    assert autofill(notes) is notes
