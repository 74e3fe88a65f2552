"""``uv.lock`` (uv's universal lock file, TOML).

Every ``[[package]]`` is one pinned dependency.  The project itself (source
``virtual``/``editable`` = ``"."``) gives the roots: its ``dependencies`` are
``runtime`` and direct, ``[package.optional-dependencies] <extra>`` are
``optional:<extra>``, ``[package.dev-dependencies] <group>`` are the named
groups (``dev``/``test``/``docs`` or ``group:<name>``).  Transitive packages
take the group of the first root group that reaches them (runtime first).
Edges carry markers; they are kept as they are (a universal lock lists the
packages for every platform).

In a uv workspace, the lock's ``[manifest] members`` are all the project's own
packages: none of them is reported as a dependency, and the dependencies of
every member are roots (a member's ``dependencies`` runtime and direct, and so on).
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.utils import canonicalize_name

from reportgen.model import Dependency
from reportgen.sources.base import DependencySource, assign_groups, find_line, load_toml, named_group


def _is_project(package: dict) -> bool:
    source = package.get("source") or {}
    return any(source.get(kind) == "." for kind in ("virtual", "editable", "directory"))


class UvLockSource(DependencySource):
    """A ``uv.lock`` file: pinned packages, their graph and the project's groups."""

    name = "uv.lock"
    patterns = ("uv.lock",)
    ecosystem = "pypi"
    priority = 10

    def collect(self) -> Iterator[Dependency]:
        data = load_toml(self)
        text = self.read_text()
        packages = data.get("package")
        if not isinstance(packages, list):
            raise self.error("no [[package]] entries: is this a uv.lock file?", 1, 1)
        manifest = data.get("manifest") if isinstance(data.get("manifest"), dict) else {}
        members = {canonicalize_name(m) for m in manifest.get("members") or [] if isinstance(m, str)}
        by_name: dict[str, dict] = {}
        projects: list[dict] = []  # the project, or every member of a workspace
        for index, package in enumerate(packages):
            if not isinstance(package, dict) or "name" not in package:
                raise self.error(f"[[package]] number {index + 1} has no name", *find_line(text, "[[package]]"))
            key = canonicalize_name(package["name"])
            if key in members or (_is_project(package) and not projects):
                projects.append(package)
                continue
            by_name.setdefault(key, package)
        own = {canonicalize_name(p["name"]) for p in projects}

        def names(entries) -> list[str]:
            return [canonicalize_name(e["name"]) for e in entries or []
                    if isinstance(e, dict) and "name" in e and canonicalize_name(e["name"]) not in own]

        # extras asked for by any edge: requests[socks] pulls requests' socks deps
        wanted: dict[str, set[str]] = {}
        for package in packages:
            for entries in (
                [package.get("dependencies") or []]
                + list((package.get("optional-dependencies") or {}).values())
                + list((package.get("dev-dependencies") or {}).values())
            ):
                for entry in entries:
                    for extra in entry.get("extra", []) or []:
                        wanted.setdefault(canonicalize_name(entry["name"]), set()).add(extra)
        graph: dict[str, list[str]] = {}
        for key, package in by_name.items():
            edges = names(package.get("dependencies"))
            for extra in sorted(wanted.get(key, ())):
                edges += names((package.get("optional-dependencies") or {}).get(extra))
            graph[key] = list(dict.fromkeys(e for e in edges if e != key))

        roots: dict[str, list[str]] = {}
        direct: set[str] = set()
        if projects:
            for project in projects:
                roots.setdefault("runtime", []).extend(names(project.get("dependencies")))
                for extra, entries in (project.get("optional-dependencies") or {}).items():
                    roots.setdefault(f"optional:{extra}", []).extend(names(entries))
                for group, entries in (project.get("dev-dependencies") or {}).items():
                    roots.setdefault(named_group(group), []).extend(names(entries))
            roots = {group: list(dict.fromkeys(entries)) for group, entries in roots.items()}
            direct = {n for entries in roots.values() for n in entries}
        else:
            required = {t for targets in graph.values() for t in targets}
            direct = {n for n in by_name if n not in required}
            roots["runtime"] = sorted(direct) + sorted(required)
        groups = assign_groups(roots, graph)
        for key, package in sorted(by_name.items()):
            line, _ = find_line(text, f'name = "{package["name"]}"\nversion')
            source = package.get("source") or {}
            extra = {k: v for k, v in source.items()}
            yield Dependency(
                name=package["name"],
                version=str(package["version"]) if package.get("version") is not None else None,
                ecosystem="pypi",
                direct=key in direct,
                group=groups.get(key, "runtime"),
                source=f"{self.path}:{line}" if line else str(self.path),
                requires=tuple(graph.get(key, ())),
                extra={"lock_source": extra} if extra else {},
            )
