"""Output of ``reportgen check``: plain text, JSON and JUnit XML, each a pure function of a CheckResult."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from reportgen.policy.evaluate import CheckResult, Outcome

#: Bumped when the JSON layout changes in a way readers notice.
JSON_SCHEMA_VERSION = 1


def _label(outcome: Outcome) -> str:
    dep = outcome.dependency
    prefix = "" if dep.ecosystem == "pypi" else f"{dep.ecosystem}:"
    return f"{prefix}{dep.name}" + (f" {dep.version}" if dep.version else "")


def _header(result: CheckResult) -> str:
    policy = result.policy
    parts = [f"policy: {policy.path or 'none found (built-in defaults)'}"]
    if result.project_license:
        parts.append(f"project license: {result.project_license}")
    parts.append(policy.distribution)
    return "; ".join(parts)


def render_text(result: CheckResult, *, verbose: bool = False) -> str:
    lines: list[str] = []
    counts = result.counts()
    total = len(result.outcomes)
    if result.passed:
        lines.append(f"reportgen check: passed, {total} dependencies ({_header(result)})")
    else:
        n = counts["fail"]
        lines.append(
            f"reportgen check: {n} {'dependency violates' if n == 1 else 'dependencies violate'} the policy, "
            f"of {total} ({_header(result)})"
        )
    for title, items in result.groups("problems").items():
        lines.append("")
        lines.append(f"{title} ({len(items)}):")
        for outcome, problem in items:
            lines.append(f"  {_label(outcome)}  {outcome.expression}")
            lines.append(f"    {problem.detail}")
            if len(outcome.path) > 1:
                lines.append(f"    path: {' -> '.join(outcome.path)}")
    warned = result.groups("warnings")
    if warned:
        lines.append("")
        lines.append("warnings (do not fail the check):")
        for title, items in warned.items():
            for outcome, problem in items:
                lines.append(f"  {_label(outcome)}  {outcome.expression}: {problem.detail}")
    excepted = [o for o in result.outcomes if o.status == "excepted"]
    if excepted:
        lines.append("")
        lines.append("excepted by the policy:")
        for outcome in excepted:
            assert outcome.exception is not None
            lines.append(f"  {_label(outcome)}  {outcome.expression}: {outcome.exception.reason}")
    if verbose:
        lines.append("")
        lines.append("all dependencies:")
        for outcome in result.outcomes:
            chosen = f" (using {outcome.chosen})" if outcome.chosen and outcome.chosen != outcome.expression else ""
            lines.append(f"  {outcome.status:8} {_label(outcome)}  {outcome.expression}{chosen}")
            for note in outcome.notes:
                lines.append(f"           {note}")
            for compat in outcome.compatibility:
                lines.append(f"           {compat.verdict}: {compat.reason}")
    for warning in result.warnings:
        lines.append(f"note: {warning}")
    lines.append(
        f"{counts['pass']} passed, {counts['fail']} failed, {counts['warn']} warned, {counts['excepted']} excepted"
    )
    return "\n".join(lines) + "\n"


def _outcome_dict(outcome: Outcome) -> dict[str, Any]:
    dep = outcome.dependency
    return {
        "name": dep.name,
        "version": dep.version,
        "ecosystem": dep.ecosystem,
        "purl": dep.purl,
        "group": dep.group,
        "direct": dep.direct,
        "expression": outcome.expression,
        "confidence": outcome.finding.confidence,
        "status": outcome.status,
        "chosen": outcome.chosen,
        "path": list(outcome.path),
        "problems": [vars(p) | {} for p in outcome.problems],
        "warnings": [vars(p) | {} for p in outcome.warnings],
        "notes": list(outcome.notes),
        "compatibility": [
            {
                "verdict": c.verdict,
                "reason": c.reason,
                "dependency": c.dependency,
                "project": c.project,
                "mode": c.mode,
                "sources": list(c.sources),
            }
            for c in outcome.compatibility
        ],
        "exception": (
            {"package": outcome.exception.package, "version": outcome.exception.version, "reason": outcome.exception.reason}
            if outcome.exception
            else None
        ),
    }


def to_dict(result: CheckResult) -> dict[str, Any]:
    policy = result.policy
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "result": "pass" if result.passed else "fail",
        "exit_code": result.exit_code,
        "project": {
            "name": result.project_name,
            "license": result.project_license,
            "license_source": result.project_license_source,
            "distribution": policy.distribution,
        },
        "policy": {
            "path": policy.path,
            "allow": [str(r) for r in policy.allow],
            "deny": [str(r) for r in policy.deny],
            "unknown": policy.unknown,
            "compatibility": policy.compatibility,
            "only": list(policy.only) if policy.only else None,
        },
        "counts": result.counts(),
        "violations": {
            title: [
                {"name": o.dependency.name, "version": o.dependency.version, "detail": p.detail, "path": list(o.path)}
                for o, p in items
            ]
            for title, items in result.groups("problems").items()
        },
        "warnings": list(result.warnings),
        "dependencies": [_outcome_dict(o) for o in result.outcomes],
    }


def render_json(result: CheckResult) -> str:
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"


def render_junit(result: CheckResult) -> str:
    """JUnit XML: one testcase per dependency, a <failure> per violation (CI test-report viewers read it)."""
    counts = result.counts()
    suites = ET.Element("testsuites", name="reportgen check", tests=str(len(result.outcomes)), failures=str(counts["fail"]), errors="0")
    suite = ET.SubElement(
        suites, "testsuite", name="reportgen license policy", tests=str(len(result.outcomes)),
        failures=str(counts["fail"]), errors="0", skipped="0",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="policy", value=result.policy.path or "")
    ET.SubElement(props, "property", name="project_license", value=result.project_license or "")
    ET.SubElement(props, "property", name="distribution", value=result.policy.distribution)
    for outcome in result.outcomes:
        dep = outcome.dependency
        case = ET.SubElement(suite, "testcase", classname=f"reportgen.check.{dep.ecosystem}", name=_label(outcome))
        for problem in outcome.problems if outcome.status == "fail" else ():
            failure = ET.SubElement(case, "failure", message=problem.detail, type=problem.kind)
            failure.text = "\n".join(
                [f"license: {outcome.expression}", f"{problem.title}: {problem.detail}"]
                + ([f"path: {' -> '.join(outcome.path)}"] if outcome.path else [])
            )
        out = [f"license: {outcome.expression}", f"status: {outcome.status}"]
        if outcome.chosen and outcome.chosen != outcome.expression:
            out.append(f"using: {outcome.chosen}")
        out += [f"warning: {w.detail}" for w in outcome.warnings]
        out += [f"note: {n}" for n in outcome.notes]
        if outcome.exception:
            out.append(f"excepted: {outcome.exception.reason}")
        ET.SubElement(case, "system-out").text = "\n".join(out)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit}
