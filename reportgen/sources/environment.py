"""Installed Python distributions of an interpreter or virtual environment.

The target interpreter is run once (``python -I -c ...``) to learn its
``sys.path`` and the values environment markers are evaluated against; the
``*.dist-info`` / ``*.egg-info`` folders on that path are then read directly
from disk.  No package of the target is imported, and the interpreter may be
any Python (another version, another venv) -- it only needs the standard
library.  Results are cached per interpreter for the life of the process
(:func:`clear_cache` forgets them).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING, Callable

from packaging.utils import canonicalize_name

from reportgen.errors import Location, SourceError
from reportgen.model import Dependency
from reportgen.sources.base import DependencySource

if TYPE_CHECKING:  # packaging's requirement and marker parsers are imported when a graph is built
    from packaging.requirements import Requirement

#: Installer tooling that ``include_tools=False`` leaves out.
TOOLS = frozenset({"pip", "setuptools", "wheel", "distribute", "pkg-resources"})

# Runs inside the target interpreter: standard library only, no imports of
# third-party code, one JSON line on stdout.
_PROBE = r"""
import json, os, platform, sys
def _full(info):
    v = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        v += info.releaselevel[0] + str(info.serial)
    return v
impl = getattr(sys, "implementation", None)
markers = {
    "implementation_name": impl.name if impl else "cpython",
    "implementation_version": _full(impl.version) if impl else "0",
    "os_name": os.name,
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform,
}
paths = list(sys.path)
if sys.prefix == getattr(sys, "base_prefix", sys.prefix):
    try:
        import site
        user = site.getusersitepackages()
        if user and os.path.isdir(user) and user not in paths:
            paths.append(user)
    except Exception:
        pass
print(json.dumps({"path": paths, "executable": sys.executable, "prefix": sys.prefix,
                  "version": platform.python_version(), "markers": markers}))
"""


@dataclass
class Interpreter:
    """What the probe learned about one interpreter."""

    executable: str
    version: str
    prefix: str
    path: list[str]
    markers: dict[str, str]


@dataclass
class Distribution:
    """One installed distribution, read from its metadata folder."""

    name: str
    canonical: str
    version: str | None
    location: Path  # the .dist-info / .egg-info folder (or file)
    requires_dist: list[str] = field(default_factory=list)  # raw PEP 508 strings
    metadata: dict[str, str] = field(default_factory=dict)
    #: the headers that name URLs (Project-URL, Home-page, Download-URL), as lists of values; see url_fields()
    urls: dict[str, list[str]] = field(default_factory=dict)

    @property
    def requirements(self) -> list[Requirement]:
        """The parsed ``Requires-Dist`` entries (unparseable ones left out)."""
        return [r for r in map(_requirement, self.requires_dist) if r is not None]


_PROBES: dict[str, Interpreter] = {}
_SCANS: dict[str, dict[str, Distribution]] = {}
_GRAPHS: dict[str, dict[str, list[str]]] = {}


def clear_cache() -> None:
    """Forget probed interpreters and scanned environments."""
    _PROBES.clear()
    _SCANS.clear()
    _GRAPHS.clear()


def resolve_python(python: str | os.PathLike[str] | None) -> str:
    """The interpreter executable for ``python``: None (this one), a venv folder, or an executable."""
    if python is None:
        return sys.executable
    candidate = Path(python).expanduser()
    if candidate.is_dir():
        for rel in ("bin/python", "bin/python3", "Scripts/python.exe", "python.exe"):
            exe = candidate / rel
            if exe.exists():
                return str(exe)
        raise SourceError(
            "no Python interpreter in this folder",
            Location(str(candidate)),
            "give a virtual environment folder (with bin/python) or a python executable",
        )
    if candidate.exists():
        return str(candidate)
    if os.sep not in str(python):
        import shutil

        found = shutil.which(str(python))
        if found:
            return found
    raise SourceError("Python interpreter not found", Location(str(python)), "check the path given as --python")


def probe(python: str | os.PathLike[str] | None = None) -> Interpreter:
    """Run the interpreter once and return its search path and marker values (cached)."""
    exe = resolve_python(python)
    cached = _PROBES.get(exe)
    if cached is not None:
        return cached
    try:
        proc = subprocess.run([exe, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        raise SourceError(f"cannot run the interpreter: {exc.strerror}", Location(exe)) from None
    except subprocess.TimeoutExpired:
        raise SourceError("the interpreter did not answer within 60 s", Location(exe)) from None
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise SourceError(f"the interpreter failed: {last}", Location(exe), "is this a working Python?")
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise SourceError("the interpreter gave no readable answer", Location(exe)) from None
    info = Interpreter(
        executable=exe,
        version=data["version"],
        prefix=data["prefix"],
        path=[p for p in data["path"] if p],
        markers=data["markers"],
    )
    _PROBES[exe] = info
    return info


def select_headers(text: str, prefixes: tuple[str, ...]) -> str:
    """The header lines of a METADATA text whose lower-cased names start with one of
    ``prefixes`` (such as ``"license:"``), with their continuation lines.

    The body (long description) and the headers not asked for are dropped before a parser
    sees the text: parsing them is the slowest step of reading metadata.
    """
    end = text.find("\n\n")
    block = text if end < 0 else text[: end + 1]
    width = max(map(len, prefixes))
    kept: list[str] = []
    keep = False
    for line in block.splitlines(keepends=True):
        if line[:1] in (" ", "\t"):
            if keep:
                kept.append(line)
            continue
        keep = line[:width].lower().startswith(prefixes)
        if keep:
            kept.append(line)
    return "".join(kept)


_META_HEADERS = frozenset({"license", "license-expression", "home-page", "summary"})
_SCAN_HEADERS = frozenset({"name", "version", "requires-dist"}) | _META_HEADERS


def _scan_header(name: str) -> bool:
    """The headers the environment scan keeps: identity, requirements, license hints and URLs."""
    return name.lower() in _SCAN_HEADERS or _is_url_header(name)


def _first(headers: dict[str, list[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


#: Header names (lower case, letters and digits only) whose values are URLs that name a repository.
URL_LABELS = frozenset({"projecturl", "projecturls", "homepage", "downloadurl"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def header_fields(text: str, keep: Callable[[str], bool] | None = None) -> dict[str, list[str]]:
    """The header fields of a METADATA / PKG-INFO text: header name as written -> values.

    Read line by line: a continuation line is joined to its value with a newline, values
    are stripped, and the header block ends at the first empty line (the long description
    follows).  ``keep`` chooses the headers by name (all of them when None).
    """
    fields: dict[str, list[str]] = {}
    last: str | None = None
    kept = False
    end = text.find("\n\n")  # the long description is often most of the text: leave it unsplit
    for line in (text if end < 0 else text[: end + 1]).splitlines():
        if not line:
            break
        if line[0] in " \t" and last is not None:
            if kept:
                fields[last][-1] += "\n" + line.strip()
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        last = key.strip()
        kept = keep is None or keep(last)
        if kept:
            fields.setdefault(last, []).append(value.strip())
    return fields


def _is_url_header(name: str) -> bool:
    lowered = name.lower()
    return ("url" in lowered or "home" in lowered) and _NOT_ALNUM.sub("", lowered) in URL_LABELS


def url_fields(text: str) -> dict[str, list[str]]:
    """The URL headers of a METADATA / PKG-INFO text (those
    :func:`reportgen.knowledge.repos.repository_for` looks at), so the environment scan can
    hand them on instead of the file being read again."""
    return header_fields(text, _is_url_header)


@functools.lru_cache(maxsize=8192)
def _requirement(text: str) -> Requirement | None:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(text)
    except InvalidRequirement:
        return None  # broken metadata of one package should not stop the scan


@functools.lru_cache(maxsize=4096)
def _only_extra(text: str) -> str | None:
    """The extra name when a requirement's whole marker is ``extra == "name"``, else None."""
    _, sep, marker = text.partition(";")
    if not sep:
        return None
    match = _EXTRA_ONLY.match(marker)
    return canonicalize_name(match.group(1)) if match else None


_EXTRA_ONLY = re.compile(r"""^\s*\(?\s*extra\s*==\s*['"]([^'"]+)['"]\s*\)?\s*$""")


def _parse_egg_requires(text: str) -> list[str]:
    """``requires.txt`` of an egg-info folder, as PEP 508 strings with markers."""
    out: list[str] = []
    section_marker: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            extra, _, marker = line[1:-1].partition(":")
            parts = []
            if extra.strip():
                parts.append(f'extra == "{extra.strip()}"')
            if marker.strip():
                parts.append(f"({marker.strip()})")
            section_marker = " and ".join(parts) or None
            continue
        out.append(f"{line}; {section_marker}" if section_marker else line)
    return out


def metadata_file(folder: Path) -> Path:
    """The core-metadata file of an installed distribution: a ``.dist-info`` folder's METADATA,
    an ``.egg-info`` folder's PKG-INFO, or the PKG-INFO-style ``.egg-info`` file itself."""
    if folder.name.endswith(".dist-info"):
        return folder / "METADATA"
    return folder / "PKG-INFO" if folder.is_dir() else folder


def read_metadata(folder: str | os.PathLike[str]) -> dict[str, list[str]]:
    """Every header of an installed distribution's core metadata (see :func:`header_fields`);
    empty when the file cannot be read."""
    try:
        return header_fields(metadata_file(Path(folder)).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return {}


def read_distribution(folder: Path) -> Distribution | None:
    """Read one ``.dist-info`` / ``.egg-info`` folder (or PKG-INFO-style ``.egg-info`` file)."""
    is_dist_info = folder.name.endswith(".dist-info")
    try:
        text = metadata_file(folder).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = header_fields(text, _scan_header)
    headers = {key.lower(): values for key, values in fields.items()}
    name = _first(headers, "name")
    if not name:
        # fall back on the folder name: name-version.dist-info
        stem = folder.name.rsplit(".", 1)[0]
        name = stem.split("-")[0]
        if not name:
            return None
    name = name.strip()
    version = _first(headers, "version")
    if version is None and "-" in folder.name:
        version = folder.name.rsplit(".", 1)[0].split("-")[1]
    if is_dist_info:
        req_texts = headers.get("requires-dist", [])
    else:
        req_texts = []
        if folder.is_dir():
            try:
                req_texts = _parse_egg_requires((folder / "requires.txt").read_text(encoding="utf-8"))
            except OSError:
                pass
    meta = {key: values[0] for key, values in fields.items() if key.lower() in _META_HEADERS}
    return Distribution(
        name=name,
        canonical=canonicalize_name(name),
        version=version.strip() if version else None,
        location=folder,
        requires_dist=list(req_texts),
        metadata=meta,
        urls={key: values for key, values in fields.items() if _is_url_header(key)},
    )


def scan(python: str | os.PathLike[str] | None = None) -> dict[str, Distribution]:
    """All distributions importable by the interpreter, by canonical name (first on sys.path wins)."""
    info = probe(python)
    cached = _SCANS.get(info.executable)
    if cached is not None:
        return cached
    found: dict[str, Distribution] = {}
    for entry in info.path:
        try:
            items = sorted(os.scandir(entry), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for item in items:
            if not (item.name.endswith(".dist-info") or item.name.endswith(".egg-info")):
                continue
            dist = read_distribution(Path(item.path))
            if dist is None or dist.canonical in found:
                continue
            found[dist.canonical] = dist
    _SCANS[info.executable] = found
    return found


def _applies(req: Requirement, markers: dict[str, str], extras: set[str] | frozenset[str], *, mentions_extra: bool = True) -> bool:
    """Whether ``req``'s marker holds for ``markers`` with no extra or one of ``extras``.

    ``mentions_extra=False`` (the marker never names ``extra``): the answer is the same
    for every extra, so it is asked once.
    """
    if req.marker is None:
        return True
    from packaging.markers import InvalidMarker, UndefinedComparison, UndefinedEnvironmentName

    choices = sorted({""} | set(extras)) if mentions_extra else [""]
    for extra in choices:
        env = dict(markers)
        env["extra"] = extra
        try:
            if req.marker.evaluate(env):
                return True
        except (UndefinedComparison, UndefinedEnvironmentName, InvalidMarker):
            return False
    return False


class _Markers:
    """Marker answers for one interpreter, each marker evaluated once per set of extras.

    Most requirements of an environment share a few markers (``python_version < "3.8"``,
    ``sys_platform == "win32"``), and the requirement graph asks about every
    distribution at least twice.
    """

    def __init__(self, markers: dict[str, str]):
        self.markers = markers
        self._answers: dict[tuple[str, frozenset[str]], bool] = {}

    def applies(self, text: str, req: Requirement, extras: frozenset[str]) -> bool:
        """Whether the requirement ``text`` (parsed: ``req``) applies with ``extras`` requested."""
        if req.marker is None:
            return True
        marker = text.partition(";")[2]  # the answer depends on the marker alone
        mentions_extra = "extra" in marker
        key = (marker, extras if mentions_extra else frozenset())
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = _applies(req, self.markers, extras, mentions_extra=mentions_extra)
        return answer


def _active(dist: Distribution, answers: _Markers, extras: set[str]) -> Iterator[Requirement]:
    """The requirements of ``dist`` that apply, with ``extras`` requested."""
    frozen = frozenset(extras)
    for text in dist.requires_dist:
        extra = _only_extra(text)
        if extra is not None and extra not in extras:
            continue  # an extra nobody asked for: no need to parse it
        req = _requirement(text)
        if req is not None and answers.applies(text, req, frozen):
            yield req


def requirement_graph(dists: dict[str, Distribution], markers: dict[str, str]) -> dict[str, list[str]]:
    """canonical name -> canonical names it requires, markers evaluated.

    Extras of a distribution are followed only when an installed distribution
    asks for them (``requests[socks]``), found by iterating to a fixed point.
    """
    wanted: dict[str, set[str]] = {name: set() for name in dists}
    answers = _Markers(markers)
    while True:
        changed = False
        for name, dist in dists.items():
            for req in _active(dist, answers, wanted[name]):
                if not req.extras:
                    continue
                target = canonicalize_name(req.name)
                extras = {canonicalize_name(e) for e in req.extras}
                if target in wanted and not extras <= wanted[target]:
                    wanted[target] |= extras
                    changed = True
        if not changed:
            break
    graph: dict[str, list[str]] = {}
    for name, dist in dists.items():
        seen: list[str] = []
        for req in _active(dist, answers, wanted[name]):
            target = canonicalize_name(req.name)
            if target not in seen and target != name:
                seen.append(target)
        graph[name] = seen
    return graph


class EnvironmentSource(DependencySource):
    """The distributions installed for a Python interpreter or virtual environment.

    ``python`` may be None (the interpreter running reportgen), a venv folder,
    its ``bin/python``, or any python executable.  ``include_tools`` (default
    True) keeps pip/setuptools/wheel: they are installed software with
    licenses too; pass False to leave them out.
    """

    name = "environment"
    ecosystem = "pypi"
    priority = 0

    def __init__(self, python: str | os.PathLike[str] | None = None, *, include_tools: bool = True):
        self.python = python
        self.include_tools = include_tools
        super().__init__(resolve_python(python))

    @property
    def interpreter(self) -> Interpreter:
        return probe(self.python)

    def collect(self) -> Iterator[Dependency]:
        info = probe(self.python)
        dists = scan(self.python)
        graph = _GRAPHS.get(info.executable)
        if graph is None:
            graph = _GRAPHS[info.executable] = requirement_graph(dists, info.markers)
        required_by_others = {t for name, targets in graph.items() for t in targets if t != name}
        for canonical in sorted(dists):
            dist = dists[canonical]
            if not self.include_tools and canonical in TOOLS:
                continue
            yield Dependency(
                name=dist.name,
                version=dist.version,
                ecosystem="pypi",
                direct=canonical not in required_by_others,
                group="runtime",
                source=f"environment:{info.executable}",
                requires=tuple(graph[canonical]),
                location=str(dist.location),
                # the URL headers, read with the rest of METADATA, so the repository lookup need not read it again
                extra={"python": info.executable, "python_version": info.version,
                       "metadata_urls": {"location": str(dist.location), "fields": dist.urls}},
            )


def find_distribution(name: str, python: str | os.PathLike[str] | None = None) -> Path | None:
    """The ``.dist-info`` / ``.egg-info`` folder of ``name`` for that interpreter, or None."""
    dist = scan(python).get(canonicalize_name(name))
    return dist.location if dist else None
