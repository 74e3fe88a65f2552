"""npm: package.json, package-lock.json v1/v2/v3 (written by npm 11), node_modules (installed by npm)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.sources.npm import NodeModulesSource, PackageJsonSource, PackageLockSource

FIX = Path(__file__).parent / "fixtures"


def index(deps) -> dict:
    out: dict = {}
    for dep in deps:
        out.setdefault(dep.name, []).append(dep)
    return out


@pytest.mark.parametrize("version", [1, 2, 3])
def test_lockfile_versions_agree(version: int):
    folder = FIX / f"npm-v{version}"
    assert json.loads((folder / "package-lock.json").read_text())["lockfileVersion"] == version
    deps = index(PackageLockSource(folder / "package-lock.json").collect())
    assert sum(len(group) for group in deps.values()) == 75  # 74 names, ms twice
    (express,) = deps["express"]
    assert express.version == "4.22.3" and express.direct and express.group == "runtime"
    assert "body-parser" in express.requires and "send" in express.requires
    (ws,) = deps["ws"]
    assert ws.version == "8.23.0" and ws.direct
    (isnum,) = deps["is-number"]
    assert isnum.group == "dev" and isnum.direct
    (bufferutil,) = deps["bufferutil"]
    assert bufferutil.extra["optional"] is True and bufferutil.direct
    assert bufferutil.requires == ("node-gyp-build",)
    # two versions of ms: the top-level one and one nested under send
    ms = sorted(deps["ms"], key=lambda d: d.extra["path"])
    assert [(d.version, d.extra["path"], d.direct) for d in ms] == [
        ("2.0.0", "node_modules/ms", False),
        ("2.1.3", "node_modules/send/node_modules/ms", False),
    ]
    assert all(d.ecosystem == "npm" for group in deps.values() for d in group)


def test_v3_lock_extra_and_peer():
    deps = index(PackageLockSource(FIX / "npm-v3" / "package-lock.json").collect())
    (ws,) = deps["ws"]
    assert ws.extra["license"] == "MIT"
    assert ws.extra["peer_requires"] == ["bufferutil", "utf-8-validate"]


def test_package_json():
    deps = index(PackageJsonSource(FIX / "npm-v3" / "package.json").collect())
    assert {n: (d[0].specifier, d[0].group) for n, d in deps.items()} == {
        "express": ("^4.18.2", "runtime"),
        "ws": ("^8.14.0", "runtime"),
        "is-number": ("^7.0.0", "dev"),
        "bufferutil": ("^4.0.8", "runtime"),
    }
    assert deps["bufferutil"][0].extra == {"optional": True}
    assert deps["express"][0].source.endswith("package.json:7")


def test_node_modules_installed_by_npm():
    deps = index(NodeModulesSource(FIX / "node-modules" / "node_modules").collect())
    assert set(deps) == {"debug", "ms", "@tootallnate/once", "is-number"}
    (once,) = deps["@tootallnate/once"]
    assert once.version == "2.0.0" and once.direct and once.group == "runtime"
    assert once.location == str(FIX / "node-modules" / "node_modules" / "@tootallnate" / "once")
    assert once.extra["license"] == "MIT"
    (debug,) = deps["debug"]
    assert debug.requires == ("ms",) and debug.direct
    ms = sorted(deps["ms"], key=lambda d: d.extra["path"])
    assert [(d.version, d.direct, d.group) for d in ms] == [("2.0.0", False, "runtime"), ("2.1.3", True, "runtime")]
    assert ms[0].extra["path"] == "node_modules/debug/node_modules/ms"
    assert Path(ms[0].location, "license.md").is_file()
    (isnum,) = deps["is-number"]
    assert isnum.group == "dev"


def test_lock_location_points_at_installed_folder():
    deps = index(PackageLockSource(FIX / "node-modules" / "package-lock.json").collect())
    nested = next(d for d in deps["ms"] if d.version == "2.0.0")
    assert nested.location == str(FIX / "node-modules" / "node_modules" / "debug" / "node_modules" / "ms")


def test_node_modules_without_project_manifest(tmp_path: Path):
    shutil.copytree(FIX / "node-modules" / "node_modules", tmp_path / "node_modules")
    deps = index(NodeModulesSource(tmp_path / "node_modules").collect())
    # no package.json: top-level packages nobody requires count as direct
    assert deps["debug"][0].direct and deps["is-number"][0].direct
    assert all(d.group == "runtime" for group in deps.values() for d in group)
    top_ms = next(d for d in deps["ms"] if d.version == "2.1.3")
    assert top_ms.direct


def test_broken_json(tmp_path: Path):
    path = tmp_path / "package-lock.json"
    path.write_text('{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {}\n    "node_modules/x": {}\n  }\n}\n')
    with pytest.raises(SourceError) as err:
        list(PackageLockSource(path).collect())
    assert str(err.value).startswith(f"{path}:5:5: JSON syntax error: Expecting ',' delimiter"), str(err.value)
    nm = tmp_path / "node_modules" / "bad"
    nm.mkdir(parents=True)
    (nm / "package.json").write_text('{"name": "bad",, }')
    with pytest.raises(SourceError) as err:
        list(NodeModulesSource(tmp_path / "node_modules").collect())
    assert str(err.value).startswith(f"{nm / 'package.json'}:1:16: JSON syntax error")
