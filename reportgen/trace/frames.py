"""Turn the raw frames the child recorded into :class:`reportgen.trace.model.Frame`.

A raw frame is ``[absolute file, qualified name, executing line, code's first line]``.
Each kept frame gets its root (site-packages, stdlib or app), its file relative to that
root, the installed distribution and version (from the RECORD files, through
:mod:`reportgen.lint.source`), the function's def..end lines read back from the installed
source with :mod:`ast`, and a permalink at the installed version's tag (or the commit a VCS
install was built from).  Frames that are plumbing (threading, runpy, importlib, reportgen's
own child) are dropped.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from reportgen.lint import pyast
from reportgen.lint import source as _source
from reportgen.lint.links import line_anchor
from reportgen.model import normalize_name
from reportgen.trace.model import Frame
from reportgen.trace.workpoints import stdlib_modules

CHILD = str(Path(__file__).resolve().with_name("_child.py"))


class FrameMapper:
    """Maps raw frames for one interpreter and one project folder (it caches per file)."""

    def __init__(self, project: str | os.PathLike[str], python: str | None = None):
        self.project = os.path.realpath(project)
        self.python = python
        interp = _source.interpreter(python)
        self.stdlib = os.path.realpath(interp.stdlib)
        self.python_version = interp.version_text
        self.sites = sorted({os.path.realpath(p) for p in interp.site_dirs
                             if p.rstrip("/").endswith(("site-packages", "dist-packages"))}, key=len, reverse=True)
        self.keep_stdlib = set(stdlib_modules())
        self._record_index: dict[str, _source.Distribution] | None = None

    # -- where a file belongs
    def _dist_of(self, rel: str) -> _source.Distribution | None:
        if self._record_index is None:
            index = {}
            for dist in _source.distributions(self.python).values():
                for f in dist.files:
                    if f.endswith(".py"):
                        index.setdefault(f, dist)
            self._record_index = index
        return self._record_index.get(rel)

    def place(self, filename: str) -> tuple[str, str, _source.Distribution | None] | None:
        """(root, path relative to it, distribution) of a kept file, or None to drop it."""
        if not filename or filename.startswith("<"):
            return None
        path = os.path.realpath(filename)
        if path == CHILD:
            return None
        for site in self.sites:
            if path.startswith(site + os.sep):
                rel = os.path.relpath(path, site).replace(os.sep, "/")
                dist = self._dist_of(rel)
                if dist is not None and normalize_name(dist.name) == "reportgen":
                    return None
                return "site-packages", rel, dist
        if path.startswith(self.stdlib + os.sep):
            rel = os.path.relpath(path, self.stdlib).replace(os.sep, "/")
            top = rel.split("/", 1)[0].removesuffix(".py")
            return ("stdlib", rel, None) if top in self.keep_stdlib else None
        if path.startswith(self.project + os.sep):
            return "app", os.path.relpath(path, self.project).replace(os.sep, "/"), None
        return None

    # -- one frame
    def frame(self, raw: list, innermost: bool = False) -> Frame | None:
        filename, qualname, line, firstline = raw
        placed = self.place(filename)
        if placed is None:
            return None
        root, rel, dist = placed
        first, last, qual = _def_range(os.path.realpath(filename), int(firstline), int(line))
        if innermost:
            line = first  # entered, not yet running: the call lands on the def line
        frame = Frame(file=rel, root=root, function=qual or qualname,
                      line=int(line), first=first, last=last)
        if root == "stdlib":
            frame.version = self.python_version
            frame.link = link_for(Path(_source.interpreter(self.python).stdlib) / rel, None, first, last, self.python)
        elif dist is not None:
            frame.distribution = normalize_name(dist.name)
            frame.version = dist.version
            frame.link = link_for(dist.root / rel, dist.dist_info, first, last, self.python)
        return frame

    def frames(self, raws: list[list]) -> list[Frame]:
        out = []
        for i, raw in enumerate(raws):
            f = self.frame(raw, innermost=i == len(raws) - 1)
            if f is not None:
                out.append(f)
        return out

def link_for(path: Path, dist_info: Path | None, first: int, last: int, python: str | None = None) -> str | None:
    """The permalink to lines of an installed file: :func:`reportgen.lint.source.permalink` (the
    tag of the installed version), or the commit a VCS install was built from; None when the
    repository, its tags or its folder layout are not known."""
    commit = _vcs_commit(dist_info) if dist_info is not None else None
    if commit:
        home = _source._installed_home(path, python)
        if home and home[0] and home[2] is not None:
            return f"https://github.com/{home[0]}/blob/{commit}/{home[2]}{home[3]}#{line_anchor(first, last)}"
    return _source.permalink(path, first, last, python)


def _vcs_commit(dist_info: Path) -> str | None:
    """The commit a VCS install (``pip install git+...``) was built from (PEP 610 direct_url.json)."""
    try:
        data = json.loads((dist_info / "direct_url.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    commit = (data.get("vcs_info") or {}).get("commit_id")
    return commit if isinstance(commit, str) and len(commit) == 40 else None


@lru_cache(maxsize=512)
def _module(path: str) -> pyast.Module | None:
    try:
        text = Path(path).read_text("utf-8", "replace")
    except OSError:
        return None
    return pyast.analyse(text)


def _def_range(path: str, firstline: int, line: int) -> tuple[int, int, str | None]:
    """(def line, last line, ast qualname) of the function whose code starts at ``firstline``.

    A code object's first line is its first decorator's line, or its ``def``; module code and
    lambdas have no def: their range is the executing line.
    """
    mod = _module(path)
    if mod is not None and mod.tree is not None:
        hits = [d for d in mod.defs if d.kind == "function" and (d.start == firstline or d.def_line == firstline)]
        if hits:
            d = min(hits, key=lambda d: d.end - d.start)
            return d.def_line, d.end, d.qualname
    return line, line, None
