"""``--online``: packages that are not installed are looked up on the (local) registries."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from reportgen.cli.main import cli
from reportgen.inventory import identify_all
from reportgen.model import Dependency
from reportgen.registry import RegistryClient

REQUIREMENTS = "six==1.16.0\nattrs==25.3.0\nnot-on-the-registry==1.0\n"


def _run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_online_fills_licenses_and_caches(registry_env, tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text(REQUIREMENTS)

    offline = {r["name"]: r for r in json.loads(_run("licenses", "--file", str(req), "-f", "json").output)}
    assert offline["six"]["license"] == "NOASSERTION" and registry_env.requests == []

    result = _run("licenses", "--file", str(req), "-f", "json", "--online")
    assert result.exit_code == 0, result.output
    records = {r["name"]: r for r in json.loads(result.output)}
    assert records["six"]["license"] == "MIT"
    assert records["six"]["repository"] == "https://github.com/benjaminp/six"
    assert records["attrs"]["license"] == "MIT"
    assert records["attrs"]["repository"] == "https://github.com/python-attrs/attrs"
    assert records["attrs"]["evidence"][0]["source"].startswith(registry_env.pypi_url + "/attrs/25.3.0/json")
    assert records["not-on-the-registry"]["license"] == "NOASSERTION"
    assert "PyPI does not know not-on-the-registry 1.0" in records["not-on-the-registry"]["reason"]
    assert sorted(registry_env.requests) == [
        "/pypi/attrs/25.3.0/json",
        "/pypi/not-on-the-registry/1.0/json",
        "/pypi/six/1.16.0/json",
    ]

    # Second run: everything comes from the disk cache, the server sees no request.
    again = _run("licenses", "--file", str(req), "-f", "json", "--online")
    assert json.loads(again.output) == json.loads(result.output)
    assert len(registry_env.requests) == 3


def test_online_npm_packages(registry_env):
    deps = [
        Dependency(name="ws", version="8.13.0", ecosystem="npm", source="package-lock.json"),
        Dependency(name="@types/node", version="20.1.0", ecosystem="npm", group="dev", source="package-lock.json"),
    ]
    reports = identify_all(deps, online=True, client=RegistryClient())
    assert [r.license.expression for r in reports] == ["MIT", "MIT"]
    assert reports[0].repository == "https://github.com/websockets/ws"
    assert reports[1].repository == "https://github.com/DefinitelyTyped/DefinitelyTyped"
    assert sorted(registry_env.requests) == ["/npm/@types/node/20.1.0", "/npm/ws/8.13.0"]


def test_offline_registry_is_one_line_exit_2(closed_port, tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("six==1.16.0\n")
    env = {
        **__import__("os").environ,
        "REPORTGEN_PYPI_URL": f"http://127.0.0.1:{closed_port}/pypi",
        "REPORTGEN_CACHE_DIR": str(tmp_path / "cache"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "licenses", "--file", str(req), "--online"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert f"could not reach http://127.0.0.1:{closed_port}/pypi/six/1.16.0/json:" in lines[0]
    assert lines[0].endswith("run without --online or check your connection")
