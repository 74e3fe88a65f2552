"""``pyproject.toml``: PEP 621, PEP 735 dependency groups, and Poetry tables.

* ``[project] dependencies`` -> group ``runtime``;
  ``[project.optional-dependencies] <extra>`` -> ``optional:<extra>``.
* ``[dependency-groups] <name>`` (PEP 735, with ``{include-group = "..."}``)
  -> ``dev``/``test``/``docs`` when the name says so, else ``group:<name>``.
* Poetry: ``[tool.poetry.dependencies]`` (``python`` skipped; ``optional = true``
  entries become ``optional:<extra>`` through ``[tool.poetry.extras]``),
  ``[tool.poetry.group.<g>.dependencies]`` and the old ``dev-dependencies``.

A requirement naming the project itself (``myproject[extra]``) is left out, and so
is one that ``[tool.uv.sources]`` takes from the uv workspace (``{workspace = true}``):
that is the project's own code, not a dependency.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from reportgen.model import Dependency
from reportgen.sources.base import DependencySource, find_line, load_toml, named_group
from reportgen.sources.requirements import _describe_invalid, _pin


class PyprojectSource(DependencySource):
    """Declared dependencies of a Python project (no exact versions unless pinned)."""

    name = "pyproject.toml"
    patterns = ("pyproject.toml",)
    ecosystem = "pypi"
    priority = 20
    declarative = True

    def collect(self) -> Iterator[Dependency]:
        data = load_toml(self)
        self._text = self.read_text()
        project = data.get("project") or {}
        poetry = (data.get("tool") or {}).get("poetry") or {}
        own = {canonicalize_name(str(n)) for n in (project.get("name"), poetry.get("name")) if n}
        uv_sources = ((data.get("tool") or {}).get("uv") or {}).get("sources") or {}
        if isinstance(uv_sources, dict):
            own |= {canonicalize_name(str(name)) for name, spec in uv_sources.items()
                    if isinstance(spec, dict) and spec.get("workspace") is True}
        seen: set[tuple[str, str]] = set()

        def emit(deps: Iterator[Dependency]) -> Iterator[Dependency]:
            for dep in deps:
                key = (canonicalize_name(dep.name), dep.group)
                if canonicalize_name(dep.name) in own or key in seen:
                    continue
                seen.add(key)
                yield dep

        yield from emit(self._pep508_list(project.get("dependencies") or [], "runtime", "project.dependencies"))
        for extra, reqs in (project.get("optional-dependencies") or {}).items():
            yield from emit(self._pep508_list(reqs, f"optional:{extra}", f"project.optional-dependencies.{extra}"))
        groups = data.get("dependency-groups") or {}
        for group_name in groups:
            reqs = self._expand_group(groups, group_name, [])
            yield from emit(self._pep508_list(reqs, named_group(group_name), f"dependency-groups.{group_name}"))
        if poetry:
            yield from emit(self._poetry(poetry))

    # PEP 508 / 621 / 735 -------------------------------------------------
    def _pep508_list(self, reqs, group: str, where: str) -> Iterator[Dependency]:
        if not isinstance(reqs, list):
            line, col = find_line(self._text, where.split(".")[-1])
            raise self.error(f"{where} must be a list of requirement strings", line, col)
        for item in reqs:
            if not isinstance(item, str):
                line, col = find_line(self._text, where.split(".")[-1])
                raise self.error(f"{where}: expected a requirement string, got {item!r}", line, col)
            try:
                req = Requirement(item)
            except InvalidRequirement as exc:
                message, column = _describe_invalid(str(exc))
                line, col = find_line(self._text, item)
                raise self.error(
                    f"cannot parse requirement {item!r} in {where}: {message}",
                    line,
                    (col + column) if col else None,  # col points at the string's first char
                    "expected e.g. 'flask>=3.0'",
                ) from None
            extra = {}
            if req.marker:
                extra["marker"] = str(req.marker)
            if req.extras:
                extra["extras"] = sorted(req.extras)
            if req.url:
                extra["url"] = req.url
            line, _ = find_line(self._text, item)
            yield Dependency(
                name=req.name,
                version=_pin(req),
                ecosystem="pypi",
                direct=True,
                group=group,
                source=f"{self.path}:{line}" if line else str(self.path),
                specifier=str(req.specifier) or None,
                extra=extra,
            )

    def _expand_group(self, groups: dict, name: str, stack: list[str]) -> list[str]:
        if name in stack:
            line, col = find_line(self._text, f'include-group = "{name}"')
            raise self.error(
                f"dependency group {name!r} includes itself (via {' -> '.join(stack + [name])})", line, col
            )
        wanted = canonicalize_name(name)
        matches = [k for k in groups if canonicalize_name(k) == wanted]
        if not matches:
            line, col = find_line(self._text, name)
            raise self.error(
                f"unknown dependency group {name!r} in include-group", line, col, f"known groups: {', '.join(groups)}"
            )
        out: list[str] = []
        for item in groups[matches[0]]:
            if isinstance(item, dict) and "include-group" in item:
                out.extend(self._expand_group(groups, item["include-group"], stack + [name]))
            else:
                out.append(item)
        return out

    # Poetry ---------------------------------------------------------------
    def _poetry(self, poetry: dict) -> Iterator[Dependency]:
        extras_of: dict[str, str] = {}
        for extra, names in (poetry.get("extras") or {}).items():
            for name in names:
                extras_of.setdefault(canonicalize_name(name), extra)
        tables: list[tuple[dict, str | None]] = [(poetry.get("dependencies") or {}, None)]
        if poetry.get("dev-dependencies"):
            tables.append((poetry["dev-dependencies"], "dev"))
        for group_name, group in (poetry.get("group") or {}).items():
            tables.append(((group or {}).get("dependencies") or {}, named_group(group_name)))
        for table, group in tables:
            for name, spec in table.items():
                if name.lower() == "python":
                    continue
                constraint, extra = _poetry_spec(spec)
                dep_group = group or "runtime"
                if group is None and extra.get("optional"):
                    dep_group = f"optional:{extras_of.get(canonicalize_name(name), 'optional')}"
                line, _ = find_line(self._text, f"\n{name} ")
                yield Dependency(
                    name=name,
                    version=_poetry_pin(constraint),
                    ecosystem="pypi",
                    direct=True,
                    group=dep_group,
                    source=f"{self.path}:{line + 1}" if line else str(self.path),
                    specifier=constraint,
                    extra=extra,
                )


def _poetry_spec(spec) -> tuple[str | None, dict]:
    """A Poetry dependency value -> (version constraint, details)."""
    if isinstance(spec, str):
        return spec, {}
    if isinstance(spec, list):  # multiple constraints by marker: keep the first
        first = spec[0] if spec else {}
        constraint, extra = _poetry_spec(first)
        extra["alternatives"] = len(spec)
        return constraint, extra
    if isinstance(spec, dict):
        extra = {k: spec[k] for k in ("optional", "extras", "markers", "git", "path", "url", "source") if k in spec}
        return spec.get("version"), extra
    return None, {}


def _poetry_pin(constraint: str | None) -> str | None:
    """Poetry treats a bare version (``"1.2.3"``) and ``"==1.2.3"`` as exact."""
    if not constraint:
        return None
    text = constraint.strip()
    if text.startswith("=="):
        text = text[2:].strip()
    elif text.startswith("="):
        text = text[1:].strip()
    if text and text[0].isdigit() and all(c.isalnum() or c in ".+-!" for c in text) and "*" not in text:
        return text
    return None
