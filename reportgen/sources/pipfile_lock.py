"""Pipenv: ``Pipfile.lock`` (JSON) and ``Pipfile`` (TOML).

``Pipfile.lock`` has two sections: ``default`` (group ``runtime``) and
``develop`` (group ``dev``); a package in both is ``runtime``.  Versions are
the ``==`` pins; the lock has no dependency graph, so ``requires`` stays
empty.  A package is direct when the ``Pipfile`` next to the lock lists it; with
no ``Pipfile`` every locked package counts as direct (unknown).

``Pipfile`` alone gives ``[packages]`` (runtime) and ``[dev-packages]`` (dev)
with their version constraints.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from packaging.utils import canonicalize_name

from reportgen.model import Dependency
from reportgen.sources.base import DependencySource, find_line, load_toml


def _pin(version) -> str | None:
    if isinstance(version, str) and version.startswith("=="):
        text = version[2:].strip()
        return text if text and "*" not in text else None
    return None


class PipfileLockSource(DependencySource):
    """A pipenv ``Pipfile.lock``: ``default`` and ``develop`` pins."""

    name = "Pipfile.lock"
    patterns = ("Pipfile.lock",)
    ecosystem = "pypi"
    priority = 10

    def collect(self) -> Iterator[Dependency]:
        text = self.read_text()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self.error(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno) from None
        if not isinstance(data, dict) or not ({"default", "develop"} & set(data)):
            raise self.error("no 'default' or 'develop' section: is this a Pipfile.lock?", 1, 1)
        declared = self._declared()
        runtime_names = {canonicalize_name(n) for n in (data.get("default") or {})}
        emitted: set[str] = set()
        for section, group in (("default", "runtime"), ("develop", "dev")):
            entries = data.get(section) or {}
            if not isinstance(entries, dict):
                raise self.error(f"'{section}' must be an object", *find_line(text, f'"{section}"'))
            for name, entry in entries.items():
                key = canonicalize_name(name)
                if key in emitted or (group == "dev" and key in runtime_names):
                    continue
                emitted.add(key)
                entry = entry if isinstance(entry, dict) else {}
                line, _ = find_line(text, f'"{name}": {{')
                extra = {
                    k: entry[k] for k in ("markers", "extras", "git", "ref", "path", "editable", "index") if k in entry
                }
                yield Dependency(
                    name=name,
                    version=_pin(entry.get("version")),
                    ecosystem="pypi",
                    direct=(key in declared) if declared is not None else True,
                    group=group,
                    source=f"{self.path}:{line}" if line else str(self.path),
                    extra=extra,
                )

    def _declared(self) -> set[str] | None:
        pipfile = self.path.with_name("Pipfile")
        if not pipfile.is_file():
            return None
        return {canonicalize_name(d.name) for d in PipfileSource(pipfile).collect()}


class PipfileSource(DependencySource):
    """A pipenv ``Pipfile``: ``[packages]`` and ``[dev-packages]``."""

    name = "Pipfile"
    patterns = ("Pipfile",)
    ecosystem = "pypi"
    priority = 20
    declarative = True

    def collect(self) -> Iterator[Dependency]:
        data = load_toml(self)
        text = self.read_text()
        for section, group in (("packages", "runtime"), ("dev-packages", "dev")):
            for name, spec in (data.get(section) or {}).items():
                version = (
                    spec if isinstance(spec, str) else (spec or {}).get("version") if isinstance(spec, dict) else None
                )
                line, _ = find_line(text, f"\n{name} ")
                extra = {}
                if isinstance(spec, dict):
                    extra = {k: spec[k] for k in ("extras", "markers", "git", "ref", "path", "editable") if k in spec}
                yield Dependency(
                    name=name,
                    version=_pin(version),
                    ecosystem="pypi",
                    direct=True,
                    group=group,
                    source=f"{self.path}:{line + 1}" if line else str(self.path),
                    specifier=None if version in (None, "*") else version,
                    extra=extra,
                )
