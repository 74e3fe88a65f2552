"""CycloneDX 1.5 / 1.6 JSON bill of materials.

One ``library`` component per package, with its purl, its license (a single
SPDX id as ``license.id``, anything compound as ``expression``), its code
repository as a ``vcs`` external reference, and the ``dependencies`` graph
built from each package's ``requires``.  Packages whose license is
NOASSERTION carry no ``licenses`` entry (CycloneDX has no "unknown" value).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from reportgen import __version__
from reportgen.model import NOASSERTION, PackageReport, normalize_name

SPEC_VERSIONS = ("1.6", "1.5")
DEFAULT_SPEC_VERSION = "1.6"

#: A lone SPDX license id (no operators, no exception, not a LicenseRef).
_SINGLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*\+?$")


def licenses_entry(expression: str, spec_version: str = DEFAULT_SPEC_VERSION) -> list[dict[str, Any]]:
    """The CycloneDX ``licenses`` array for an SPDX expression.

    From 1.6 on, each entry says it is the license reportgen concluded (as
    opposed to one the package declared).
    """
    if not expression or expression == NOASSERTION:
        return []
    extra = {"acknowledgement": "concluded"} if spec_version != "1.5" else {}
    if _SINGLE_ID.match(expression) and not expression.endswith("+") and not expression.startswith(("LicenseRef-", "DocumentRef-")):
        return [{"license": {"id": expression, **extra}}]
    return [{"expression": expression, **extra}]


def _scope(group: str) -> str:
    return "required" if group == "runtime" else "optional"


def render(
    reports: Sequence[PackageReport],
    *,
    spec_version: str = DEFAULT_SPEC_VERSION,
    project_name: str | None = None,
    serial_number: str | None = None,
    timestamp: datetime | None = None,
    **_options: object,
) -> str:
    return json.dumps(
        bom(reports, spec_version=spec_version, project_name=project_name, serial_number=serial_number, timestamp=timestamp),
        indent=2,
        ensure_ascii=False,
    ) + "\n"


def bom(
    reports: Sequence[PackageReport],
    *,
    spec_version: str = DEFAULT_SPEC_VERSION,
    project_name: str | None = None,
    serial_number: str | None = None,
    timestamp: datetime | None = None,
) -> dict[str, Any]:
    """The BOM as a JSON-ready dict."""
    if spec_version not in SPEC_VERSIONS:
        raise ValueError(f"unsupported CycloneDX version {spec_version!r}; choose one of {', '.join(SPEC_VERSIONS)}")
    when = (timestamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)

    # bom-refs: the purl, made unique if two reports share one.
    refs: list[str] = []
    seen: dict[str, int] = {}
    for report in reports:
        ref = report.dependency.purl
        count = seen.get(ref, 0)
        seen[ref] = count + 1
        refs.append(ref if count == 0 else f"{ref}#{count + 1}")

    by_name: dict[tuple[str, str], str] = {}
    for report, ref in zip(reports, refs):
        dep = report.dependency
        by_name.setdefault((dep.ecosystem, normalize_name(dep.name, dep.ecosystem)), ref)

    components = []
    dependencies = []
    for report, ref in zip(reports, refs):
        dep = report.dependency
        component: dict[str, Any] = {"type": "library", "bom-ref": ref, "name": dep.name}
        if dep.version:
            component["version"] = dep.version
        component["scope"] = _scope(dep.group)
        licenses = licenses_entry(report.license.expression, spec_version)
        if licenses:
            component["licenses"] = licenses
        if dep.ecosystem in ("pypi", "npm", "docker"):
            component["purl"] = dep.purl
        if report.repository:
            component["externalReferences"] = [{"type": "vcs", "url": report.repository}]
        properties = [
            {"name": "reportgen:ecosystem", "value": dep.ecosystem},
            {"name": "reportgen:group", "value": dep.group},
            {"name": "reportgen:direct", "value": "true" if dep.direct else "false"},
            {"name": "reportgen:license", "value": report.license.expression},
            {"name": "reportgen:confidence", "value": f"{report.license.confidence:.2f}"},
        ]
        if report.license.reason:
            properties.append({"name": "reportgen:reason", "value": report.license.reason})
        component["properties"] = properties
        components.append(component)

        depends_on = []
        for required in dep.requires:
            target = by_name.get((dep.ecosystem, normalize_name(required, dep.ecosystem)))
            if target is not None and target != ref and target not in depends_on:
                depends_on.append(target)
        dependencies.append({"ref": ref, "dependsOn": depends_on})

    metadata: dict[str, Any] = {
        "timestamp": when.isoformat().replace("+00:00", "Z"),
        "tools": {
            "components": [
                {
                    "type": "application",
                    "name": "reportgen",
                    "version": __version__,
                }
            ]
        },
    }
    if project_name:
        metadata["component"] = {"type": "application", "bom-ref": "project", "name": project_name}
        direct = [ref for report, ref in zip(reports, refs) if report.dependency.direct]
        dependencies.insert(0, {"ref": "project", "dependsOn": direct})

    return {
        "$schema": f"http://cyclonedx.org/schema/bom-{spec_version}.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": spec_version,
        "serialNumber": serial_number or f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": metadata,
        "components": components,
        "dependencies": dependencies,
    }
