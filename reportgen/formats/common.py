"""What every format shows of a package: one flat record per report."""

from __future__ import annotations

from typing import Any

from reportgen.model import PackageReport


def confidence_text(value: float) -> str:
    return f"{value:.2f}"


def record(report: PackageReport) -> dict[str, Any]:
    """The JSON-ready record of one package (the JSON format is a list of these)."""
    dep = report.dependency
    finding = report.license
    return {
        "name": dep.name,
        "version": dep.version,
        "ecosystem": dep.ecosystem,
        "license": finding.expression,
        "confidence": round(float(finding.confidence), 4),
        "reason": finding.reason,
        "evidence": [
            {
                "matcher": ev.matcher,
                "source": ev.source,
                "expression": ev.expression,
                "confidence": round(float(ev.confidence), 4),
                "detail": ev.detail,
            }
            for ev in finding.evidence
        ],
        "direct": dep.direct,
        "group": dep.group,
        "repository": report.repository,
        "repository_source": report.repository_source,
        "requires": list(dep.requires),
        "purl": dep.purl,
        "source": dep.source,
        "location": dep.location,
    }


#: Columns of the flat formats (table, CSV, Markdown): (key, heading).
TABLE_COLUMNS = (
    ("name", "Name"),
    ("version", "Version"),
    ("license", "License"),
    ("confidence", "Confidence"),
    ("group", "Group"),
    ("direct", "Direct"),
)


def cell(report: PackageReport, key: str) -> str:
    """The text of one table cell."""
    dep = report.dependency
    if key == "name":
        return dep.name
    if key == "version":
        return dep.version or ""
    if key == "ecosystem":
        return dep.ecosystem
    if key == "license":
        return report.license.expression
    if key == "confidence":
        return confidence_text(report.license.confidence)
    if key == "group":
        return dep.group
    if key == "direct":
        return "yes" if dep.direct else "no"
    if key == "repository":
        return report.repository or ""
    if key == "purl":
        return dep.purl
    if key == "source":
        return dep.source or ""
    if key == "reason":
        return report.license.reason
    raise KeyError(key)
