"""npm: ``package.json``, ``package-lock.json`` (v1, v2, v3) and ``node_modules``.

Groups: ``devDependencies`` and lock entries with ``dev: true`` (or
``devOptional: true``) are ``dev``; everything else is ``runtime``.  npm
installs optional and peer dependencies alongside the rest in production, so
they stay ``runtime`` and are flagged ``extra["optional"]`` / ``extra["peer"]``.
A dependency is direct when the project's ``package.json`` lists it and it is
the top-level copy (``node_modules/<name>``).  ``location`` is the installed
folder when it exists on disk.  ``extra["license"]`` / ``extra["repository"]``
carry what the lock or the installed ``package.json`` says, for identification.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from reportgen.model import Dependency
from reportgen.sources.base import DependencySource, find_line

_DEP_FIELDS = ("dependencies", "optionalDependencies", "peerDependencies", "devDependencies")


def _load_json(source: DependencySource, path: Path | None = None) -> dict:
    target = path or source.path
    text = source.read_text(target)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise source.error(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno, path=target) from None
    if not isinstance(data, dict):
        raise source.error("expected a JSON object", 1, 1, path=target)
    return data


def _name_from_path(key: str) -> str:
    """``node_modules/a/node_modules/@s/b`` -> ``@s/b``."""
    return key.rsplit("node_modules/", 1)[-1]


def _manifest_extra(entry: dict) -> dict:
    extra = {}
    for field in ("license", "licenses", "repository", "homepage", "resolved"):
        if field in entry:
            extra[field] = entry[field]
    return extra


def _root_manifest(folder: Path) -> dict | None:
    manifest = folder / "package.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class PackageJsonSource(DependencySource):
    """The declared dependencies of an npm project (ranges, no exact versions)."""

    name = "package.json"
    patterns = ("package.json",)
    ecosystem = "npm"
    priority = 20
    declarative = True

    def collect(self) -> Iterator[Dependency]:
        data = _load_json(self)
        text = self.read_text()
        for field in _DEP_FIELDS:
            table = data.get(field) or {}
            if not isinstance(table, dict):
                raise self.error(f"'{field}' must be an object", *find_line(text, f'"{field}"'))
            for name, spec in table.items():
                line, _ = find_line(text, f'"{name}"', text.find(f'"{field}"'))
                location = self.path.parent / "node_modules" / name
                extra: dict = {}
                if field == "optionalDependencies":
                    extra["optional"] = True
                if field == "peerDependencies":
                    extra["peer"] = True
                yield Dependency(
                    name=name,
                    version=None,
                    ecosystem="npm",
                    direct=True,
                    group="dev" if field == "devDependencies" else "runtime",
                    source=f"{self.path}:{line}" if line else str(self.path),
                    specifier=str(spec),
                    location=str(location) if location.is_dir() else None,
                    extra=extra,
                )


class PackageLockSource(DependencySource):
    """``package-lock.json`` / ``npm-shrinkwrap.json``, lockfile versions 1, 2 and 3."""

    name = "package-lock.json"
    patterns = ("package-lock.json", "npm-shrinkwrap.json")
    ecosystem = "npm"
    priority = 10

    def collect(self) -> Iterator[Dependency]:
        data = _load_json(self)
        version = data.get("lockfileVersion", 1)
        if isinstance(data.get("packages"), dict) and version >= 2:
            yield from self._packages(data)
        elif isinstance(data.get("dependencies"), dict):
            yield from self._v1(data)
        else:
            raise self.error(
                "neither 'packages' nor 'dependencies': is this a package-lock.json?",
                1,
                1,
            )

    # v2 / v3 -----------------------------------------------------------------
    def _packages(self, data: dict) -> Iterator[Dependency]:
        packages: dict = data["packages"]
        root = packages.get("") or {}
        declared = {n for f in _DEP_FIELDS for n in (root.get(f) or {})}
        base = self.path.parent
        for key, entry in packages.items():
            if not key or "node_modules/" not in key or not isinstance(entry, dict):
                continue  # the root project and workspace folders
            if entry.get("link"):
                continue  # a symlink to a workspace package: the project's own code
            name = entry.get("name") or _name_from_path(key)
            top_level = key == f"node_modules/{_name_from_path(key)}"
            requires = tuple(
                dict.fromkeys([*(entry.get("dependencies") or {}), *(entry.get("optionalDependencies") or {})])
            )
            extra = _manifest_extra(entry)
            if entry.get("optional") or entry.get("devOptional"):
                extra["optional"] = True
            if entry.get("peer"):
                extra["peer"] = True
            if entry.get("peerDependencies"):
                extra["peer_requires"] = sorted(entry["peerDependencies"])
            extra["path"] = key
            folder = base / key
            yield Dependency(
                name=name,
                version=entry.get("version"),
                ecosystem="npm",
                direct=top_level and _name_from_path(key) in declared,
                group="dev" if (entry.get("dev") or entry.get("devOptional")) else "runtime",
                source=str(self.path),
                requires=requires,
                location=str(folder) if folder.is_dir() else None,
                extra=extra,
            )

    # v1 ------------------------------------------------------------------------
    def _v1(self, data: dict) -> Iterator[Dependency]:
        manifest = _root_manifest(self.path.parent) or {}
        declared = {n for f in _DEP_FIELDS for n in (manifest.get(f) or {})}
        base = self.path.parent

        def walk(deps: dict, prefix: str) -> Iterator[Dependency]:
            for name, entry in deps.items():
                if not isinstance(entry, dict):
                    continue
                key = f"{prefix}node_modules/{name}"
                real_name, version = name, entry.get("version")
                if isinstance(version, str) and version.startswith("npm:"):
                    # an alias: "npm:real-name@1.2.3"
                    alias = version[4:]
                    at = alias.rfind("@")
                    real_name, version = (alias[:at], alias[at + 1 :]) if at > 0 else (alias, None)
                extra = {"path": key}
                if "resolved" in entry:
                    extra["resolved"] = entry["resolved"]
                if entry.get("optional"):
                    extra["optional"] = True
                folder = base / key
                yield Dependency(
                    name=real_name,
                    version=version,
                    ecosystem="npm",
                    direct=not prefix and name in declared,
                    group="dev" if entry.get("dev") else "runtime",
                    source=str(self.path),
                    requires=tuple(entry.get("requires") or {}),
                    location=str(folder) if folder.is_dir() else None,
                    extra=extra,
                )
                yield from walk(entry.get("dependencies") or {}, key + "/")

        yield from walk(data["dependencies"], "")


class NodeModulesSource(DependencySource):
    """An installed ``node_modules`` folder: every ``package.json`` in it, nested and scoped.

    Dev-only packages are found by resolving requirements the way Node does
    (nearest ``node_modules`` up the tree) from the project's ``package.json``
    next to the folder: what its runtime dependencies reach is ``runtime``,
    the rest ``dev``.  Without that ``package.json`` every package is runtime
    and the top-level ones nobody requires are direct.
    """

    name = "node_modules"
    patterns = ("node_modules",)
    ecosystem = "npm"
    priority = 0

    def collect(self) -> Iterator[Dependency]:
        if not self.path.is_dir():
            raise self.error("not a folder", hint="give the node_modules folder of an installed project")
        found: dict[str, dict] = {}  # relative key -> manifest
        self._walk(self.path, "node_modules", found, set())
        project = _root_manifest(self.path.parent)

        def resolve(from_key: str, name: str) -> str | None:
            # from node_modules/a/node_modules/b look in .../b/node_modules, then up
            base = from_key
            while True:
                candidate = f"{base}/node_modules/{name}" if base else f"node_modules/{name}"
                if candidate in found:
                    return candidate
                if not base:
                    return None
                cut = base.rfind("/node_modules/")
                base = base[:cut] if cut >= 0 else ""

        edges: dict[str, list[str]] = {}
        for key, manifest in found.items():
            targets = []
            for field in ("dependencies", "optionalDependencies", "peerDependencies"):
                for name in manifest.get(field) or {}:
                    target = resolve(key, name)
                    if target:
                        targets.append(target)
            edges[key] = targets

        if project is not None:
            runtime_roots = [
                f"node_modules/{n}"
                for f in ("dependencies", "optionalDependencies", "peerDependencies")
                for n in (project.get(f) or {})
            ]
            declared = {n for f in _DEP_FIELDS for n in (project.get(f) or {})}
            runtime: set[str] = set()
            stack = [k for k in runtime_roots if k in found]
            while stack:
                key = stack.pop()
                if key in runtime:
                    continue
                runtime.add(key)
                stack.extend(edges.get(key, ()))
        else:
            runtime = set(found)
            required = {t for targets in edges.values() for t in targets}
            declared = {_name_from_path(k) for k in found if k.count("node_modules/") == 1 and k not in required}

        for key in sorted(found):
            manifest = found[key]
            path_name = _name_from_path(key)
            extra = _manifest_extra(manifest)
            extra["path"] = key
            yield Dependency(
                name=manifest.get("name") or path_name,
                version=manifest.get("version"),
                ecosystem="npm",
                direct=key == f"node_modules/{path_name}" and path_name in declared,
                group="runtime" if key in runtime else "dev",
                source=str(self.path.parent / key / "package.json"),
                requires=tuple(
                    dict.fromkeys(
                        [*(manifest.get("dependencies") or {}), *(manifest.get("optionalDependencies") or {})]
                    )
                ),
                location=str(self.path.parent / key),
                extra=extra,
            )

    def _walk(self, folder: Path, prefix: str, found: dict, seen: set) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .bin, .package-lock.json, .pnpm
            if entry.name.startswith("@") and entry.is_dir():
                try:
                    scoped = sorted(os.scandir(entry.path), key=lambda e: e.name)
                except OSError:
                    continue
                for sub in scoped:
                    self._package(Path(sub.path), f"{prefix}/{entry.name}/{sub.name}", found, seen)
            elif entry.is_dir():
                self._package(Path(entry.path), f"{prefix}/{entry.name}", found, seen)

    def _package(self, folder: Path, key: str, found: dict, seen: set) -> None:
        manifest_path = folder / "package.json"
        if not manifest_path.is_file():
            return
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise self.error(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno, path=manifest_path) from None
        except OSError:
            return
        if not isinstance(manifest, dict):
            return
        found[key] = manifest
        real = os.path.realpath(folder)
        if real in seen:
            return  # a symlink loop (workspaces, pnpm)
        seen.add(real)
        nested = folder / "node_modules"
        if nested.is_dir():
            self._walk(nested, f"{key}/node_modules", found, seen)
