"""Find the source text a link points at: offline first, then (opt-in) online.

Offline, a GitHub link is mapped to the files of the *installed* distribution
of the package (through its RECORD) when the link's ref is the tag of the
installed version, and ``python/cpython`` links to the interpreter's standard
library at its own tag (``v3.11.7``).  A link pinned to a moving branch is
checked against the installed version (``SourceFile.exact`` is False): the
file exists, what it imports and calls, and its lines only where the step's
symbol anchors them; the answer says which version was used.  The other way,
:func:`permalink` turns lines of an installed file into a link pinned to the
tag of that version.

Online (``--online``), the file is fetched from the code host's raw-file
server (``https://raw.githubusercontent.com/OWNER/REPO/REF/PATH``; base URL
from ``REPORTGEN_RAW_BASE``) and cached on disk under
``~/.cache/reportgen/raw`` (``REPORTGEN_CACHE_DIR`` overrides the cache root).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportgen.fsutil import cache_dir
from reportgen.lint import links as _links
from reportgen.model import normalize_name

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_RAW_BASE = "https://raw.githubusercontent.com"
_TIMEOUT = 10.0


# --------------------------------------------------------------------------- data
@lru_cache(maxsize=1)
def tag_table() -> dict[str, dict[str, str]]:
    text = (Path(__file__).parent / "tag_formats.toml").read_text("utf-8")
    return {k.lower(): v for k, v in tomllib.loads(text).get("repos", {}).items()}


def tag_candidates(slug: str | None, name: str, version: str) -> tuple[list[str], bool]:
    """Tags a repository may use for ``version``; the flag says whether the form is known."""
    known = tag_table().get(slug or "")
    if known and "tag" in known:
        return [known["tag"].format(version=version)], True
    return [version, f"v{version}", f"{name}-{version}", f"{name}@{version}", f"release-{version}"], False


# --------------------------------------------------------------------------- interpreters
@dataclass(frozen=True)
class Interpreter:
    executable: str
    version: tuple[int, int, int]
    stdlib: str
    site_dirs: tuple[str, ...]

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))


_PROBE = (
    "import json, sys, sysconfig, site\n"
    "paths = [p for p in sys.path if p]\n"
    "print(json.dumps({'version': list(sys.version_info[:3]), 'stdlib': sysconfig.get_paths()['stdlib'],"
    " 'path': paths}))\n"
)


@lru_cache(maxsize=8)
def interpreter(python: str | None = None) -> Interpreter:
    """Facts about the Python whose packages are checked (default: the running one)."""
    from reportgen.errors import InputError

    if python is None or os.path.realpath(python) == os.path.realpath(sys.executable) and not _is_other_env(python):
        import sysconfig

        return Interpreter(sys.executable, tuple(sys.version_info[:3]), sysconfig.get_paths()["stdlib"],
                           tuple(p for p in sys.path if p))
    exe = python
    if os.path.isdir(exe):  # a venv folder
        for cand in ("bin/python", "Scripts/python.exe"):
            if os.path.exists(os.path.join(exe, cand)):
                exe = os.path.join(exe, cand)
                break
    try:
        out = subprocess.run([exe, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"cannot run the Python interpreter '{python}': {exc}", hint="pass --python PATH to a python executable or venv") from None
    data = json.loads(out)
    return Interpreter(exe, tuple(data["version"]), data["stdlib"], tuple(data["path"]))


def _is_other_env(python: str) -> bool:
    # A venv's bin/python may resolve to the same binary as ours but see other packages.
    return os.path.dirname(os.path.abspath(python)) != os.path.dirname(os.path.abspath(sys.executable))


# --------------------------------------------------------------------------- installed distributions
@dataclass
class Distribution:
    name: str
    version: str
    dist_info: Path
    root: Path  # the site-packages folder RECORD paths are relative to
    _files: list[str] | None = field(default=None, repr=False)
    _meta: dict | None = field(default=None, repr=False)
    #: answers computed from this distribution's files (license, canonical repositories), kept
    #: like ``_meta``: a lint run asks the same question once per notes file about the same package
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def files(self) -> list[str]:
        if self._files is None:
            files: list[str] = []
            record = self.dist_info / "RECORD"
            try:
                for line in record.read_text("utf-8", "replace").splitlines():
                    entry = line.rsplit(",", 2)[0] if line.count(",") >= 2 else line.split(",")[0]
                    if entry and not entry.startswith(".."):
                        files.append(entry)
            except OSError:
                pass
            self._files = files
        return self._files

    @property
    def top_levels(self) -> set[str]:
        return {f.split("/", 1)[0] for f in self.files if "/" in f and not f.split("/", 1)[0].endswith((".dist-info", ".data"))}

    def metadata(self) -> dict:
        if self._meta is None:
            meta: dict = {"urls": []}
            try:
                text = (self.dist_info / "METADATA").read_text("utf-8", "replace")
            except OSError:
                text = ""
            head = text.split("\n\n", 1)[0]
            for line in head.splitlines():
                key, _, value = line.partition(":")
                value = value.strip()
                if key in ("Home-page", "Project-URL", "Download-URL"):
                    meta["urls"].append(value.split(",", 1)[-1].strip() if key == "Project-URL" else value)
                elif key in ("License", "License-Expression") and value:
                    meta.setdefault(key, value)
                elif key == "Classifier" and value.startswith("License ::"):
                    meta.setdefault("classifiers", []).append(value)
            self._meta = meta
        return self._meta

    def repo_slugs(self) -> set[str]:
        slugs = set()
        for url in self.metadata()["urls"]:
            slug = _links.repo_slug(url)
            if slug:
                slugs.add(slug)
        return slugs


_DIST_RE = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+?)\.dist-info$")


@lru_cache(maxsize=8)
def distributions(python: str | None = None) -> dict[str, Distribution]:
    """Installed distributions of an interpreter: normalized name -> Distribution."""
    found: dict[str, Distribution] = {}
    for site in interpreter(python).site_dirs:
        try:
            entries = os.listdir(site)
        except OSError:
            continue
        for entry in entries:
            m = _DIST_RE.match(entry)
            if not m:
                continue
            key = normalize_name(m.group("name"))
            if key not in found:
                found[key] = Distribution(m.group("name"), m.group("version"), Path(site) / entry, Path(site))
    return found


def find_distribution(name: str, python: str | None = None) -> Distribution | None:
    """The installed distribution called ``name`` (any spelling), or None."""
    return distributions(python).get(normalize_name(name))


def distribution_for_repo(slug: str, python: str | None = None, hint: str | None = None) -> Distribution | None:
    """The installed distribution built from GitHub repository ``slug`` (owner/repo)."""
    dists = distributions(python)
    known = tag_table().get(slug, {}).get("package")
    if known and normalize_name(known) in dists:
        return dists[normalize_name(known)]
    if hint and normalize_name(hint) in dists:
        d = dists[normalize_name(hint)]
        if slug in d.repo_slugs() or normalize_name(slug.split("/")[1]) == normalize_name(hint):
            return d
    repo_name = normalize_name(slug.split("/")[1])
    if repo_name in dists:
        return dists[repo_name]
    for d in dists.values():  # the slow path: metadata URLs of every installed package
        if slug in d.repo_slugs():
            return d
    return None


# --------------------------------------------------------------------------- resolution
@dataclass
class SourceFile:
    text: str
    origin: str  # "werkzeug 3.1.3 (installed)", "Python 3.11.7 standard library", "online: OWNER/REPO@REF"
    module: str | None  # dotted module name for Python files
    exact: bool  # True when this is the file at the link's ref; False for a branch checked against an installed version
    repo_path: str | None = None
    is_package: bool = False  # an __init__.py
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def version_label(self) -> str:
        """The version read, without the branch remark: 'werkzeug 3.1.8 (installed)'."""
        return self.origin.split(";", 1)[0].split(" (the link is on", 1)[0]

    def checked_for(self, ref: str | None) -> str:
        """'werkzeug 3.1.8 (installed)', or '... for the link on 'main'' when the link is on a branch."""
        return self.version_label if self.exact else f"{self.version_label} for the link on '{ref}'"

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines


@dataclass
class Resolution:
    """What is known about the file a link names."""

    source: SourceFile | None = None
    missing: bool = False  # the file definitely does not exist at that ref
    missing_where: str = ""  # "werkzeug 3.1.3 (installed)" / "OWNER/REPO@REF"
    siblings: list[str] = field(default_factory=list)  # real files near the path (for suggestions)
    skipped: str = ""  # why nothing could be checked, e.g. "no source for pallets/flask@cc66213"
    version_hint: str | None = None  # installed version of the package, for pin suggestions
    tags: list[str] = field(default_factory=list)
    tag_known: bool = False
    #: for a missing file that is really at another path (the repository moved its code under src/),
    #: that path at the installed version's tag: (tag, repository path)
    moved_to: tuple[str, str] | None = None


def _module_name(rel: str) -> str | None:
    if not rel.endswith(".py"):
        return None
    mod = rel[:-3].replace("/", ".")
    return mod[: -len(".__init__")] if mod.endswith(".__init__") else mod


def _map_to_record(path: str, files: list[str]) -> str | None:
    """Map a repository path (src/werkzeug/serving.py) to an installed RECORD path."""
    fileset = set(files)
    parts = path.split("/")
    for i in range(len(parts)):
        cand = "/".join(parts[i:])
        if cand in fileset:
            # refuse a bare file name matched far away (setup.py vs some/setup.py)
            if i == len(parts) - 1 and len(parts) > 1 and "/" in cand:
                continue
            return cand
    return None


class SourceResolver:
    """Resolves links to source files; one per lint run (it caches)."""

    def __init__(self, *, python: str | None = None, online: bool = False, package_hint: str | None = None):
        self.python = python
        self.online = online
        self.package_hint = package_hint
        self._cache: dict[tuple, Resolution] = {}
        self.network_error: str | None = None

    # -- installed
    def installed_version(self, slug: str | None, hint: str | None = None) -> tuple[str | None, str]:
        """(version, name) of what is installed for a repository, or (None, name)."""
        if slug == "python/cpython":
            return interpreter(self.python).version_text, "python"
        if not slug:
            return None, ""
        dist = distribution_for_repo(slug, self.python, hint or self.package_hint)
        return (dist.version, dist.name) if dist else (None, slug.split("/")[1])

    def resolve(self, link: _links.Link, hint: str | None = None) -> Resolution:
        key = (link.slug, link.ref, link.path, hint)
        if key not in self._cache:
            self._cache[key] = self._resolve(link, hint)
        return self._cache[key]

    def _resolve(self, link: _links.Link, hint: str | None) -> Resolution:
        res = Resolution()
        if link.kind not in ("blob", "raw") or not link.slug or not link.ref or not link.path:
            res.skipped = "not a file link"
            return res
        where = f"{link.owner}/{link.repo}@{link.ref[:12]}"
        offline, exact = self._offline(link, hint, res)
        if offline is not None and exact:
            res.source = offline
            return res
        if res.missing and exact:
            return res
        if self.online:
            online = self._online(link, res)
            if online is not None:  # the code host has the file: an offline guess of "missing" is dropped
                res.missing, res.missing_where, res.moved_to = False, "", None
            if online is not None or res.missing:
                res.source = online
                return res
        if offline is not None:
            res.source = offline  # branch link, checked against the installed version
            return res
        if res.missing:
            return res
        res.skipped = f"no source for {where}" + ("" if self.online else "; use --online")
        return res

    def _offline(self, link: _links.Link, hint: str | None, res: Resolution) -> tuple[SourceFile | None, bool]:
        slug = link.slug
        branch = _links.branch_kind(link.ref, slug) is not None
        if slug == "python/cpython":
            interp = interpreter(self.python)
            version = interp.version_text
            res.version_hint = version
            res.tags, res.tag_known = [f"v{version}"], True
            exact = link.ref == f"v{version}"
            if not (exact or branch):
                return None, False
            if not link.path.startswith("Lib/"):
                return None, False
            rel = link.path[4:]
            target = Path(interp.stdlib) / rel
            origin = f"Python {version} standard library" + ("" if exact else f" (the link is on branch '{link.ref}')")
            try:
                text = target.read_text("utf-8", "replace")
            except (FileNotFoundError, NotADirectoryError):
                if rel.startswith(("test/", "idlelib/", "lib2to3/tests", "tkinter/test")):
                    return None, False
                res.missing, res.missing_where = True, origin
                res.siblings = _stdlib_siblings(Path(interp.stdlib), rel)
                return None, exact
            except (IsADirectoryError, OSError):
                return None, False
            return SourceFile(text, origin, _module_name(rel), exact, link.path, rel.endswith('__init__.py')), exact
        dist = distribution_for_repo(slug, self.python, hint or self.package_hint)
        if dist is None:
            return None, False
        res.version_hint = dist.version
        res.tags, res.tag_known = tag_candidates(slug, normalize_name(dist.name), dist.version)
        exact = link.ref in res.tags or (not res.tag_known and link.ref.lstrip("v") == dist.version)
        if not (exact or branch):
            return None, False
        origin = f"{dist.name} {dist.version} (installed)" + ("" if exact else f"; the link is on branch '{link.ref}'")
        rel = _map_to_record(link.path, dist.files)
        if rel is None:
            parts = link.path.split("/")
            tops = dist.top_levels
            inside = [p for p in parts[:-1] if p in tops]
            if inside and (link.path.endswith(".py") or "." not in parts[-1]):
                # the path is inside one of the package's own folders, yet not installed: it does not exist
                res.missing, res.missing_where = True, origin
                folder = "/".join(parts[parts.index(inside[0]): -1])
                res.siblings = [f for f in dist.files if f.rsplit("/", 1)[0] == folder]
                return None, exact
            return None, False
        prefix = tag_table().get(slug, {}).get("prefix")
        if (not exact and prefix and rel == link.path and not link.path.startswith(prefix)
                and _links.branch_kind(link.ref, slug) == "branch" and res.tag_known):
            # The installed file is at PREFIX/path in the repository (tag_formats.toml, read from the
            # tree at the tag); a branch head, newer than that release, has no file at the bare path.
            res.missing = True
            res.missing_where = (f"{link.owner}/{link.repo} on branch '{link.ref}': the repository keeps its "
                                 f"code under '{prefix}' (read at {res.tags[0]}, the installed {dist.name} {dist.version})")
            res.moved_to = (res.tags[0], prefix + link.path)
            return None, False
        try:
            text = (dist.root / rel).read_text("utf-8", "replace")
        except OSError:
            return None, False
        return SourceFile(text, origin, _module_name(rel), exact, link.path, rel.endswith('__init__.py')), exact

    def resolve_installed(self, link: _links.Link, hint: str | None = None) -> SourceFile | None:
        """The installed version of the file a link at a commit (or another version's tag) names, for
        judgements that say which version they read: the same repository path, else the one file of
        the package with that name (``src/flask/scaffold.py`` is ``flask/sansio/scaffold.py`` in flask
        3.x), or the package a module became (``datastructures.py`` is ``datastructures/__init__.py``
        in werkzeug 3.x, whose re-exports are followed by the rules).  ``exact`` is False; ``origin`` names the installed version and the link's ref.  None for
        the standard library, files the package does not install, or a name it installs twice."""
        if link.kind not in ("blob", "raw") or not link.slug or not link.ref or not link.path:
            return None
        key = ("installed", link.slug, link.ref, link.path, hint)
        if key not in self._cache:
            self._cache[key] = self._installed(link, hint)
        return self._cache[key]

    def _installed(self, link: _links.Link, hint: str | None) -> SourceFile | None:
        if link.slug == "python/cpython":
            return None
        dist = distribution_for_repo(link.slug, self.python, hint or self.package_hint)
        if dist is None:
            return None
        rel = _map_to_record(link.path, dist.files)
        if rel is None and link.path.endswith(".py") and not link.path.endswith("/__init__.py"):
            # a module that became a package (werkzeug/datastructures.py -> datastructures/__init__.py)
            rel = _map_to_record(link.path[:-3] + "/__init__.py", dist.files)
        if rel is None or "/" not in rel:
            name = link.path.rsplit("/", 1)[-1]
            same = [f for f in dist.files if f.rsplit("/", 1)[-1] == name and f.split("/", 1)[0] in dist.top_levels]
            rel = same[0] if len(same) == 1 else None
        if rel is None:
            return None
        try:
            text = (dist.root / rel).read_text("utf-8", "replace")
        except OSError:
            return None
        origin = f"{dist.name} {dist.version} (installed); the link is at '{link.ref[:12]}'"
        return SourceFile(text, origin, _module_name(rel), False, link.path, rel.endswith("__init__.py"))

    # -- online
    def _online(self, link: _links.Link, res: Resolution) -> SourceFile | None:
        base = os.environ.get("REPORTGEN_RAW_BASE", DEFAULT_RAW_BASE).rstrip("/")
        url = f"{base}/{link.owner}/{link.repo}/{link.ref}/{link.path}"
        where = f"{link.owner}/{link.repo}@{link.ref}"
        cache = cache_dir() / "raw" / hashlib.sha256(url.encode()).hexdigest()[:32]
        text: str | None = None
        if cache.exists():
            data = cache.read_bytes()
            if data == b"\0missing":
                res.missing, res.missing_where = True, where
                return None
            text = data.decode("utf-8", "replace")
        elif self.network_error is None:
            import urllib.error  # only with --online: keeps http.client and email out of offline runs
            import urllib.request

            try:
                with urllib.request.urlopen(url, timeout=_TIMEOUT) as resp:  # noqa: S310 - opt-in network
                    data = resp.read()
                text = data.decode("utf-8", "replace")
                _write_cache(cache, data)
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    _write_cache(cache, b"\0missing")
                    res.missing, res.missing_where = True, where
                    return None
                self.network_error = f"{base} answered HTTP {exc.code}"
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                reason = getattr(exc, "reason", exc)
                self.network_error = f"cannot reach {base} ({reason})"
        if text is None:
            return None
        mod = None
        if link.path.endswith(".py"):
            rel = link.path
            for prefix in ("src/", "lib/", "Lib/"):
                if rel.startswith(prefix):
                    rel = rel[len(prefix):]
                    break
            mod = _module_name(rel)
        return SourceFile(text, f"online: {where}", mod, True, link.path, link.path.endswith("__init__.py"))


def _stdlib_siblings(stdlib: Path, rel: str) -> list[str]:
    folder = (stdlib / rel).parent
    try:
        base = folder.relative_to(stdlib)
        return [str(base / p.name) if str(base) != "." else p.name for p in folder.iterdir()]
    except (OSError, ValueError):
        return []


def _write_cache(path: Path, data: bytes) -> None:
    from reportgen.fsutil import atomic_write

    try:
        atomic_write(path, data)
    except OSError:
        pass


# --------------------------------------------------------------------------- installed file -> link
def installed_label(path: Path, python: str | None = None) -> str | None:
    """'gevent 26.5.0 (installed)' or 'Python 3.11.7 standard library' for an installed source file."""
    where = _installed_home(Path(path), python)
    return where[4] if where else None


def permalink(path: Path, start: int | None = None, end: int | None = None, python: str | None = None) -> str | None:
    """A link pinned to the tag of the version in use, to lines of an installed source file
    (the whole file when ``start`` is None).

    None when the repository, its tag naming or the folder its files come from is not known
    (tag_formats.toml), rather than a guess.
    """
    where = _installed_home(Path(path), python)
    if where is None:
        return None
    slug, tag, prefix, rel, _label = where
    if not (slug and tag and prefix is not None):
        return None
    anchor = f"#{_links.line_anchor(start, end)}" if start is not None else ""
    return f"https://github.com/{slug}/blob/{tag}/{prefix}{rel}{anchor}"


def _installed_home(path: Path, python: str | None):
    """(repository slug, tag, repository folder, path below it, label) of an installed file, or None."""
    interp = interpreter(python)
    stdlib = Path(interp.stdlib)
    if _below(path, stdlib) and "site-packages" not in path.parts and "dist-packages" not in path.parts:
        rel = path.relative_to(stdlib).as_posix()
        return "python/cpython", f"v{interp.version_text}", "Lib/", rel, f"Python {interp.version_text} standard library"
    for dist in distributions(python).values():
        if not _below(path, dist.root):
            continue
        rel = path.relative_to(dist.root).as_posix()
        if rel.split("/", 1)[0] not in dist.top_levels or rel not in dist.files:
            continue
        slug = next((s for s, v in tag_table().items() if normalize_name(v.get("package", "")) == normalize_name(dist.name)), None)
        if slug is None:
            from reportgen.knowledge.repos import canonical

            slug = _links.repo_slug(canonical(dist.name, python=python))
        tags, known = tag_candidates(slug, normalize_name(dist.name), dist.version) if slug else ([], False)
        prefix = tag_table().get(slug or "", {}).get("prefix")
        return slug, (tags[0] if known else None), prefix, rel, f"{dist.name} {dist.version} (installed)"
    return None


def _below(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False
