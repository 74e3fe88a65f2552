"""npm: package.json license forms, on real packages' package.json and license files
(tests/licenses/fixtures/npm, made by tools/make_npm_fixtures.sh with `npm pack`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.licenses.expression import equivalent
from reportgen.licenses.identify import identify, identify_npm
from reportgen.model import NOASSERTION, Dependency

FIXTURES = Path(__file__).parent / "fixtures" / "npm"


def load(name: str) -> tuple[Path, dict]:
    folder = FIXTURES / name
    return folder, json.loads((folder / "package.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name, expected, min_conf",
    [
        ("ws", "MIT", 0.9),
        ("tslib", "0BSD", 0.9),
        ("spdx-license-list", "CC0-1.0", 0.9),
        ("type-fest", "MIT OR CC0-1.0", 0.9),  # (MIT OR CC0-1.0) with license-mit and license-cc0
        ("pako", "MIT AND Zlib", 0.9),
        ("nopt", "MIT", 0.9),  # license object {type, url}
        ("mkdirp", "MIT", 0.9),  # "MIT/X11"
        ("json-schema", "AFL-2.1 OR BSD-3-Clause", 0.0),  # old "licenses" array -> OR
    ],
)
def test_real_packages(name, expected, min_conf):
    folder, manifest = load(name)
    found = identify_npm(folder, manifest)
    assert found.expression == expected, found
    assert found.confidence >= min_conf, found


def test_licenses_array_with_a_vague_name_is_not_confident():
    folder, manifest = load("esprima")  # licenses: [{type: "BSD"}], no license file in the package
    found = identify_npm(folder, manifest)
    assert found.expression == "BSD-3-Clause" and found.confidence < 0.5


@pytest.mark.parametrize("name", ["highcharts", "ag-grid-enterprise"])
def test_commercial_licenses_are_noassertion(name):
    folder, manifest = load(name)  # "https://www.highcharts.com/license", "Commercial"
    found = identify_npm(folder, manifest)
    assert found.expression == NOASSERTION
    assert found.evidence


def test_see_license_in_reads_the_file(tmp_path):
    shutil.copy(FIXTURES / "ws" / "LICENSE", tmp_path / "LICENSE.md")
    found = identify_npm(tmp_path, {"name": "x", "license": "SEE LICENSE IN LICENSE.md"})
    assert found.expression == "MIT"
    missing = identify_npm(tmp_path, {"name": "x", "license": "SEE LICENSE IN ../../etc/passwd"})
    assert "file not found" in missing.evidence[0].detail


def test_unlicensed_is_proprietary():
    found = identify_npm(None, {"name": "x", "license": "UNLICENSED"})
    assert found.expression == NOASSERTION
    assert found.reason == "proprietary: UNLICENSED"


def test_identify_npm_dependency_reads_package_json_from_location():
    dep = Dependency("tslib", "2.9.1", ecosystem="npm", location=str(FIXTURES / "tslib"))
    assert identify(dep).expression == "0BSD"
    manifest_only = Dependency("ws", "8.23.0", ecosystem="npm", extra={"manifest": {"license": "MIT"}})
    found = identify(manifest_only)
    assert found.expression == "MIT" and found.confidence >= 0.9
    nothing = identify(Dependency("left-pad", ecosystem="npm"))
    assert nothing.expression == NOASSERTION


def test_node_modules_from_the_sources_fixtures():
    """Dependencies as the npm source reports them (tests/sources/fixtures/node-modules, real packages)."""
    project = Path(__file__).parents[1] / "sources" / "fixtures" / "node-modules"
    if not (project / "node_modules").is_dir():
        pytest.skip("the sources fixtures are not there")
    seen = 0
    for manifest_path in sorted((project / "node_modules").rglob("package.json")):
        folder = manifest_path.parent
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(manifest.get("license"), str) or "name" not in manifest:
            continue
        dep = Dependency(manifest["name"], manifest.get("version"), ecosystem="npm", location=str(folder))
        found = identify(dep)
        assert found.known, (folder, found)
        assert equivalent(found.expression, manifest["license"]), (folder, found)
        seen += 1
    assert seen >= 3
