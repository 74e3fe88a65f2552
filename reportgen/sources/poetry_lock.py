"""``poetry.lock`` (Poetry's lock file, TOML).

Each ``[[package]]`` is one pinned dependency with its ``[package.dependencies]``
(the ``requires`` graph; an ``optional = true`` edge is followed only when the
package is asked for with that extra).  Groups, in order of preference:

1. the project's ``pyproject.toml`` next to the lock (its Poetry/PEP 621
   tables give the roots and which packages are direct);
2. the lock's own ``groups = [...]`` (Poetry 2) or ``category`` (Poetry < 1.5:
   ``main``/``dev``);
3. otherwise ``runtime``.

Packages marked ``optional = true`` whose only reason to be present is an
extra of the project get ``optional:<extra>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.utils import canonicalize_name

from reportgen.model import Dependency
from reportgen.sources.base import DependencySource, assign_groups, find_line, load_toml, named_group


class PoetryLockSource(DependencySource):
    """A ``poetry.lock`` file: pinned packages, their graph and groups."""

    name = "poetry.lock"
    patterns = ("poetry.lock",)
    ecosystem = "pypi"
    priority = 10

    def collect(self) -> Iterator[Dependency]:
        data = load_toml(self)
        text = self.read_text()
        packages = data.get("package")
        if not isinstance(packages, list):
            raise self.error("no [[package]] entries: is this a poetry.lock file?", 1, 1)
        by_name: dict[str, dict] = {}
        for package in packages:
            if not isinstance(package, dict) or "name" not in package or "version" not in package:
                line, col = find_line(text, "[[package]]")
                raise self.error("a [[package]] entry lacks name or version", line, col)
            by_name.setdefault(canonicalize_name(package["name"]), package)

        # which extras of each package someone asks for
        wanted: dict[str, set[str]] = {}
        for package in packages:
            for dep_name, spec in (package.get("dependencies") or {}).items():
                if isinstance(spec, dict):
                    for extra in spec.get("extras", []) or []:
                        wanted.setdefault(canonicalize_name(dep_name), set()).add(extra)
        graph: dict[str, list[str]] = {}
        for key, package in by_name.items():
            extras_deps = set()
            for extra in wanted.get(key, ()):
                for item in (package.get("extras") or {}).get(extra, []):
                    extras_deps.add(canonicalize_name(item.split()[0].split("[")[0].split("(")[0]))
            edges = []
            for dep_name, spec in (package.get("dependencies") or {}).items():
                target = canonicalize_name(dep_name)
                optional = any(
                    isinstance(s, dict) and s.get("optional") for s in (spec if isinstance(spec, list) else [spec])
                )
                if optional and target not in extras_deps:
                    continue
                if target != key:
                    edges.append(target)
            graph[key] = list(dict.fromkeys(edges))

        roots, direct = self._roots_from_pyproject()
        if roots is None:
            roots = {}
            for key, package in by_name.items():
                for group in _lock_groups(package):
                    roots.setdefault(group, []).append(key)
            required = {t for targets in graph.values() for t in targets}
            direct = {n for n in by_name if n not in required}
        groups = assign_groups(roots, graph)
        for key, package in sorted(by_name.items()):
            line, _ = find_line(text, f'name = "{package["name"]}"\nversion')
            extra = {}
            if package.get("description"):
                extra["description"] = package["description"]
            if isinstance(package.get("source"), dict):
                extra["lock_source"] = package["source"]
            yield Dependency(
                name=package["name"],
                version=str(package["version"]),
                ecosystem="pypi",
                direct=key in direct,
                group=groups.get(key) or (_lock_groups(package) or ["runtime"])[0],
                source=f"{self.path}:{line}" if line else str(self.path),
                requires=tuple(graph.get(key, ())),
                extra=extra,
            )

    def _roots_from_pyproject(self) -> tuple[dict[str, list[str]] | None, set[str]]:
        manifest = self.path.with_name("pyproject.toml")
        if not manifest.is_file():
            return None, set()
        from reportgen.sources.pyproject import PyprojectSource

        roots: dict[str, list[str]] = {}
        for dep in PyprojectSource(manifest).collect():
            roots.setdefault(dep.group, []).append(canonicalize_name(dep.name))
        if not roots:
            return None, set()
        return roots, {n for names in roots.values() for n in names}


def _lock_groups(package: dict) -> list[str]:
    """Groups the lock itself records: Poetry 2 ``groups``, old ``category``."""
    if isinstance(package.get("groups"), list):
        groups = [("runtime" if g == "main" else named_group(g)) for g in package["groups"]]
        if package.get("optional") and groups == ["runtime"]:
            import re

            found = re.search(r"extra\s*==\s*[\"']([^\"']+)[\"']", str(package.get("markers", "")))
            return [f"optional:{found.group(1)}" if found else "optional:unknown"]
        return groups
    category = package.get("category")
    if category == "dev":
        return ["dev"]
    if category == "main":
        return ["runtime"]
    return []
