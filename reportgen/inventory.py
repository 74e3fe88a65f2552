"""The library API behind ``reportgen licenses``: dependencies -> licenses -> reports.

:func:`inventory` ties the stages together: it collects dependencies (a
project folder, explicit dependency files, or the packages installed for a
Python interpreter), identifies each one's license, attaches the code
repository, and - only when asked (``online=True``) - asks the registries'
JSON APIs about packages that are not installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportgen.errors import InputError, Location
from reportgen.model import NOASSERTION, Dependency, Evidence, LicenseFinding, PackageReport, normalize_name

#: ``progress(done, total)`` is called as packages are identified.
Progress = Callable[[int, int], None]

_ECOSYSTEM_ORDER = {"pypi": 0, "npm": 1, "docker": 2, "system": 3}


def inventory(
    project_dir: str | os.PathLike[str] | None = None,
    *,
    python: str | os.PathLike[str] | None = None,
    files: Sequence[str | os.PathLike[str]] = (),
    only: Iterable[str] | None = None,
    online: bool = False,
    progress: Progress | None = None,
    client: Any = None,
    cache: bool = True,
    repositories: bool = True,
) -> list[PackageReport]:
    """The dependencies of a project or environment, each with its license and repository.

    With no ``project_dir``, ``files`` or ``python`` the current folder is the
    project.  ``only`` keeps the named groups (``runtime``, ``dev``,
    ``optional`` for every ``optional:<extra>`` ...).  ``online=True`` asks
    PyPI / npm about packages that are not installed (``client`` is the
    :class:`reportgen.registry.RegistryClient` to use; one is made if None).
    Raises :class:`reportgen.errors.ReportgenError` subclasses on bad input or,
    when online, an unreachable registry.  ``cache=False`` identifies every
    installed package afresh instead of reusing earlier answers (see
    :class:`FindingsCache`).  ``repositories=False`` leaves the code repository of
    installed packages out (``report.repository`` is None; ``reportgen check`` has no use
    for it, and looking it up is a sixth of the work of a first run).
    """
    dependencies = collect(project_dir, python=python, files=files, only=only)
    return identify_all(dependencies, online=online, progress=progress, client=client, cache=cache,
                        repositories=repositories)


# -- collecting --------------------------------------------------------------


def collect(
    project_dir: str | os.PathLike[str] | None = None,
    *,
    python: str | os.PathLike[str] | None = None,
    files: Sequence[str | os.PathLike[str]] = (),
    only: Iterable[str] | None = None,
) -> list[Dependency]:
    """The dependencies to report on, de-duplicated and sorted."""
    groups = _groups(only)
    found: list[Dependency] = []
    if project_dir is None and not files and python is None:
        project_dir = "."
    if project_dir is not None:
        folder = Path(project_dir)
        if not folder.exists():
            raise InputError("no such folder", Location(str(folder)), hint="give a project folder, --file or --python")
        if not folder.is_dir():
            raise InputError("a file, not a project folder", Location(str(folder)), hint=f"use --file {folder}")
        from reportgen import sources

        found.extend(sources.collect(folder, only=groups, python=python))
    if files:
        from reportgen import sources

        chosen = [sources.for_file(_existing_file(file)) for file in files]
        if python is not None and project_dir is None:
            from reportgen.sources.environment import EnvironmentSource

            chosen.append(EnvironmentSource(python))
        found.extend(sources.collect(Path("."), only=groups, sources=chosen))
    elif python is not None and project_dir is None:
        from reportgen.sources.environment import EnvironmentSource

        found.extend(EnvironmentSource(python).collect())
    if groups:
        found = [dep for dep in found if _in_groups(dep.group, groups)]
    return _sorted(_dedupe(found))


def _existing_file(file: str | os.PathLike[str]) -> Path:
    path = Path(file)
    if not path.exists():
        raise InputError("no such file", Location(str(path)), hint="--file takes a requirements, lock or manifest file")
    return path


def _groups(only: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if only is None:
        return None
    if isinstance(only, str):
        only = [only]
    names = tuple(dict.fromkeys(part.strip() for item in only for part in item.split(",") if part.strip()))
    return names or None


def _in_groups(group: str, groups: tuple[str, ...]) -> bool:
    for wanted in groups:
        if group == wanted:
            return True
        if ":" not in wanted and group.startswith(wanted + ":"):
            return True  # "optional" keeps optional:<every extra>
    return False


def _dedupe(dependencies: Iterable[Dependency]) -> list[Dependency]:
    merged: dict[tuple[str, str | None], Dependency] = {}
    for dep in dependencies:
        key = (dep.key, dep.version)
        old = merged.get(key)
        if old is None:
            merged[key] = dep
            continue
        better = old if old.location or not dep.location else dep
        merged[key] = replace(
            better,
            direct=old.direct or dep.direct,
            group=_stronger_group(old.group, dep.group),
            requires=better.requires or old.requires or dep.requires,
        )
    return list(merged.values())


def _stronger_group(a: str, b: str) -> str:
    return "runtime" if "runtime" in (a, b) else a


def _sorted(dependencies: list[Dependency]) -> list[Dependency]:
    return sorted(
        dependencies,
        key=lambda d: (_ECOSYSTEM_ORDER.get(d.ecosystem, 9), normalize_name(d.name, d.ecosystem), d.version or ""),
    )


# -- identifying ---------------------------------------------------------------


def identify_all(
    dependencies: Sequence[Dependency],
    *,
    online: bool = False,
    progress: Progress | None = None,
    client: Any = None,
    cache: bool = True,
    repositories: bool = True,
) -> list[PackageReport]:
    """Identify the license and repository of each dependency (in the given order);
    ``repositories=False``: the license only (see :func:`inventory`)."""
    answers: dict[tuple[str, str, str | None], Any] = {}
    if online:
        wanted = [
            (dep.ecosystem, dep.name, dep.version)
            for dep in dependencies
            if not dep.location and dep.ecosystem in ("pypi", "npm")
        ]
        if wanted:
            if client is None:
                from reportgen.registry import RegistryClient

                client = RegistryClient()
            answers = client.fetch_many(wanted)

    findings = FindingsCache.open() if cache and os.environ.get("REPORTGEN_NO_CACHE", "") in ("", "0") else None
    total = len(dependencies)
    reports: list[PackageReport | None] = [None] * total
    todo: list[int] = []
    done = 0
    for index, dep in enumerate(dependencies):
        answer = answers.get((dep.ecosystem, dep.name, dep.version))
        cached = findings.get(dep, repositories) if findings is not None and answer is None else None
        if cached is None:
            todo.append(index)
            continue
        reports[index] = cached
        done += 1
        if progress is not None:
            progress(done, total)

    def finish(index: int, report: PackageReport) -> None:
        nonlocal done
        reports[index] = report
        dep = dependencies[index]
        if findings is not None and answers.get((dep.ecosystem, dep.name, dep.version)) is None:
            findings.put(dep, report, repositories)
        done += 1
        if progress is not None:
            progress(done, total)

    # Identification makes many short-lived tuples (word pairs of license texts) and no
    # reference cycles; the cyclic garbage collector's passes over them cost ~10% of a first run.
    import gc

    from contextlib import nullcontext

    from reportgen.licenses import results_cache

    collecting = gc.isenabled()
    gc.disable()
    try:
        # cache=False: no earlier answer at all, the license-file matches included
        with nullcontext() if cache else results_cache.off():
            _identify_todo(todo, dependencies, answers, finish, repositories)
    finally:
        if collecting:
            gc.enable()
    if findings is not None:
        findings.save()
    return [report for report in reports if report is not None]


def _identify_todo(todo: list[int], dependencies: Sequence[Dependency], answers: dict,
                   finish: Callable[[int, PackageReport], None], repositories: bool = True) -> None:
    if todo:
        # The first one in this process: it loads identification's code and data once,
        # before any worker process is forked (they inherit it).
        first = todo[0]
        finish(first, report_for(dependencies[first], answers.get(_answer_key(dependencies[first])), repositories))
        rest = todo[1:]
        workers = _worker_count(len(rest))
        if workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            jobs = [(dependencies[i], answers.get(_answer_key(dependencies[i])), repositories) for i in rest]
            chunk = max(1, len(jobs) // (workers * 4))
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                for index, report in zip(rest, pool.map(_report_job, jobs, chunksize=chunk)):
                    finish(index, report)
        else:
            for index in rest:
                finish(index, report_for(dependencies[index], answers.get(_answer_key(dependencies[index])), repositories))


#: Below this many packages to identify, one process is faster than starting workers.
PARALLEL_THRESHOLD = 16
#: Without ``REPORTGEN_JOBS``, workers are used from this many packages on.
PARALLEL_DEFAULT_MIN = 64


def _worker_count(jobs: int) -> int:
    """How many processes identify ``jobs`` packages.

    ``REPORTGEN_JOBS`` sets it (``auto``: one per CPU, at most 4; ``1``: no workers).
    Unset, it is ``auto`` for large environments (``PARALLEL_DEFAULT_MIN`` packages):
    measured on an idle 2-CPU machine, a first run over 247 installed packages took
    0.89 s with 2 workers against 1.13 s in one process (median of 5).  Worker processes
    are forked, so Linux only, and only when this process runs no other threads.
    """
    import sys
    import threading

    setting = os.environ.get("REPORTGEN_JOBS", "").strip().lower()
    implicit = not setting
    if implicit:
        setting = "auto" if jobs >= PARALLEL_DEFAULT_MIN else "1"
    if setting == "auto":
        wanted = min(os.cpu_count() or 1, 4)
    elif setting.isdigit():
        wanted = int(setting)
    else:
        wanted = 1
    if wanted <= 1 or jobs < PARALLEL_THRESHOLD or sys.platform != "linux":
        return 1
    if implicit and threading.active_count() > 1:
        return 1  # forking a threaded process is unsafe; only an explicit setting overrides that
    return min(wanted, max(1, jobs // 8))


def _answer_key(dep: Dependency) -> tuple[str, str, str | None]:
    return (dep.ecosystem, dep.name, dep.version)


def _report_job(job: tuple[Dependency, Any, bool]) -> PackageReport:
    dep, answer, repositories = job
    return report_for(dep, answer, repositories)


class FindingsCache:
    """What identification found for installed packages, kept on disk between runs.

    An installed package's files do not change until it is reinstalled, so its
    finding is reused while its metadata folder (and METADATA / package.json
    file) keep their modification time and size, and while reportgen's own
    identification code and data are unchanged (a fingerprint of their file
    stamps).  Kept in ``$REPORTGEN_CACHE_DIR/findings.json`` (see
    :func:`reportgen.fsutil.cache_dir`); ``REPORTGEN_NO_CACHE=1`` turns it off.
    """

    FORMAT = 1
    #: Entries not used for this long are dropped when the file is saved.
    MAX_AGE = 90 * 24 * 3600.0

    def __init__(self, path: Path, fingerprint: str, entries: dict[str, Any]):
        self.path = path
        self.fingerprint = fingerprint
        self.entries = entries
        self.changed = False
        self._stamps: dict[str, list[int] | None] = {}  # get() stats the files, put() reuses it

    @classmethod
    def open(cls) -> FindingsCache:
        import json

        from reportgen.fsutil import cache_dir

        path = cache_dir() / "findings.json"
        fingerprint = _code_fingerprint()
        entries: dict[str, Any] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == cls.FORMAT and data.get("fingerprint") == fingerprint:
                entries = data.get("entries") or {}
        except (OSError, ValueError):
            pass
        return cls(path, fingerprint, entries)

    @staticmethod
    def _stamp(dep: Dependency) -> list[int] | None:
        if not dep.location or dep.ecosystem not in ("pypi", "npm"):
            return None
        location = Path(dep.location)
        inner = ("package.json",) if dep.ecosystem == "npm" else ("METADATA", "PKG-INFO")
        stamp: list[int] = []
        try:
            st = location.stat()
            stamp += [st.st_mtime_ns, st.st_size, st.st_ino]
            if location.is_dir():
                for name in inner:
                    try:
                        st = (location / name).stat()
                    except FileNotFoundError:
                        continue
                    stamp += [st.st_mtime_ns, st.st_size]
                    break
        except OSError:
            return None
        return stamp

    @staticmethod
    def _key(dep: Dependency) -> str:
        return f"{dep.location}\x00{dep.name}\x00{dep.version}"

    def get(self, dep: Dependency, repositories: bool = True) -> PackageReport | None:
        """The cached report, or None; ``repositories``: only an entry whose repository was looked up."""
        stamp = self._stamps[self._key(dep)] = self._stamp(dep)
        if stamp is None:
            return None
        entry = self.entries.get(self._key(dep))
        if not isinstance(entry, dict) or entry.get("stamp") != stamp:
            return None
        if repositories and "repository" not in entry:
            return None  # written by a run that did not look it up
        try:
            finding = LicenseFinding(
                expression=entry["expression"],
                confidence=float(entry["confidence"]),
                evidence=tuple(Evidence(**ev) for ev in entry["evidence"]),
                reason=entry["reason"],
            )
        except (KeyError, TypeError, ValueError):
            return None
        import time

        if time.time() - float(entry.get("used", 0)) > 24 * 3600:
            entry["used"] = time.time()
            self.changed = True
        return PackageReport(
            dependency=dep, license=finding, repository=entry.get("repository"), repository_source=entry.get("repository_source")
        )

    def put(self, dep: Dependency, report: PackageReport, repositories: bool = True) -> None:
        """Keep ``report``; ``repositories=False``: its repository was not looked up (None means unknown)."""
        import time
        from dataclasses import fields

        key = self._key(dep)
        stamp = self._stamps.pop(key) if key in self._stamps else self._stamp(dep)
        if stamp is None:
            return
        finding = report.license
        entry = {
            "stamp": stamp,
            "used": time.time(),
            "expression": finding.expression,
            "confidence": finding.confidence,
            # Evidence holds only str / float / None: a flat copy (dataclasses.asdict deep-copies, slowly)
            "evidence": [{f.name: getattr(ev, f.name) for f in fields(ev)} for ev in finding.evidence],
            "reason": finding.reason,
        }
        if repositories:
            entry["repository"] = report.repository
            entry["repository_source"] = report.repository_source
        self.entries[key] = entry
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        import json
        import time

        from reportgen.fsutil import atomic_write

        now = time.time()
        entries = {k: v for k, v in self.entries.items() if now - float(v.get("used", 0)) < self.MAX_AGE}
        payload = {"format": self.FORMAT, "fingerprint": self.fingerprint, "entries": entries}
        try:
            atomic_write(self.path, json.dumps(payload, separators=(",", ":")))
        except OSError:
            pass  # an unwritable cache only costs time
        self.changed = False


def _code_fingerprint() -> str:
    """Stamps of the code and data that identification depends on: a change drops the cache."""
    import hashlib

    from reportgen import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for folder in ("licenses", "knowledge", "data"):
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith(".pyc"):
                    continue
                st = os.stat(os.path.join(dirpath, name))
                digest.update(f"{dirpath}/{name}:{st.st_mtime_ns}:{st.st_size}\n".encode())
    st = os.stat(__file__)
    digest.update(f"{__file__}:{st.st_mtime_ns}:{st.st_size}".encode())
    return digest.hexdigest()[:20]


def report_for(dep: Dependency, answer: Any = None, repositories: bool = True) -> PackageReport:
    """The report of one dependency; ``answer`` is its registry answer, if one was fetched.

    ``repositories=False``: an installed package's repository is not looked up (None)."""
    if dep.ecosystem in ("docker", "system"):
        return _technology_report(dep)
    if answer is not None and answer.found:
        return _online_report(dep, answer)
    from reportgen.licenses.identify import identify

    finding = identify(dep)
    if answer is not None and not finding.known:
        where = "PyPI" if dep.ecosystem == "pypi" else "the npm registry"
        finding = replace(finding, reason=_join(finding.reason, f"{where} does not know {dep.name} {dep.version or ''}".strip()))
    repository, repository_source = _repository_installed(dep) if repositories else (None, None)
    return PackageReport(dependency=dep, license=finding, repository=repository, repository_source=repository_source)


def _online_report(dep: Dependency, answer: Any) -> PackageReport:
    from reportgen.licenses import identify as identification

    if dep.ecosystem == "npm":
        from reportgen.registry import npm_manifest

        manifest = npm_manifest(answer.data)
        finding = identification.identify_npm(None, manifest)
        repository, repository_source = _repository(dep, manifest=manifest)
    else:
        from reportgen.registry import pypi_metadata

        fields = pypi_metadata(answer.data)
        finding = identification.identify_metadata(fields, {})
        repository, repository_source = _repository(dep, fields=fields)
    finding = replace(
        finding,
        evidence=tuple(replace(ev, source=f"{answer.url} {ev.source}") for ev in finding.evidence),
    )
    return PackageReport(dependency=dep, license=finding, repository=repository, repository_source=repository_source)


def _technology_report(dep: Dependency) -> PackageReport:
    """Docker images and system software: what the knowledge base knows, else NOASSERTION."""
    from reportgen.knowledge.technologies import lookup_version

    found = lookup_version(dep.name, dep.version)
    if found is None:
        finding = LicenseFinding(
            expression=NOASSERTION,
            confidence=0.0,
            reason=f"{dep.name} is a {dep.ecosystem} dependency that reportgen's knowledge base does not describe",
        )
        return PackageReport(dependency=dep, license=finding)
    tech, expression, why = found
    evidence = Evidence(matcher="knowledge", source=tech.source, expression=expression, confidence=0.9, detail=why)
    finding = LicenseFinding(expression=expression, confidence=0.9, evidence=(evidence,), reason=why)
    return PackageReport(
        dependency=dep,
        license=finding,
        repository=tech.repository,
        repository_source=f"{tech.source} ({tech.name})" if tech.repository else None,
    )


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


# -- repositories --------------------------------------------------------------


def _repository(dep: Dependency, fields: dict[str, list[str]] | None = None, manifest: dict[str, Any] | None = None) -> tuple[str | None, str | None]:
    """(repository URL, where it came from) from a package's metadata fields or package.json."""
    from reportgen.knowledge.repos import repository_for

    url, where = repository_for(fields, manifest, dep.name, dep.ecosystem)
    return (url, where) if url else (None, None)


def _repository_installed(dep: Dependency) -> tuple[str | None, str | None]:
    if not dep.location:
        return _repository(dep)
    location = Path(dep.location)
    if dep.ecosystem == "npm":
        import json

        manifest_path = location / "package.json" if location.is_dir() else location
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None
        return _repository(dep, manifest=manifest if isinstance(manifest, dict) else None)
    passed = dep.extra.get("metadata_urls")  # what the environment scan read from the same file
    if isinstance(passed, dict) and passed.get("location") == dep.location:
        return _repository(dep, fields=passed["fields"])
    from reportgen.sources.environment import read_metadata

    return _repository(dep, fields=read_metadata(location))
