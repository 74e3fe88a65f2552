"""Find a package's code repository (not its docs) from its own metadata.

Sources, best first:

1. Project-URL entries labelled like a repository (Source, Source Code, Repository, Code, GitHub ...),
2. npm ``repository`` (``"github:user/repo"``, ``"user/repo"``, or ``{"url": ..., "directory": ...}``),
3. Home-page / Homepage / other Project-URLs, only when they point at a code forge,
4. reportgen/data/repositories.yaml, for popular packages whose metadata says nothing useful
   (an entry marked ``override: true`` wins over metadata known to be wrong).

Every URL is normalised (``git+ssh://git@github.com/x/y.git`` -> ``https://github.com/x/y``) and
documentation hosts (Read the Docs, ``docs.*``, PyPI, ``*.github.io`` pages ...) are never answered.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from urllib.parse import urlsplit

#: Hosts whose URLs name a repository as /owner/repo.
FORGES = {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "git.sr.ht", "gitee.com", "sourceforge.net"}

_DOCS_SUFFIXES = (
    "readthedocs.io", "readthedocs.org", "readthedocs.com", "rtfd.io", "rtfd.org",
    "github.io", "gitlab.io", "pythonhosted.org", "gitbook.io", "netlify.app", "vercel.app",
)
_DOCS_HOSTS = {"pypi.org", "pypi.python.org", "test.pypi.org", "npmjs.com", "www.npmjs.com", "npmjs.org",
               "www.npmjs.org", "libraries.io", "snyk.io", "hub.docker.com"}

#: Project-URL labels (normalised: lower case, letters and digits only) that name the code, best first.
REPO_LABELS = ("source", "sourcecode", "repository", "repo", "code", "github", "gitlab", "git", "clone",
               "sources", "scm", "vcs", "browsesource")
HOME_LABELS = ("homepage", "home", "website")

_SHORTHAND = re.compile(r"^(?:(github|gitlab|bitbucket):)?([A-Za-z0-9][A-Za-z0-9-]*)/([\w.-]+?)(?:\.git)?/?$")
_SCP = re.compile(r"^(?:[\w.-]+@)?([\w.-]+\.[a-z]{2,}):(?!//)(.+)$")
_TAILS = ("tree", "blob", "issues", "pulls", "pull", "wiki", "releases", "tags", "commits", "commit",
          "actions", "discussions", "security", "graphs", "network", "compare", "archive", "raw", "src",
          "-", "wikis", "merge_requests", "pipelines", "branches", "projects", "milestones", "labels")


_NOT_LABEL = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=1024)
def _label(text: str) -> str:
    return _NOT_LABEL.sub("", text.lower())


def is_docs_host(url: str) -> bool:
    """True for URLs of documentation and package-index sites, which are never a code repository."""
    try:
        host = (urlsplit(url if "//" in url else "https://" + url).hostname or "").lower()
    except ValueError:
        return False
    if not host:
        return False
    host = host[4:] if host.startswith("www.") and host != "www.npmjs.com" else host
    if host in _DOCS_HOSTS or any(host == s or host.endswith("." + s) for s in _DOCS_SUFFIXES):
        return True
    first = host.split(".")[0]
    return first in ("docs", "doc", "documentation", "readthedocs", "wiki", "manual", "api-docs")


def normalize(url: str) -> str | None:
    """The canonical https URL of a repository, or None when ``url`` does not look like one.

    Forge URLs are cut to ``https://host/owner/repo`` (GitLab subgroups kept); owner and repo keep
    the case the metadata wrote.
    """
    if not url or not isinstance(url, str):
        return None
    text = url.strip().strip("<>").strip()
    if not text or " " in text:
        return None
    m = _SHORTHAND.match(text)
    if m:
        host = {"github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org", None: "github.com"}[m.group(1)]
        return f"https://{host}/{m.group(2)}/{m.group(3)}"
    for prefix in ("git+", "scm:git:", "scm:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    if "://" not in text:
        scp = _SCP.match(text)
        if scp:
            text = f"https://{scp.group(1)}/{scp.group(2)}"
        elif re.match(r"^[\w.-]+\.[a-z]{2,}/", text):
            text = "https://" + text
        else:
            return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "git", "ssh", "git+ssh", "svn", "hg"):
        return None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    path = parts.path
    segments = [s for s in path.split("/") if s]
    if host in FORGES:
        if host == "sourceforge.net":
            if len(segments) >= 2 and segments[0] == "projects":
                return f"https://sourceforge.net/projects/{segments[1]}"
            return None
        cut = len(segments)
        for i, seg in enumerate(segments):
            if i >= 2 and seg in _TAILS:
                cut = i
                break
        segments = segments[:cut] if host in ("gitlab.com",) else segments[:2]
        if len(segments) < 2:
            return None
        if segments[-1].endswith(".git"):
            segments[-1] = segments[-1][:-4]
        return f"https://{host}/" + "/".join(segments)
    # another host (self-hosted GitLab, Gitea, cgit ...): keep the path, drop the noise
    clean = "/".join(segments)
    if clean.endswith(".git"):
        clean = clean[:-4]
    return f"https://{host}/{clean}".rstrip("/")


def is_forge_repo(url: str | None) -> bool:
    """True when ``url`` (normalised) is an owner/repo URL on a known code forge."""
    if not url:
        return False
    host = (urlsplit(url).hostname or "").lower()
    return host in FORGES or host.startswith(("git.", "gitlab.", "gitea.", "forgejo.", "code."))


def _project_urls(fields: dict[str, list[str]]) -> list[tuple[str, str]]:
    out = []
    for key, values in fields.items():
        if _label(key) in ("projecturl", "projecturls"):
            for value in values or ():
                label, sep, url = str(value).partition(",")
                if sep:
                    out.append((label.strip(), url.strip()))
    return out


def _field(fields: dict[str, list[str]], *names: str) -> list[str]:
    wanted = {_label(n) for n in names}
    return [v for k, vals in fields.items() if _label(k) in wanted for v in (vals or ())]


def _npm_candidates(manifest: dict) -> list[tuple[str, str]]:
    out = []
    repo = manifest.get("repository")
    if isinstance(repo, str):
        out.append(("package.json repository", repo))
    elif isinstance(repo, dict) and isinstance(repo.get("url"), str):
        where = "package.json repository.url"
        if repo.get("directory"):
            where += f" (directory {repo['directory']})"
        out.append((where, repo["url"]))
    home = manifest.get("homepage")
    if isinstance(home, str):
        out.append(("package.json homepage", home))
    bugs = manifest.get("bugs")
    bug_url = bugs.get("url") if isinstance(bugs, dict) else bugs
    if isinstance(bug_url, str):
        out.append(("package.json bugs", bug_url))
    return out


def _name_score(url: str, name: str | None) -> int:
    if not name:
        return 0
    repo = url.rstrip("/").rsplit("/", 1)[-1].lower()
    wanted = re.sub(r"[-_.]+", "-", name.lower().lstrip("@").split("/")[-1])
    return 0 if re.sub(r"[-_.]+", "-", repo) == wanted else 1


def repository_for(
    metadata_fields: dict[str, list[str]] | None = None,
    npm_manifest: dict | None = None,
    name: str | None = None,
    ecosystem: str = "pypi",
) -> tuple[str | None, str]:
    """The code repository URL a package's metadata names, and where it came from.

    ``metadata_fields`` maps core-metadata field names to their values (``{"Project-URL": ["Source,
    https://..."], "Home-page": [...]}``); ``npm_manifest`` is a parsed package.json.  Returns
    ``(None, reason)`` when nothing usable was found.
    """
    from reportgen.knowledge.repositories import lookup

    known = lookup(name, ecosystem) if name else None
    if known and known.get("override"):
        return normalize(known["url"]), f"reportgen/data/repositories.yaml ({known.get('note') or 'metadata is wrong'})"

    candidates: list[tuple[int, int, int, str, str]] = []  # (rank, name score, order, url, where)
    rejected: list[str] = []
    order = 0

    def consider(rank: int, where: str, raw: str, forge_only: bool) -> None:
        nonlocal order
        order += 1
        if is_docs_host(raw):
            rejected.append(f"{where}: {raw} is documentation")
            return
        url = normalize(raw)
        if url is None or is_docs_host(url):
            return
        if forge_only and not is_forge_repo(url):
            return
        candidates.append((rank, _name_score(url, name), order, url, where))

    fields = metadata_fields or {}
    for label, url in _project_urls(fields):
        lab = _label(label)
        if lab in REPO_LABELS:
            consider(REPO_LABELS.index(lab), f"Project-URL: {label}", url, False)
        elif lab in HOME_LABELS:
            consider(30, f"Project-URL: {label}", url, True)
        else:
            consider(50, f"Project-URL: {label}", url, True)
    for url in _field(fields, "Home-page", "Homepage"):
        consider(31, "Home-page", url, True)
    for url in _field(fields, "Download-URL"):
        consider(60, "Download-URL", url, True)
    if npm_manifest:
        for where, url in _npm_candidates(npm_manifest):
            rank = 0 if "repository" in where else (30 if "homepage" in where else 50)
            consider(rank, where, url, rank != 0)
    if candidates:
        candidates.sort()
        best = candidates[0]
        return best[3], best[4]
    if known:
        return normalize(known["url"]), "reportgen/data/repositories.yaml (the package's metadata names no repository)"
    if rejected:
        return None, "no code repository in the metadata (" + "; ".join(rejected) + ")"
    return None, "no code repository in the package's metadata"


def metadata_fields(dist_info: os.PathLike[str] | str) -> dict[str, list[str]]:
    """Every header of a dist-info METADATA (or egg-info PKG-INFO) file, as lists
    (the environment scan's reader, :func:`reportgen.sources.environment.read_metadata`)."""
    from reportgen.sources.environment import read_metadata

    return read_metadata(dist_info)


def canonical(name: str, ecosystem: str = "pypi", python: str | os.PathLike[str] | None = None) -> str | None:
    """The code repository of an installed (PyPI) package, or of a known package of any ecosystem."""
    return canonical_with_source(name, ecosystem, python)[0]


def canonical_with_source(
    name: str, ecosystem: str = "pypi", python: str | os.PathLike[str] | None = None
) -> tuple[str | None, str]:
    fields = None
    if ecosystem == "pypi":
        try:
            from reportgen.sources.environment import find_distribution

            folder = find_distribution(name, python)
        except Exception:  # noqa: BLE001 - no interpreter or no sources module: fall back on the data file
            folder = None
        if folder is not None:
            fields = metadata_fields(folder)
    url, where = repository_for(fields, None, name, ecosystem)
    if url is None and ecosystem in ("docker", "system", "pypi", "npm"):
        from reportgen.knowledge.technologies import lookup

        tech = lookup(name)
        if tech is not None and tech.repository and (ecosystem in ("docker", "system") or fields is None):
            return tech.repository, f"reportgen/data/technologies.yaml ({tech.name})"
    return url, where
