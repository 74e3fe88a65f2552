"""pip requirements files (``requirements.txt``, ``requirements-dev.txt``, ...).

Supported: one PEP 508 requirement per line (``packaging`` parses it),
``-r``/``--requirement`` includes (relative to the including file),
``-c``/``--constraint`` files (they pin versions of listed packages but add no
package), environment markers (evaluated for the running interpreter; lines
whose marker is false are left out unless ``all_markers=True``), extras,
per-line options (``--hash``, ``--config-settings``...), backslash
continuations, comments, ``name @ URL``, VCS/URL lines with ``#egg=name``,
``-e``/``--editable``, and global option lines (``--index-url``...), which are
ignored.  ``${NAME}`` (upper-case letters, digits and ``_``) is replaced by that
environment variable, as pip does, and left as written when it is not set.  The group comes from the file name (``requirements-dev.txt`` ->
``dev``; ``test``, ``docs`` likewise; else ``runtime``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from reportgen.model import Dependency
from reportgen.sources.base import DependencySource, group_from_word

# Options that take a value and only configure pip: the line is ignored.
_GLOBAL_WITH_VALUE = {
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--no-binary",
    "--only-binary",
    "--trusted-host",
    "--use-feature",
    "--progress-bar",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--config-settings",
    "--global-option",
}
_GLOBAL_FLAGS = {"--no-index", "--pre", "--prefer-binary", "--require-hashes", "--no-deps", "-Z", "--always-unzip"}

_COMMENT = re.compile(r"(^|\s)#.*$")
_ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?")
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git\+|hg\+|svn\+|bzr\+|file:|\.{0,2}/)", re.I)


@dataclass
class _Line:
    path: Path
    number: int  # 1-based line of the (first physical) line
    text: str  # logical line, comments removed
    offset: int  # columns removed from the left (for error columns)


def _expand_env(text: str) -> str:
    """pip's ``${NAME}`` substitution: set variables are replaced, others stay as written."""
    if "${" not in text:
        return text
    return _ENV_VAR.sub(lambda m: os.environ.get(m.group(1)) or m.group(0), text)


def _unset_variables(text: str) -> list[str]:
    return [name for name in _ENV_VAR.findall(text) if not os.environ.get(name)]


def _logical_lines(text: str, path: Path) -> Iterator[_Line]:
    """Strip comments, join backslash continuations and expand ``${NAME}``, keeping line numbers."""
    buffer = ""
    start = 0
    for index, raw in enumerate(text.splitlines(), start=1):
        if not buffer:
            start = index
        content = _COMMENT.sub("", raw).rstrip()
        if content.endswith("\\"):
            buffer += content[:-1] + " "
            continue
        buffer += content
        if buffer.strip():
            lead = len(buffer) - len(buffer.lstrip())
            yield _Line(path, start, _expand_env(buffer.strip()), lead)
        buffer = ""
    if buffer.strip():
        lead = len(buffer) - len(buffer.lstrip())
        yield _Line(path, start, _expand_env(buffer.strip()), lead)


def _option_value(text: str) -> tuple[str, str]:
    """``"-r other.txt"`` / ``"--requirement=other.txt"`` -> (option, value)."""
    match = re.match(r"^(--?[A-Za-z][\w-]*)(?:\s*=\s*|\s+)?(.*)$", text)
    if not match:
        return text, ""
    return match.group(1), match.group(2).strip()


def _split_per_requirement_options(text: str) -> str:
    """The requirement part of a line, without trailing ``--hash=...`` style options."""
    for match in re.finditer(r"\s(--[A-Za-z][\w-]*)", text):
        return text[: match.start()].rstrip()
    return text


def _pin(req: Requirement) -> str | None:
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        return specs[0].version
    return None


class RequirementsSource(DependencySource):
    """A pip requirements file, with its ``-r`` includes and ``-c`` constraints."""

    name = "requirements.txt"
    patterns = ("requirements*.txt", "*requirements.txt", "requirements/*.txt", "requirements*.in")
    ecosystem = "pypi"
    priority = 20
    declarative = True

    def __init__(self, path: str | Path, *, all_markers: bool = False):
        super().__init__(path)
        self.all_markers = all_markers

    def collect(self) -> Iterator[Dependency]:
        found: list[tuple[Dependency, Requirement | None]] = []
        constraints: dict[str, str] = {}
        self._read(self.path, found, constraints, visiting=[], constraint=False)
        for dep, _req in found:
            key = canonicalize_name(dep.name)
            if dep.version is None and key in constraints:
                extra = dict(dep.extra)
                extra["constraint"] = constraints[key]
                dep = replace(dep, version=constraints[key], extra=extra)
            yield dep

    # ------------------------------------------------------------------
    def _read(
        self,
        path: Path,
        found: list,
        constraints: dict[str, str],
        visiting: list[Path],
        constraint: bool,
    ) -> None:
        resolved = path.resolve()
        if resolved in visiting:
            return  # an include cycle: each file is read once
        visiting.append(resolved)
        text = self.read_text(path)
        group = group_from_word(path.stem) or "runtime"
        for line in _logical_lines(text, path):
            body = line.text
            if body.startswith("-") and not body.startswith(("-e", "--editable")):
                option, value = _option_value(body)
                if option in ("-r", "--requirement", "-c", "--constraint"):
                    if not value:
                        raise self.error(f"{option} needs a file name", line.number, line.offset + 1, path=path)
                    if re.match(r"^[a-z]+://", value):
                        raise self.error(
                            f"cannot include a remote file offline: {value}",
                            line.number,
                            line.offset + 1,
                            "download it and include the local copy",
                            path=path,
                        )
                    target = Path(value) if Path(value).is_absolute() else Path(os.path.normpath(path.parent / value))
                    if not target.is_file():
                        raise self.error(
                            f"included file not found: {value}",
                            line.number,
                            line.offset + len(option) + 2,
                            f"looked for {target}",
                            path=path,
                        )
                    is_constraint = constraint or option in ("-c", "--constraint")
                    self._read(target, found, constraints, visiting, is_constraint)
                    continue
                if option in _GLOBAL_WITH_VALUE or option in _GLOBAL_FLAGS:
                    continue
                raise self.error(
                    f"unknown option {option}",
                    line.number,
                    line.offset + 1,
                    "pip does not know it either; check the spelling",
                    path=path,
                )
            editable = False
            if body.startswith(("-e", "--editable")):
                option, value = _option_value(body)
                body, editable = value, True
            body = _split_per_requirement_options(body)
            dep = self._parse(body, line, group, editable, path)
            if dep is None:
                continue
            dependency, req = dep
            if constraint:
                if dependency.version:
                    constraints[canonicalize_name(dependency.name)] = dependency.version
                continue
            found.append(dep)
        visiting.pop()

    def _parse(self, body: str, line: _Line, group: str, editable: bool, path: Path):
        source = f"{path}:{line.number}"
        if _URLISH.match(body) or _is_path_or_archive(body) or (editable and "://" in body):
            named = _name_of_location(body, path.parent)
            if named is None:
                return None  # a local path or URL that names no package
            name, version = named
            return (
                Dependency(
                    name=name,
                    version=version,
                    ecosystem="pypi",
                    direct=True,
                    group=group,
                    source=source,
                    extra={"url": body.split("#", 1)[0], "editable": editable},
                ),
                None,
            )
        try:
            req = Requirement(body)
        except InvalidRequirement as exc:
            message, column = _describe_invalid(str(exc))
            unset = _unset_variables(body)
            hint = (f"the environment variable {unset[0]} is not set" if unset
                    else "expected e.g. 'flask>=3.0' or 'name @ https://...'")
            raise self.error(
                f"cannot parse requirement: {message}",
                line.number,
                line.offset + column,
                hint,
                path=path,
            ) from None
        marker_text = str(req.marker) if req.marker else None
        if req.marker is not None and not self.all_markers and not req.marker.evaluate({"extra": ""}):
            return None
        extra: dict = {}
        if marker_text:
            extra["marker"] = marker_text
        if req.extras:
            extra["extras"] = sorted(req.extras)
        if req.url:
            extra["url"] = req.url
        if editable:
            extra["editable"] = True
        return (
            Dependency(
                name=req.name,
                version=_pin(req),
                ecosystem="pypi",
                direct=True,
                group=group,
                source=source,
                specifier=str(req.specifier) or None,
                extra=extra,
            ),
            req,
        )


_ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar")


def _is_path_or_archive(body: str) -> bool:
    if " @ " in body or ";" in body:
        return False
    return body in (".", "..") or body.startswith(("/", "~", "./", "../")) or body.lower().endswith(_ARCHIVES)


def _name_of_location(body: str, base: Path) -> tuple[str, str | None] | None:
    """(name, version) for a URL or path line: ``#egg=``, a wheel/sdist file name, or a local project."""
    from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename

    egg = _EGG.search(body)
    if egg:
        return egg.group(1), None
    location = body.split("#", 1)[0]
    filename = location.rstrip("/").rsplit("/", 1)[-1]
    try:
        if filename.endswith(".whl"):
            name, version, _build, _tags = parse_wheel_filename(filename)
            return str(name), str(version)
        if filename.lower().endswith(_ARCHIVES):
            name, version = parse_sdist_filename(filename)
            return str(name), str(version)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    if "://" in location:
        return None
    folder = (
        (base / Path(location).expanduser())
        if not Path(location).expanduser().is_absolute()
        else Path(location).expanduser()
    )
    if folder.resolve() == base.resolve():
        return None  # "-e ." installs the project itself, which is not its own dependency
    manifest = folder / "pyproject.toml"
    if manifest.is_file():
        try:
            import tomllib
        except ModuleNotFoundError:  # Python < 3.11
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            project = tomllib.loads(manifest.read_text(encoding="utf-8")).get("project") or {}
        except (OSError, ValueError):
            return None
        if project.get("name"):
            return str(project["name"]), (str(project["version"]) if project.get("version") else None)
    return None


def _describe_invalid(text: str) -> tuple[str, int]:
    """packaging's multi-line message -> (first line, 1-based column of the caret)."""
    lines = text.splitlines()
    message = lines[0].strip() if lines else text
    column = 1
    for index, line in enumerate(lines):
        if line.strip() and set(line.strip()) <= {"^", "~"} and index > 0:
            # the line above holds the requirement, indented like the caret line
            above = lines[index - 1]
            indent = len(above) - len(above.lstrip())
            column = line.index(line.strip()[0]) - indent + 1
            break
    return message, max(column, 1)
