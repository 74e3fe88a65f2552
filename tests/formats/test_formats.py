"""Each output format, on the same reports; parsed back with real parsers where one exists."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import datetime, timezone

import pytest

from reportgen.formats import FORMATS, render
from reportgen.formats.cyclonedx import bom, licenses_entry
from reportgen.model import NOASSERTION


def test_every_format_renders(reports):
    for name in FORMATS:
        text = render(name, reports)
        assert text.endswith("\n") and "Flask" in text


def test_unknown_format_is_refused(reports):
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", reports)


def test_json_records(reports):
    data = json.loads(render("json", reports))
    assert [r["name"] for r in data] == [r.dependency.name for r in reports]
    flask = data[0]
    for key in ("name", "version", "ecosystem", "license", "confidence", "evidence", "direct", "group", "repository", "requires", "purl"):
        assert key in flask
    assert flask["license"] == "BSD-3-Clause" and flask["purl"] == "pkg:pypi/flask@3.0.3"
    assert flask["evidence"][0] == {
        "matcher": "license-expression",
        "source": "METADATA:License-Expression",
        "expression": "BSD-3-Clause",
        "confidence": 0.99,
        "detail": "BSD-3-Clause",
    }
    assert flask["requires"] == ["werkzeug", "jinja2", "itsdangerous"]
    assert data[-3]["license"] == NOASSERTION and data[-3]["reason"].startswith("no license metadata")
    assert data[-2]["purl"] == "pkg:npm/%40types/node@20.1.0"


def test_table_aligns_columns(reports):
    lines = render("table", reports).splitlines()
    header, rule, *rows = lines
    assert header.split() == ["NAME", "VERSION", "LICENSE", "CONFIDENCE", "GROUP", "DIRECT"]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    for row in rows[: len(reports)]:
        # every value starts in its heading's column
        for key_start in starts[1:]:
            assert row[key_start - 2 : key_start] == "  " or row[key_start - 1] == " "
    psycopg = next(r for r in rows if r.startswith("psycopg2"))
    assert "LGPL-3.0-or-later WITH openvpn-openssl-exception" in psycopg
    assert lines[-1] == f"{len(reports)} packages, {len(reports) - 2} with a license, 2 NOASSERTION"


def test_csv_has_header_and_round_trips(reports):
    rows = list(csv.DictReader(io.StringIO(render("csv", reports))))
    assert len(rows) == len(reports)
    assert rows[0]["name"] == "Flask" and rows[0]["license"] == "BSD-3-Clause" and rows[0]["confidence"] == "0.99"
    odd = next(r for r in rows if r["name"] == "odd|name")
    assert odd["license"] == NOASSERTION and odd["direct"] == "yes"
    assert next(r for r in rows if r["name"] == "chardet")["group"] == "optional:speed"


def _gfm_cells(line: str) -> list[str]:
    # split on pipes not preceded by a backslash, as GFM does
    inner = line.strip()[1:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def test_markdown_is_a_gfm_table_with_escaped_pipes(reports):
    lines = render("markdown", reports).splitlines()
    header = _gfm_cells(lines[0])
    assert header == ["Name", "Version", "License", "Confidence", "Group", "Direct", "Repository"]
    assert all(set(c) <= set("-: ") for c in _gfm_cells(lines[1]))
    body = [_gfm_cells(line) for line in lines[2:]]
    assert all(len(cells) == len(header) for cells in body)
    assert ["odd|name", "1.0", NOASSERTION, "0.00", "runtime", "yes", ""] in body
    assert body[0][-1] == "<https://github.com/pallets/flask>"


def test_cyclonedx_licenses_shape():
    assert licenses_entry("MIT") == [{"license": {"id": "MIT", "acknowledgement": "concluded"}}]
    assert licenses_entry("MIT", "1.5") == [{"license": {"id": "MIT"}}]
    assert licenses_entry("MIT OR Apache-2.0", "1.5") == [{"expression": "MIT OR Apache-2.0"}]
    assert licenses_entry("GPL-2.0-only WITH Classpath-exception-2.0", "1.5") == [
        {"expression": "GPL-2.0-only WITH Classpath-exception-2.0"}
    ]
    assert licenses_entry("LicenseRef-scancode-public-domain", "1.5") == [{"expression": "LicenseRef-scancode-public-domain"}]
    assert licenses_entry(NOASSERTION) == []


def test_cyclonedx_structure(reports):
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    doc = bom(reports, project_name="demo", timestamp=when)
    assert doc["bomFormat"] == "CycloneDX" and doc["specVersion"] == "1.6" and doc["version"] == 1
    assert uuid.UUID(doc["serialNumber"].removeprefix("urn:uuid:"))
    assert doc["metadata"]["timestamp"] == "2026-01-02T03:04:05Z"
    assert doc["metadata"]["tools"]["components"][0]["name"] == "reportgen"
    flask = doc["components"][0]
    assert flask["type"] == "library" and flask["purl"] == "pkg:pypi/flask@3.0.3" and flask["bom-ref"] == flask["purl"]
    assert flask["externalReferences"] == [{"type": "vcs", "url": "https://github.com/pallets/flask"}]
    graph = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
    assert graph["pkg:pypi/flask@3.0.3"] == ["pkg:pypi/werkzeug@3.0.6", "pkg:pypi/jinja2@3.1.4", "pkg:pypi/itsdangerous@2.2.0"]
    assert graph["pkg:pypi/werkzeug@3.0.6"] == ["pkg:pypi/markupsafe@2.1.5"]  # requires name matched case-insensitively
    assert graph["project"][:1] == ["pkg:pypi/flask@3.0.3"] and "pkg:pypi/werkzeug@3.0.6" not in graph["project"]
    unknown = next(c for c in doc["components"] if c["name"] == "odd|name")
    assert "licenses" not in unknown
    assert bom(reports)["serialNumber"] != bom(reports)["serialNumber"]


@pytest.mark.parametrize("spec_version", ["1.5", "1.6"])
def test_cyclonedx_validates_against_the_official_schema(reports, spec_version):
    validation = pytest.importorskip("cyclonedx.validation.json")
    from cyclonedx.schema import SchemaVersion

    schema_version = {"1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6}[spec_version]
    text = render("cyclonedx", reports, spec_version=spec_version, project_name="demo")
    error = validation.JsonStrictValidator(schema_version).validate_str(text)
    assert error is None, str(error)


def test_cyclonedx_refuses_other_versions(reports):
    with pytest.raises(ValueError, match="unsupported CycloneDX version"):
        bom(reports, spec_version="1.2")
