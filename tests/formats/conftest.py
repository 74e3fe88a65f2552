"""Reports to render: a small project's worth of packages, as the model holds them."""

from __future__ import annotations

import pytest

from reportgen.model import NOASSERTION, Dependency, Evidence, LicenseFinding, PackageReport


def _report(name, version, expression, confidence, *, ecosystem="pypi", group="runtime", direct=True, requires=(), repository=None, evidence=(), reason=""):
    dep = Dependency(name=name, version=version, ecosystem=ecosystem, group=group, direct=direct, requires=tuple(requires), source="requirements.txt:1")
    return PackageReport(
        dependency=dep,
        license=LicenseFinding(expression=expression, confidence=confidence, evidence=tuple(evidence), reason=reason),
        repository=repository,
        repository_source="Project-URL: Source" if repository else None,
    )


@pytest.fixture
def reports():
    return [
        _report(
            "Flask",
            "3.0.3",
            "BSD-3-Clause",
            0.99,
            requires=["werkzeug", "jinja2", "itsdangerous"],
            repository="https://github.com/pallets/flask",
            evidence=[
                Evidence("license-expression", "METADATA:License-Expression", "BSD-3-Clause", 0.99, "BSD-3-Clause"),
                Evidence("license-file", "dist-info/licenses/LICENSE.txt", "BSD-3-Clause", 0.97, "dice 0.97"),
            ],
        ),
        _report("Werkzeug", "3.0.6", "BSD-3-Clause", 0.95, direct=False, requires=["MarkupSafe"], repository="https://github.com/pallets/werkzeug"),
        _report("Jinja2", "3.1.4", "BSD-3-Clause", 0.95, direct=False, requires=["MarkupSafe"]),
        _report("MarkupSafe", "2.1.5", "BSD-3-Clause", 0.9, direct=False),
        _report("itsdangerous", "2.2.0", "BSD-3-Clause", 0.9, direct=False),
        _report("certifi", "2024.8.30", "MPL-2.0", 0.9, group="dev"),
        _report("psycopg2", "2.9.9", "LGPL-3.0-or-later WITH openvpn-openssl-exception", 0.8),
        _report("chardet", "5.2.0", "LGPL-2.1-or-later OR MIT", 0.7, group="optional:speed"),
        _report("pytz-like", "2024.1", "LicenseRef-scancode-public-domain", 0.6),
        _report("odd|name", "1.0", NOASSERTION, 0.0, reason="no license metadata | no license file"),
        _report("@types/node", "20.1.0", "MIT", 0.9, ecosystem="npm", group="dev", repository="https://github.com/DefinitelyTyped/DefinitelyTyped"),
        _report("mongo", "7.0", NOASSERTION, 0.0, ecosystem="docker", reason="not in the knowledge base"),
    ]
