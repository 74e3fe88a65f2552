"""Where a project's dependencies come from: one module per file format.

Public API::

    detect(project_dir, python=None) -> list[DependencySource]
    collect(project_dir, *, only=None, python=None) -> list[Dependency]
    for_file(path) -> DependencySource
    REGISTRY: list of (file-name glob, source class)

``collect`` merges what every detected source says: the same package found in
several files becomes one entry (see :func:`merge`).  When an installed
environment is read together with manifests or lock files, it only *adds
detail* (installed version, dist-info folder, requirement graph) to packages
the project declares and to what those require; other packages that happen to
be installed in that environment are not the project's dependencies.
"""

from __future__ import annotations

import fnmatch
import importlib
import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from reportgen.errors import Location, SourceError
from reportgen.model import Dependency
from reportgen.sources.base import DependencySource

__all__ = [
    "REGISTRY",
    "DependencySource",
    "collect",
    "detect",
    "for_file",
    "merge",
    "supported_formats",
]

#: The source classes, most authoritative first, as (module, class name, file-name globs).
#: Format modules are imported only when a file of theirs is met, so importing
#: ``reportgen.sources`` stays cheap.  The globs repeat each class's ``patterns``
#: (``tests/sources/test_registry.py`` checks that they agree); a glob with a slash
#: is matched against ``parent/name``.
_SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("npm", "NodeModulesSource", ("node_modules",)),
    ("npm", "PackageLockSource", ("package-lock.json", "npm-shrinkwrap.json")),
    ("uv_lock", "UvLockSource", ("uv.lock",)),
    ("poetry_lock", "PoetryLockSource", ("poetry.lock",)),
    ("pipfile_lock", "PipfileLockSource", ("Pipfile.lock",)),
    ("pyproject", "PyprojectSource", ("pyproject.toml",)),
    ("pipfile_lock", "PipfileSource", ("Pipfile",)),
    ("npm", "PackageJsonSource", ("package.json",)),
    ("requirements", "RequirementsSource",
     ("requirements*.txt", "*requirements.txt", "requirements/*.txt", "requirements*.in")),
    ("docker", "ComposeSource",
     ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", "compose.*.yaml", "compose.*.yml",
      "docker-compose.*.yaml", "docker-compose.*.yml")),
    ("docker", "DockerfileSource", ("Dockerfile", "*.Dockerfile", "Dockerfile.*", "Containerfile", "*.dockerfile")),
)

#: (glob, class name) pairs, in the order they are tried.
_PATTERNS: tuple[tuple[str, str], ...] = tuple((pattern, name) for _, name, globs in _SOURCES for pattern in globs)
_MODULES: dict[str, str] = {name: module for module, name, _ in _SOURCES}
_MODULES["EnvironmentSource"] = "environment"
_ORDER: dict[str, int] = {name: index for index, (_, name, _) in enumerate(_SOURCES)}


def _class(name: str) -> type[DependencySource]:
    """The source class called ``name``, importing its module on first use."""
    return getattr(importlib.import_module(f"reportgen.sources.{_MODULES[name]}"), name)


def __getattr__(attr: str):
    # SOURCE_CLASSES, REGISTRY and the class names stay available, imported on first access.
    if attr == "SOURCE_CLASSES":
        return tuple(_class(name) for _, name, _ in _SOURCES)
    if attr == "REGISTRY":
        return [(pattern, _class(name)) for pattern, name in _PATTERNS]
    if attr in _MODULES:
        return _class(attr)
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


_VENV_NAMES = (".venv", "venv", "env", ".env")


def _match_name(path: Path) -> str | None:
    """The name of the source class whose globs match ``path`` (nothing is imported)."""
    name = path.name
    with_parent = f"{path.parent.name}/{name}"
    for pattern, cls_name in _PATTERNS:
        target = with_parent if "/" in pattern else name
        if fnmatch.fnmatchcase(target, pattern) or fnmatch.fnmatchcase(target.lower(), pattern.lower()):
            if cls_name == "RequirementsSource" and not name.endswith((".txt", ".in")):
                continue
            return cls_name
    return None


def _match(path: Path) -> type[DependencySource] | None:
    cls_name = _match_name(path)
    return None if cls_name is None else _class(cls_name)


def supported_formats() -> list[str]:
    """Human-readable list of what :func:`for_file` accepts."""
    names = [
        "package-lock.json",
        "npm-shrinkwrap.json",
        "package.json",
        "node_modules/",
        "uv.lock",
        "poetry.lock",
        "Pipfile.lock",
        "Pipfile",
        "pyproject.toml",
        "requirements*.txt (or any .txt/.in given explicitly)",
        "compose.yaml / docker-compose.yml",
        "Dockerfile / Containerfile",
        "a virtual environment folder or python executable",
    ]
    return names


def _is_venv(path: Path) -> bool:
    return path.is_dir() and (path / "pyvenv.cfg").is_file()


def for_file(path: str | os.PathLike[str]) -> DependencySource:
    """The source for one explicitly chosen file (or node_modules / venv folder)."""
    target = Path(path)
    if not target.exists():
        raise SourceError("no such file or folder", Location(str(target)), "check the path")
    if _is_venv(target):
        return _class("EnvironmentSource")(target)
    if target.is_file() and target.name.startswith("python") and os.access(target, os.X_OK):
        return _class("EnvironmentSource")(target)
    cls_name = _match_name(target)
    if cls_name == "NodeModulesSource" and not target.is_dir():
        cls_name = None
    if cls_name is None and target.is_file() and target.suffix in (".txt", ".in"):
        cls_name = "RequirementsSource"  # an explicitly chosen pip requirements file
    if cls_name is None or (cls_name != "NodeModulesSource" and target.is_dir()):
        raise SourceError(
            "unsupported dependency file",
            Location(str(target)),
            "supported: " + ", ".join(supported_formats()),
        )
    return _class(cls_name)(target)


def detect(project_dir: str | os.PathLike[str], python: str | os.PathLike[str] | None = None) -> list[DependencySource]:
    """The sources present in ``project_dir`` (its top level and a ``requirements/`` folder).

    An environment is included when ``python`` is given, or when the project
    has a virtual environment folder (``.venv``, ``venv``, ``env``).
    """
    root = Path(project_dir)
    if not root.is_dir():
        raise SourceError("not a folder", Location(str(root)), "give the project's folder")
    candidates: list[Path] = sorted(root.iterdir())
    req_dir = root / "requirements"
    if req_dir.is_dir():
        candidates += sorted(req_dir.iterdir())
    sources: list[DependencySource] = []
    for path in candidates:
        if path.name in _VENV_NAMES:
            continue
        cls_name = _match_name(path)
        if cls_name is None:
            continue
        if cls_name == "NodeModulesSource":
            if path.is_dir():
                sources.append(_class(cls_name)(path))
            continue
        if path.is_file():
            sources.append(_class(cls_name)(path))
    if python is not None:
        sources.append(_class("EnvironmentSource")(python))
    else:
        for name in _VENV_NAMES:
            if _is_venv(root / name):
                sources.append(_class("EnvironmentSource")(root / name))
                break
        else:
            active = _active_environment()
            if sources and active is not None:
                # No venv in the project: the environment reportgen runs in (the
                # student's activated venv) tells the installed versions and
                # license files of the declared packages.  It only adds detail
                # to what the project's files declare (see merge).
                sources.append(_class("EnvironmentSource")(active))
    sources.sort(key=lambda s: (s.priority, _ORDER.get(type(s).__name__, 99), str(s.path)))
    return sources


def _active_environment() -> str | None:
    """The activated virtual environment, else the interpreter running reportgen.

    ``REPORTGEN_NO_ACTIVE_ENV=1`` turns this off (the project's files alone).
    """
    if os.environ.get("REPORTGEN_NO_ACTIVE_ENV"):
        return None
    venv = os.environ.get("VIRTUAL_ENV")
    if venv and _is_venv(Path(venv)):
        return venv
    return sys.executable or None


def _group_rank(group: str) -> int:
    if group == "runtime":
        return 0
    if group.startswith("optional:"):
        return 1
    if group.startswith("group:"):
        return 2
    return 3


def _combine(first: Dependency, other: Dependency) -> Dependency:
    """``first`` (from the more authoritative source) completed with ``other``."""
    sources = list(first.extra.get("sources") or [first.source])
    if other.source and other.source not in sources:
        sources.append(other.source)
    extra = dict(other.extra)
    extra.update(first.extra)
    extra["sources"] = [s for s in sources if s]
    group = min((first.group, other.group), key=_group_rank)
    return Dependency(
        name=first.name,
        version=first.version or other.version,
        ecosystem=first.ecosystem,
        direct=first.direct or other.direct,
        group=group,
        source=first.source or other.source,
        requires=first.requires or other.requires,
        specifier=first.specifier or other.specifier,
        location=first.location or other.location,
        extra=extra,
    )


def merge(dependencies: Iterable[Dependency]) -> list[Dependency]:
    """One entry per package (per version, where a source lists several versions).

    Dependencies must come most authoritative first.  Entries with the same
    key and version are combined field by field (the first non-empty value
    wins; ``direct`` if any says so; the most needed group: runtime before
    optional before named groups before dev/test/docs).  An entry without a
    version joins the first versioned entry of that package (the direct one
    when there is one).
    """
    by_key: dict[str, list[Dependency]] = {}
    unversioned: list[Dependency] = []
    for dep in dependencies:
        if dep.version is None:
            unversioned.append(dep)
            continue
        entries = by_key.setdefault(dep.key, [])
        for index, existing in enumerate(entries):
            if existing.version == dep.version:
                entries[index] = _combine(existing, dep)
                break
        else:
            entries.append(dep)
    for dep in unversioned:
        entries = by_key.setdefault(dep.key, [])
        if not entries:
            entries.append(dep)
            continue
        target = next((i for i, e in enumerate(entries) if e.direct), 0)
        entries[target] = _combine(entries[target], dep)
    out = [dep for entries in by_key.values() for dep in entries]
    out.sort(key=lambda d: (d.ecosystem, d.key, d.version or ""))
    return out


def _wanted(group: str, only: set[str]) -> bool:
    if group in only:
        return True
    head = group.split(":", 1)[0]
    return head in only and ":" in group


def _trim_environment(env_deps: list[Dependency], declared: list[Dependency]) -> list[Dependency]:
    """Keep the installed packages the project declares and what they require."""
    from packaging.utils import canonicalize_name

    by_name = {canonicalize_name(d.name): d for d in env_deps}
    roots: dict[str, str] = {}
    declared_direct: set[str] = set()  # what the project itself asks for (a lock also lists the rest)
    for dep in declared:
        key = canonicalize_name(dep.name)
        current = roots.get(key)
        if current is None or _group_rank(dep.group) < _group_rank(current):
            roots[key] = dep.group
        if dep.direct:
            declared_direct.add(key)
    keep: dict[str, tuple[str, bool]] = {}
    for root, group in sorted(roots.items(), key=lambda item: _group_rank(item[1])):
        stack = [(root, root in declared_direct)]
        while stack:
            name, is_root = stack.pop()
            if name not in by_name:
                continue
            if name in keep:
                if is_root and not keep[name][1]:
                    keep[name] = (keep[name][0], True)
                continue
            keep[name] = (group, is_root)
            stack.extend((child, False) for child in by_name[name].requires)
    out = []
    for name, (group, is_root) in keep.items():
        dep = by_name[name]
        out.append(replace(dep, group=group, direct=is_root))
    return out


def collect(
    project_dir: str | os.PathLike[str],
    *,
    only: set[str] | None = None,
    python: str | os.PathLike[str] | None = None,
    sources: list[DependencySource] | None = None,
) -> list[Dependency]:
    """All dependencies of the project, merged across sources.

    ``only`` keeps the named groups: ``{"runtime"}`` drops dev/test/docs and
    the rest; ``"optional"`` / ``"group"`` select every ``optional:*`` /
    ``group:*``.  ``python`` reads that interpreter's or venv's installed
    packages too (see the module docs for how they combine).
    """
    chosen = sources if sources is not None else detect(project_dir, python=python)
    env_deps: list[Dependency] = []
    other: list[Dependency] = []
    environment = sys.modules.get("reportgen.sources.environment")  # no EnvironmentSource unless imported
    for source in chosen:
        items = list(source.collect())
        if environment is not None and isinstance(source, environment.EnvironmentSource):
            env_deps.extend(items)
        else:
            other.extend(items)
    python_declared = [d for d in other if d.ecosystem == "pypi"]
    if env_deps and python_declared:
        env_deps = _trim_environment(env_deps, python_declared)
    merged = merge(env_deps + other)
    if only is not None:
        merged = [d for d in merged if _wanted(d.group, set(only))]
    return merged
