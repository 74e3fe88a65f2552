"""``reportgen explain``: explain a license id, an SPDX expression, or a package's license."""

from __future__ import annotations

import json
import textwrap

import click


def _wrap(label: str, text: str, width: int = 100) -> str:
    pad = " " * 16
    body = textwrap.fill(text, width=width, initial_indent=pad, subsequent_indent=pad,
                         break_on_hyphens=False, break_long_words=False)
    return f"{label:<16}{body[16:]}"


def _format_text(data: dict) -> str:
    lines: list[str] = []
    pkg = data.get("package")
    if pkg:
        dep = pkg["dependency"]
        where = {"installed": "installed", "node_modules": "node_modules", "declared": "declared, not installed",
                 "technology": "known technology"}.get(dep.get("found", ""), dep.get("found", ""))
        lines.append(_wrap("Package:", f"{dep['name']} {dep.get('version') or ''} [{dep['ecosystem']}, {where}]"
                           .replace("  ", " ")))
        lines.append(_wrap("Repository:", f"{pkg['repository'] or '(none found)'}  <- {pkg['repository_source']}"))
        lic = pkg["license"]
        lines.append(_wrap("Identified:", f"{lic['expression']} (confidence {lic['confidence']:.2f}; {lic['reason']})"))
        for ev in lic["evidence"][:6]:
            lines.append(_wrap("", f"- {ev['source']}: {ev['expression'] or '-'} ({ev['confidence']:.2f})"))
        if dep.get("note"):
            lines.append(_wrap("Note:", dep["note"]))
    exp = data.get("explanation")
    if exp:
        lines.append(_wrap("License:", exp["expression"]))
        lines.append(_wrap("Type:", exp["short"]))
        category = exp["category"] + (f" (least restrictive choice: {exp['choice']})" if exp.get("choice") else "")
        lines.append(_wrap("Category:", category))
        lines.append(_wrap("Description:", exp["description"]))
        lines.append(_wrap("Restrictions:", exp["restrictions"]))
        for note in exp["notes"]:
            lines.append(_wrap("Note:", note))
        if exp["generic"]:
            lines.append(_wrap("Generic:", ", ".join(exp["generic"])
                               + ": no hand-written notes; category from ScanCode LicenseDB"))
        for facts in exp["licenses"]:
            lines.append("")
            head = f"{facts['spdx_id']}: {facts['name']} [{facts['category']}]"
            lines.append(_wrap("  " + ("exception" if facts["kind"] == "exception" else "license"), head))
            for key in ("permissions", "conditions", "limitations"):
                if facts.get(key):
                    lines.append(_wrap(f"    {key[:11]}", ", ".join(facts[key])))
            if facts.get("relaxes"):
                lines.append(_wrap("    relaxes", facts["relaxes"]))
            for src in facts["sources"]:
                lines.append(_wrap("    source", src))
    elif pkg:
        lines.append(_wrap("License:", "NOASSERTION: nothing to explain; read the package's license files"))
    return "\n".join(lines)


def _package_dict(report) -> dict:
    dep = report.dependency
    return {
        "dependency": {"name": dep.name, "version": dep.version, "ecosystem": dep.ecosystem, "source": dep.source,
                       "location": dep.location, "purl": dep.purl, "found": dep.extra.get("found"),
                       "note": dep.extra.get("note")},
        "license": {
            "expression": report.license.expression,
            "confidence": report.license.confidence,
            "reason": report.license.reason,
            "evidence": [{"matcher": e.matcher, "source": e.source, "expression": e.expression,
                          "confidence": e.confidence, "detail": e.detail} for e in report.license.evidence],
        },
        "repository": report.repository,
        "repository_source": report.repository_source,
    }


def run(subject: str, as_: str = "auto", python: str | None = None, project: str | None = None) -> dict:
    """The data ``reportgen explain`` prints (also used by tests)."""
    from reportgen.errors import InputError
    from reportgen.knowledge.explain import explain
    from reportgen.knowledge.packages import PackageNotFound, resolve

    license_error = None
    if as_ in ("auto", "license"):
        try:
            return {"input": subject, "kind": "license", "explanation": explain(subject).to_dict()}
        except InputError as err:
            license_error = err
            if as_ == "license":
                raise
    try:
        report = resolve(subject, project_dir=project, python=python)
    except PackageNotFound as err:
        if as_ == "package" or license_error is None:
            raise
        hint = license_error.hint if license_error.hint and "did you mean" in license_error.hint else err.hint
        raise InputError(f"{subject!r} is neither a license expression nor a known package", hint=hint) from None
    out = {"input": subject, "kind": "package", "package": _package_dict(report)}
    if report.license.known:
        out["explanation"] = explain(report.license.expression).to_dict()
    return out


@click.command(name="explain")
@click.argument("subject", metavar="LICENSE_OR_PACKAGE")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--python", "python", metavar="PATH", help="Interpreter or venv whose installed packages to read.")
@click.option("--project", "project", metavar="DIR", type=click.Path(file_okay=False),
              help="Project folder: its node_modules and dependency files are searched too.")
@click.option("--as", "as_", type=click.Choice(["auto", "license", "package"]), default="auto", show_default=True,
              help="Read the argument as a license expression, a package, or try both (license first).")
def command(subject: str, fmt: str, python: str | None, project: str | None, as_: str) -> None:
    """Explain a license id, an SPDX expression, or an installed/declared package's license.

    \b
    Examples:
      reportgen explain MIT
      reportgen explain "MIT OR Apache-2.0"
      reportgen explain "GPL-2.0-or-later WITH Classpath-exception-2.0"
      reportgen explain flask-sock --python .venv
      reportgen explain pkg:docker/redis@7.2
    """
    data = run(subject, as_=as_, python=python, project=project)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(_format_text(data))
