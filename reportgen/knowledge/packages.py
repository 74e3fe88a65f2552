"""Resolve a package spec to its license and code repository, saying where each came from.

A spec is ``"name"``, ``"name==1.2.3"`` or a purl (``pkg:pypi/flask-socketio@5.3.6``,
``pkg:npm/ws@8.13.0``, ``pkg:docker/redis@7.2``).  Places tried, in order:

1. the installed environment (``python=``; PyPI) or ``project_dir/node_modules`` (npm),
   identified by :mod:`reportgen.licenses.identify`;
2. the project's declared dependency files (:func:`reportgen.sources.collect`), which give a
   version but no license;
3. known non-package technologies (reportgen/data/technologies.yaml).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from reportgen.errors import InputError
from reportgen.model import NOASSERTION, Dependency, Evidence, LicenseFinding, PackageReport, normalize_name


class PackageNotFound(InputError):
    """The spec names nothing installed, declared or known."""


@dataclass(frozen=True)
class Spec:
    name: str
    version: str | None = None
    ecosystem: str | None = None  # None: not said (try PyPI, then npm, then technologies)


def parse_spec(spec: str) -> Spec:
    """Parse "name", "name==1.2.3", "name@1.2.3" (npm style) or a purl."""
    text = (spec or "").strip()
    if not text:
        raise InputError("empty package name", hint="write a name such as flask-sock, or a purl pkg:pypi/flask-sock")
    if text.startswith("pkg:"):
        m = re.match(r"^pkg:([a-zA-Z0-9.+-]+)/([^@?#]+)(?:@([^?#]+))?", text)
        if not m:
            raise InputError(f"not a package URL: {text!r}", hint="e.g. pkg:pypi/flask-socketio@5.3.6")
        kind = m.group(1).lower()
        name = unquote(m.group(2))
        if kind == "pypi":
            return Spec(name, m.group(3), "pypi")
        if kind == "npm":
            return Spec(name, m.group(3), "npm")
        if kind in ("docker", "oci"):
            return Spec(name.rsplit("/", 1)[-1] if name.startswith("library/") else name, m.group(3), "docker")
        return Spec(name, m.group(3), "system")
    if text.startswith("@") or (("@" in text) and "==" not in text and "/" not in text.split("@", 1)[0] and not text.startswith("git")):
        # npm style name@version or @scope/name@version
        at = text.rfind("@")
        if at > 0:
            return Spec(text[:at], text[at + 1:] or None, "npm")
        return Spec(text, None, "npm")
    try:
        from packaging.requirements import InvalidRequirement, Requirement

        req = Requirement(text)
    except InvalidRequirement:
        return Spec(text, None, None)
    version = None
    for s in req.specifier:
        if s.operator in ("==", "==="):
            version = s.version
    return Spec(req.name, version, None)


def _identify_installed(folder: Path) -> LicenseFinding:
    try:
        from reportgen.licenses.identify import identify_distribution
    except ModuleNotFoundError as exc:  # identification not built yet: read the declared expression only
        if exc.name != "reportgen.licenses.identify":
            raise
        return _declared_only(folder)
    return identify_distribution(folder)


def _declared_only(folder: Path) -> LicenseFinding:
    from reportgen.knowledge.repos import metadata_fields
    from reportgen.licenses.expression import from_alias, is_valid, normalize

    fields = metadata_fields(folder)
    for header, confidence in (("License-Expression", 1.0), ("License", 0.8)):
        for value in fields.get(header, []):
            text = value.strip()
            expr = normalize(text) if is_valid(text) else from_alias(text)
            if expr:
                ev = Evidence("license-field", f"METADATA:{header}", expr, confidence, text[:200])
                return LicenseFinding(expr, confidence, (ev,), f"METADATA {header}")
    return LicenseFinding(NOASSERTION, 0.0, (), "no license in the metadata")


def _npm_package_dir(name: str, project_dir: str | os.PathLike[str] | None) -> Path | None:
    if project_dir is None:
        return None
    folder = Path(project_dir) / "node_modules" / name
    return folder if (folder / "package.json").is_file() else None


def _identify_npm(folder: Path, manifest: dict) -> LicenseFinding:
    try:
        from reportgen.licenses.identify import identify_npm
    except ModuleNotFoundError as exc:
        if exc.name != "reportgen.licenses.identify":
            raise
        from reportgen.licenses.expression import is_valid, normalize

        value = manifest.get("license")
        if isinstance(value, str) and is_valid(value):
            ev = Evidence("license-field", "package.json:license", normalize(value), 1.0, value)
            return LicenseFinding(normalize(value), 1.0, (ev,), "package.json license")
        return LicenseFinding(NOASSERTION, 0.0, (), "no SPDX license in package.json")
    return identify_npm(folder, manifest)


def _from_installed(spec: Spec, python) -> PackageReport | None:
    from reportgen.knowledge.repos import metadata_fields, repository_for
    from reportgen.sources.environment import find_distribution, read_distribution

    folder = find_distribution(spec.name, python)
    if folder is None:
        return None
    dist = read_distribution(folder)
    version = dist.version if dist else None
    name = dist.name if dist else spec.name
    finding = _identify_installed(folder)
    url, where = repository_for(metadata_fields(folder), None, name, "pypi")
    extra = {"found": "installed", "python": str(python) if python else None}
    if spec.version and version and spec.version != version:
        extra["note"] = f"{name} {version} is installed; the spec asks for {spec.version}"
    dep = Dependency(name=name, version=version, ecosystem="pypi", source="environment",
                     location=str(folder), extra=extra)
    return PackageReport(dep, finding, url, where)


def _from_node_modules(spec: Spec, project_dir) -> PackageReport | None:
    from reportgen.knowledge.repos import repository_for

    folder = _npm_package_dir(spec.name, project_dir)
    if folder is None:
        return None
    try:
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    finding = _identify_npm(folder, manifest)
    url, where = repository_for(None, manifest, spec.name, "npm")
    dep = Dependency(name=manifest.get("name", spec.name), version=manifest.get("version"), ecosystem="npm",
                     source=str(folder / "package.json"), location=str(folder), extra={"found": "node_modules"})
    return PackageReport(dep, finding, url, where)


def _from_declared(spec: Spec, project_dir, python) -> PackageReport | None:
    if project_dir is None:
        return None
    from reportgen.knowledge.repos import repository_for
    from reportgen.sources import collect

    try:
        deps = collect(project_dir)
    except InputError:
        return None
    for dep in deps:
        if spec.ecosystem not in (None, dep.ecosystem):
            continue
        if normalize_name(dep.name, dep.ecosystem) != normalize_name(spec.name, dep.ecosystem):
            continue
        url, where = repository_for(None, None, dep.name, dep.ecosystem)
        finding = LicenseFinding(NOASSERTION, 0.0, (),
                                 f"{dep.name} is declared in {dep.source or 'the project'} but not installed; "
                                 "install it (or pass --python) to read its license")
        tech = _tech_finding(dep.name, dep.version, dep.ecosystem)
        if tech is not None:
            finding = tech[1]
            if url is None:
                url, where = tech[0].repository, f"reportgen/data/technologies.yaml ({tech[0].name})"
        dep = Dependency(**{**dep.__dict__, "extra": {**dep.extra, "found": "declared"}})
        return PackageReport(dep, finding, url, where)
    return None


_ECO_LABEL = {"pypi": "(PyPI)", "npm": "(npm)"}


def _tech_finding(name: str, version: str | None, ecosystem: str | None = None):
    """A known technology; for a PyPI/npm package only the entries that are that package."""
    from reportgen.knowledge.technologies import lookup_version

    if ecosystem in _ECO_LABEL:
        found = lookup_version(f"{ecosystem}:{name}", version)
        if found is None:
            found = lookup_version(name, version)
            if found is not None and not found[0].kind.endswith(_ECO_LABEL[ecosystem]):
                found = None
    else:
        found = lookup_version(name, version)
    if found is None:
        return None
    tech, expression, why = found
    ev = Evidence("knowledge-technologies", "reportgen/data/technologies.yaml", expression, 0.9, why)
    return tech, LicenseFinding(expression, 0.9, (ev,), f"known technology: {why}")


def _from_technologies(spec: Spec) -> PackageReport | None:
    found = _tech_finding(spec.name, spec.version, spec.ecosystem)
    if found is None:
        return None
    tech, finding = found
    ecosystem = "docker" if spec.ecosystem == "docker" else next(
        (eco for eco, label in _ECO_LABEL.items() if tech.kind.endswith(label)), "system")
    dep = Dependency(name=tech.name, version=spec.version, ecosystem=ecosystem, source="reportgen/data/technologies.yaml",
                     extra={"found": "technology", "kind": tech.kind, "note": tech.note})
    return PackageReport(dep, finding, tech.repository, f"reportgen/data/technologies.yaml ({tech.name})")


def resolve(spec: str, project_dir: str | os.PathLike[str] | None = None,
            python: str | os.PathLike[str] | None = None) -> PackageReport:
    """Find a package's license and repository; raises :class:`PackageNotFound` when nothing knows it.

    ``report.dependency.extra["found"]`` says where the package was found: ``installed``,
    ``node_modules``, ``declared`` or ``technology``.
    """
    parsed = parse_spec(spec)
    tried = []
    if parsed.ecosystem in (None, "pypi"):
        report = _from_installed(parsed, python)
        if report is not None:
            return report
        tried.append("installed Python packages" + (f" of {python}" if python else ""))
    if parsed.ecosystem in (None, "npm"):
        report = _from_node_modules(parsed, project_dir)
        if report is not None:
            return report
        if project_dir is not None:
            tried.append("node_modules")
    if parsed.ecosystem in (None, "pypi", "npm"):
        report = _from_declared(parsed, project_dir, python)
        if report is not None:
            return report
        if project_dir is not None:
            tried.append(f"dependency files in {project_dir}")
    report = _from_technologies(parsed)
    if report is not None:
        return report
    tried.append("known technologies")
    raise PackageNotFound(f"package {spec!r} not found", hint="looked in " + ", ".join(tried)
                          + "; install it, pass --python PATH, or write the value by hand")
