"""A JavaScript project: package.json + package-lock.json written by npm, installed with ``npm ci``."""

from __future__ import annotations

import pytest

from reportgen.policy import check

pytestmark = pytest.mark.slow


@pytest.fixture
def policy_file(tmp_path):
    def make(text: str):
        path = tmp_path / "licenses.toml"
        path.write_text(text)
        return path

    return make


def test_npm_or_expressions_choose_the_least_restrictive_allowed(npm_app, policy_file):
    result = check(npm_app, policy_file=policy_file('deny = ["GPL-*"]\nunknown = "warn"\n'))
    by = {o.dependency.name: o for o in result.outcomes}
    assert result.project_name == "chat-app"
    assert result.project_license == "MIT"
    forge = by["node-forge"]
    assert forge.expression == "BSD-3-Clause OR GPL-2.0-only"
    assert (forge.status, forge.chosen) == ("pass", "BSD-3-Clause")
    purify = by["dompurify"]
    assert purify.expression == "MPL-2.0 OR Apache-2.0"
    assert (purify.status, purify.chosen) == ("pass", "Apache-2.0")  # permissive beats weak copyleft
    assert result.passed


def test_npm_gpl_choice_alone_would_be_incompatible(npm_app, policy_file):
    result = check(npm_app, policy_file=policy_file('deny = ["BSD-3-Clause"]\nunknown = "warn"\n'))
    forge = next(o for o in result.outcomes if o.dependency.name == "node-forge")
    assert forge.status == "fail"
    assert [p.detail for p in forge.problems] == [
        "BSD-3-Clause matches deny entry BSD-3-Clause",
        "GPL-2.0-only dependency in an MIT project you distribute: the combined work must be GPL-2.0",
    ]
    # as a network service the GPL choice is fine
    served = check(npm_app, policy_file=policy_file(
        'deny = ["BSD-3-Clause"]\nunknown = "warn"\ndistribution = "network-service"\n'))
    forge = next(o for o in served.outcomes if o.dependency.name == "node-forge")
    assert (forge.status, forge.chosen) == ("pass", "GPL-2.0-only")


def test_npm_dev_dependencies_left_out_and_paths(npm_app, policy_file):
    everything = check(npm_app, policy_file=policy_file('unknown = "warn"\n'))
    by = {o.dependency.name: o for o in everything.outcomes}
    assert by["is-number"].dependency.group == "dev"
    assert by["body-parser"].path == ("chat-app", "express", "body-parser")
    runtime = check(npm_app, policy_file=policy_file('unknown = "warn"\nonly = ["runtime"]\n'))
    names = {o.dependency.name for o in runtime.outcomes}
    assert "is-number" not in names and "express" in names
