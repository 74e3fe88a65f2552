"""Fill the report's general fields from the package the notes name.

Every ``general.*`` field that is missing or ``auto`` gets a value from the package
(``notes.package``, else the technology's name tried as a package or a known
technology); a value written by hand is kept exactly.  ``notes.provenance[field]``
says where each value came from, or why a field stayed empty.
"""

from __future__ import annotations

import copy
import dataclasses
import os

from reportgen.errors import ReportgenError

FIELDS = ("code_repository", "license_type", "license_description", "license_restrictions")


def _where(report) -> str:
    dep = report.dependency
    found = dep.extra.get("found", "")
    label = f"{dep.name} {dep.version}" if dep.version else dep.name
    return {
        "installed": f"{label} (installed)",
        "node_modules": f"{label} (node_modules)",
        "declared": f"{label} (declared in {dep.source})",
        "technology": f"{label} (known technology)",
    }.get(found, label)


def _license_source(report) -> str:
    finding = report.license
    if finding.evidence:
        best = max(finding.evidence, key=lambda e: e.confidence if e.expression else -1)
        source = best.source.replace("METADATA:", "METADATA ")
        return f"{source} of {_where(report)}"
    return f"{finding.reason or 'identification'} ({_where(report)})"


def _license_type(explanation) -> str:
    """The short label when it means the same as the expression (GPL-2.0 for GPL-2.0-only), else the expression."""
    from reportgen.licenses.expression import equivalent, is_valid

    if explanation.short != explanation.expression and is_valid(explanation.short) \
            and equivalent(explanation.short, explanation.expression):
        return explanation.short
    return explanation.expression


def autofill(notes, project_dir: str | os.PathLike[str] | None = None,
             python: str | os.PathLike[str] | None = None):
    """A copy of ``notes`` with every missing or ``auto`` general field filled, and its provenance."""
    general = notes.general
    wanted = [f for f in FIELDS if general.is_auto(f)]
    if not wanted:
        return notes
    filled = dataclasses.replace(notes, general=copy.copy(general), provenance=dict(notes.provenance))
    specs = [notes.package] if notes.package else []
    if notes.technology and notes.technology not in specs:
        specs.append(notes.technology)

    report = None
    errors = []
    from reportgen.knowledge.packages import resolve

    for spec in specs:
        try:
            report = resolve(spec, project_dir=project_dir, python=python)
            break
        except ReportgenError as err:
            errors.append(str(err))
    if report is None:
        why = "; ".join(errors) or "the notes name no package or technology"
        for name in wanted:
            filled.provenance[name] = f"not filled: {why}"
        return filled

    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    if report.repository:
        values["code_repository"] = report.repository
        sources["code_repository"] = f"{report.repository_source} of {_where(report)}"
    else:
        sources["code_repository"] = f"not filled: {report.repository_source or 'no repository'} ({_where(report)})"

    expression = report.license.expression
    if report.license.known:
        try:
            from reportgen.knowledge.explain import explain

            explanation = explain(expression)
        except ReportgenError as err:
            for name in ("license_type", "license_description", "license_restrictions"):
                sources[name] = f"not filled: {err}"
        else:
            lic_src = _license_source(report)
            values["license_type"] = _license_type(explanation)
            sources["license_type"] = lic_src
            values["license_description"] = explanation.description
            values["license_restrictions"] = explanation.restrictions
            kb_note = "reportgen knowledge base" + (
                f" (generic: {', '.join(explanation.generic)})" if explanation.generic else "")
            sources["license_description"] = f"{kb_note} for {explanation.expression}, from {lic_src}"
            sources["license_restrictions"] = sources["license_description"]
    else:
        reason = report.license.reason or "license not identified"
        for name in ("license_type", "license_description", "license_restrictions"):
            sources[name] = f"not filled: {reason} ({_where(report)})"

    for name in wanted:
        if values.get(name):
            setattr(filled.general, name, values[name])
        filled.provenance[name] = sources.get(name, "not filled")
    return filled
