"""The facts ``init`` writes and ``update`` refreshes, each with where it came from.

A fact is a value plus its source, written in the notes as ``value  # from: SOURCE``.
The work of finding them belongs to other packages (``reportgen.sources`` for the
dependencies, ``reportgen.knowledge`` for licenses, repositories and license
explanations); this module asks them and shapes the answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.model import Dependency, Evidence, LicenseFinding, PackageReport, normalize_name
from reportgen.project.ranking import Technology, lookup

#: General fields init fills, in the order they appear in the notes.
FACT_FIELDS = ("code_repository", "license_type", "license_description", "license_restrictions")


@dataclass(frozen=True)
class Fact:
    value: str
    source: str  # what follows "# from: " in the notes


@dataclass
class PackageFacts:
    """What is known about one package right now."""

    name: str
    ecosystem: str
    version: str | None
    values: dict[str, Fact] = field(default_factory=dict)
    package: Fact | None = None  # the value of the notes' `package:` key
    technology: Technology | None = None
    title: str | None = None  # the report's heading, when it differs from the package name

    @property
    def repository(self) -> str | None:
        fact = self.values.get("code_repository")
        return fact.value if fact else None

    def tag(self) -> str | None:
        """The release tag of the installed version (the roles data tells the naming; else the bare version)."""
        if not self.version:
            return None
        pattern = (self.technology.tag if self.technology else None) or "{version}"
        return pattern.replace("{version}", self.version)

    def tree_url(self, topic: str | None = None) -> str | None:
        """A link to the repository at the installed version's tag, at a likely entry file when one is known."""
        repo = self.repository
        tag = self.tag()
        if not repo or not tag or not repo.startswith("https://github.com/"):
            return None
        entry = self.technology.entry_for(topic) if self.technology else None
        return f"{repo.rstrip('/')}/blob/{tag}/{entry or ''}"


# --------------------------------------------------------------------- specs
def split_spec(spec: str) -> tuple[str, str, str | None]:
    """(ecosystem, name, version) from ``name``, ``name==1.2``, ``pkg:npm/ws@8.1.0`` or ``pkg:docker/mongo``."""
    spec = spec.strip()
    if spec.startswith("pkg:"):
        body = spec[4:]
        kind, _, rest = body.partition("/")
        rest = rest.split("?", 1)[0].split("#", 1)[0]
        if rest.startswith("%40"):
            rest = "@" + rest[3:]
        at = rest.find("@", 1)
        name, version = (rest[:at], rest[at + 1 :]) if at > 0 else (rest, "")
        return kind, name, version or None
    if "==" in spec:
        name, _, version = spec.partition("==")
        return "pypi", name.strip(), version.strip() or None
    name = re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]
    return "pypi", name.strip(), None


def package_value(name: str, ecosystem: str, version: str | None) -> str:
    """The notes' ``package:`` value for a package at a version."""
    if ecosystem == "pypi":
        return f"{name}=={version}" if version else name
    purl_name = name.replace("@", "%40", 1) if name.startswith("@") else name
    return f"pkg:{ecosystem}/{purl_name}" + (f"@{version}" if version else "")


# --------------------------------------------------------------------- derive
def derive(
    name: str,
    ecosystem: str = "pypi",
    *,
    project_dir: str | Path | None = None,
    python: str | None = None,
    dependency: Dependency | None = None,
) -> PackageFacts:
    """The current facts of one package, as seen from ``project_dir`` / the ``python`` environment."""
    tech = lookup(name, ecosystem)
    report = _resolve(name, ecosystem, project_dir, python, dependency)
    dep = report.dependency
    version = dep.version or (dependency.version if dependency is not None else None)
    label = f"{dep.name} {version}" if version else dep.name
    # an image keeps the name the project uses (mongo); the heading is the technology's (MongoDB)
    pkg_name = name if ecosystem == "docker" else dep.name
    facts = PackageFacts(name=pkg_name, ecosystem=ecosystem, version=version, technology=tech, title=dep.name)
    where = (dependency.source if ecosystem == "docker" and dependency is not None else None) or dep.source
    where = where or ("environment" if ecosystem == "pypi" else "project")
    facts.package = Fact(package_value(pkg_name, ecosystem, version), _relative(where.split(":")[0], project_dir))
    if report.repository:
        where_repo = report.repository_source or "metadata"
        shown = where_repo if where_repo.startswith("reportgen/") else f"{label} {where_repo}"
        facts.values["code_repository"] = Fact(report.repository, shown)
    elif tech and tech.repository:
        facts.values["code_repository"] = Fact(tech.repository, "reportgen technology data")
    if report.license.known:
        expr = report.license.expression
        facts.values["license_type"] = Fact(expr, f"{label} {_evidence_source(report)}")
        explanation = _explain(expr)
        if explanation is not None:
            desc = getattr(explanation, "description", None)
            restr = getattr(explanation, "restrictions", None)
            if desc:
                facts.values["license_description"] = Fact(_one_line(desc), f"reportgen license facts for {expr}")
            if restr:
                facts.values["license_restrictions"] = Fact(_one_line(restr), f"reportgen license facts for {expr}")
    return facts


def _relative(where: str, project_dir) -> str:
    """A file named in a source, relative to the project (so the comment does not depend on the cwd)."""
    if "/" not in where and "\\" not in where:
        return where
    try:
        return Path(where).resolve().relative_to(Path(project_dir or ".").resolve()).as_posix()
    except (ValueError, OSError):
        return Path(where).name


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _evidence_source(report: PackageReport) -> str:
    finding = report.license
    agreeing = [e for e in finding.evidence if e.expression == finding.expression] or list(finding.evidence)
    if not agreeing:
        return "metadata"
    best = max(agreeing, key=lambda e: e.confidence)
    return best.source


def _explain(expression: str):
    try:
        from reportgen.knowledge import kb
    except ImportError:
        return None
    try:
        return kb.explain(expression)
    except Exception:  # an expression the knowledge base cannot explain: leave the fields to the user
        return None


def _resolve(name, ecosystem, project_dir, python, dependency) -> PackageReport:
    from reportgen.knowledge import packages

    # the installed / locked version is the one to describe; an image's version only the project knows
    pinned = dependency.version if (ecosystem == "docker" and dependency is not None) else None
    spec = package_value(name, ecosystem, pinned) if ecosystem != "pypi" else f"pkg:pypi/{name}"
    report = packages.resolve(spec, project_dir=project_dir, python=python)
    if not report.license.known and dependency is not None:
        # a lock file may name the license of a package that is not installed (package-lock.json does)
        declared = dependency.extra.get("license") if dependency.extra else None
        expr = _normalize(declared) if isinstance(declared, str) else None
        if expr:
            source = _relative((dependency.source or "lock file").split(":")[0], project_dir) + ":license"
            evidence = Evidence("lock-file", source, expr, 0.8, declared)
            finding = LicenseFinding(expr, 0.8, (evidence,), f"declared in {source}")
            report = PackageReport(report.dependency, finding, report.repository, report.repository_source)
    return report


def _normalize(text: str) -> str | None:
    from reportgen.licenses.expression import is_valid, normalize

    return normalize(text) if is_valid(text) else None


def collect(project_dir: str | Path, python: str | None = None) -> list[Dependency]:
    """The project's dependencies (reportgen.sources; a narrow fallback while it is missing)."""
    from reportgen import sources

    return list(sources.collect(project_dir, python=python))


__all__ = ["FACT_FIELDS", "Fact", "PackageFacts", "collect", "derive", "package_value", "split_spec", "normalize_name"]
