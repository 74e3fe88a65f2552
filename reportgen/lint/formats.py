"""Output formats for lint findings: text, json, sarif (2.1.0). Pure functions returning str."""

from __future__ import annotations

import json

from reportgen.lint.base import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def text(findings: list[Finding]) -> str:
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.rule}] {f.message}\n" for f in findings)


def json_(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"


def sarif(findings: list[Finding], rules=None) -> str:
    from reportgen import __version__
    from reportgen.lint import registry

    rules = rules if rules is not None else registry.all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    driver_rules = []
    for r in rules:
        doc = r.doc()
        driver_rules.append({
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary()},
            "fullDescription": {"text": r.summary()},
            "help": {"text": doc, "markdown": doc},
            "defaultConfiguration": {"level": _SARIF_LEVEL.get(r.severity, "warning")},
        })
    results = []
    for f in findings:
        res = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message + (f" (fix: {f.fix})" if f.fix else "")},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path.replace("\\", "/")},
                    "region": {"startLine": f.line, "startColumn": f.column},
                },
                "logicalLocations": [{"fullyQualifiedName": f.field or "notes"}],
            }],
        }
        if f.code in index:
            res["ruleIndex"] = index[f.code]
        results.append(res)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "reportgen", "version": __version__,
                                "informationUri": "https://github.com/reportgen/reportgen", "rules": driver_rules}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": text, "json": json_, "sarif": sarif}
