"""identify() dispatch and identify_distribution() on really installed distributions."""

from __future__ import annotations

import shutil
import subprocess
import sys

from reportgen.licenses.identify import identify, identify_distribution, identify_metadata, read_metadata
from reportgen.model import NOASSERTION, Dependency

from .helpers import dist_info, installed_license


def test_identify_dispatches_pypi_with_location():
    dep = Dependency("packaging", "26.4", location=str(dist_info("packaging")))
    found = identify(dep)
    assert found.expression == "Apache-2.0 OR BSD-2-Clause"
    assert found.confidence == 1.0


def test_identify_without_location_says_why():
    found = identify(Dependency("requests", "2.0"))
    assert found.expression == NOASSERTION
    assert found.reason == "not installed; no metadata (try --online)"
    found = identify(Dependency("nginx", ecosystem="system"))
    assert found.expression == NOASSERTION


def test_installed_distributions_of_the_test_environment():
    expected = {"click": "BSD-3-Clause", "attrs": "MIT", "cffi": "MIT-0", "hypothesis": "MPL-2.0",
                "typing_extensions": "PSF-2.0", "Pygments": "BSD-2-Clause", "defusedxml": "PSF-2.0",
                "six": "MIT", "Jinja2": "BSD-3-Clause"}
    for name, spdx in expected.items():
        found = identify_distribution(dist_info(name))
        assert found.expression == spdx, (name, found)
        assert found.confidence >= 0.9, (name, found)


def test_metadata_reader_handles_multiline_license_field(tmp_path):
    d = tmp_path / "demo-1.0.dist-info"
    d.mkdir()
    mit = installed_license("attrs", "LICENSE")
    folded = "\n        ".join(mit.splitlines())
    (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nLicense: {folded}\n"
                                "Classifier: License :: OSI Approved :: MIT License\n\nLong description\n")
    fields, origin = read_metadata(d)
    assert fields["License"][0].startswith("The MIT License")
    assert "Permission is hereby granted" in fields["License"][0]
    found = identify_distribution(d)
    assert found.expression == "MIT"


def test_license_in_the_package_folder_found_via_record(tmp_path):
    """A dist-info without license files: the LICENSE inside the package folder is used."""
    site = tmp_path / "site"
    src = dist_info("six")
    d = site / src.name
    shutil.copytree(src, d)
    for f in list(d.iterdir()):
        if f.name.upper().startswith(("LICENSE", "COPYING")):
            f.unlink()
    shutil.rmtree(d / "licenses", ignore_errors=True)
    (d / "RECORD").write_text("sixpkg/__init__.py,,\nsixpkg/LICENSE,,\n" + (d / "RECORD").read_text())
    (site / "sixpkg").mkdir()
    (site / "sixpkg" / "LICENSE").write_text(installed_license("six", "LICENSE"))
    (d / "top_level.txt").unlink(missing_ok=True)
    found = identify_distribution(d)
    assert found.expression == "MIT"
    assert any(e.source == "sixpkg/LICENSE" and e.expression == "MIT" for e in found.evidence)


def test_egg_info_made_by_setuptools(tmp_path):
    project = tmp_path / "demo"
    (project / "demo").mkdir(parents=True)
    (project / "demo" / "__init__.py").write_text("")
    (project / "demo" / "LICENSE").write_text(installed_license("click", "LICENSE.txt"))
    (project / "setup.py").write_text(
        "from setuptools import setup\n"
        "setup(name='demo', version='1.0', packages=['demo'], license='BSD',\n"
        "      classifiers=['License :: OSI Approved :: BSD License'])\n")
    subprocess.run([sys.executable, "setup.py", "-q", "egg_info"], cwd=project, check=True,
                   capture_output=True)
    egg = next(project.glob("*.egg-info"))
    fields, origin = read_metadata(egg)
    assert origin == "PKG-INFO"
    found = identify_distribution(egg)
    assert found.expression == "BSD-3-Clause"  # "BSD" made precise by demo/LICENSE
    assert found.confidence >= 0.8


def test_identify_metadata_with_pypi_json_shape():
    """--online feeds PyPI JSON data (info.license, info.license_expression, info.classifiers)."""
    found = identify_metadata({"License-Expression": ["MIT OR Apache-2.0"], "License": [""],
                               "Classifier": ["License :: OSI Approved :: MIT License"]}, {}, origin="PyPI JSON")
    assert found.expression == "MIT OR Apache-2.0"
    assert found.evidence[0].source == "PyPI JSON:License-Expression"


def test_header_reader_agrees_with_the_email_parser_on_installed_metadata(corpus_env):
    """parse_headers replaces email.parser for speed: on every METADATA / PKG-INFO installed
    here and in the corpus venv it must read the same fields (folded License texts included)."""
    import site
    from pathlib import Path

    from reportgen.licenses.identify import _email_headers, parse_headers

    folders = {Path(p) for p in site.getsitepackages() + sys.path if p and Path(p).is_dir()}
    folders.add(Path(corpus_env[1]))
    checked = folded = 0
    for folder in folders:
        for meta in [*folder.glob("*.dist-info/METADATA"), *folder.glob("*.egg-info/PKG-INFO")]:
            head = meta.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0] + "\n"
            fields = parse_headers(head)
            assert fields == _email_headers(head), meta
            checked += 1
            folded += any("\n" in v for v in fields.get("License", []))
    assert checked > 200 and folded > 5
