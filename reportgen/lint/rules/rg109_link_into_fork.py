"""RG109 link-into-fork."""
from packaging.utils import canonicalize_name

from reportgen.knowledge.repositories import current_slug
from reportgen.lint import source as S
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules._package import canonical_repos, distribution


@register
class LinkIntoFork(Rule):
    """Find chain links into a fork or copy of a library instead of the library's own repository.

    ## What it does
    For each GitHub link, collects the repositories known to be the real home of a project
    with that repository name: the notes' package and the installed package of that name
    (their metadata, or reportgen's knowledge), reportgen's list of repositories, and
    python/cpython. A link into `someone/werkzeug` while werkzeug lives at
    `pallets/werkzeug` is reported, with the same link in the library's repository as fix.
    Names are compared without case and with `-`, `_` and `.` alike, so a copy renamed
    `python_socketio` is still a copy of `python-socketio`.

    A repository with a name no known project has (the team's own app) is checked only for
    copies of library files kept in it: a path that mirrors an installed package's file
    (`venv/lib/python3.8/site-packages/django/urls/resolvers.py`, `django/urls/resolvers.py`)
    and a file saved without its `.py` whose name is one of at most two modules of the
    notes' package (`reports/resolvers` for Django's `django/urls/resolvers.py`; a name the
    library uses all over, like `views` or `models`, is what apps call their own code, and
    is left alone). The fix is the library's file at the installed version's tag. The
    team's own code (`app/views.py`, `chat/consumers.py`) is not a library path and is not
    flagged. Offline the copy's content is not read: the path is the evidence.

    ## Why is this bad
    A fork is somebody's copy: its lines can differ from the library's at any commit, it
    may be years behind, and the reader cannot tell which code the app really runs.
    Forks turn up when a search result or a teammate's fork is pasted instead of the
    library's page.

    ## Example (bad)
    ```yaml
    chain:
      - link: https://github.com/jdoe/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1085-L1100
    ```

    ## Use instead (good)
    ```yaml
    chain:
      - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1085-L1100
    ```
    """

    code = "RG109"
    name = "link-into-fork"

    def check(self, ctx):
        homes: dict[str, set[str]] = {}  # repository name -> its known homes, for this file
        for info in ctx.steps():
            link = info.link
            if link.host != "github.com" or not link.owner or not link.repo:
                continue
            name = _repo_key(link.repo)
            if name not in homes:
                homes[name] = _homes(ctx, name)
            known = homes[name]
            slug = f"{link.owner}/{link.repo}".lower()
            if not known:
                copy = _kept_copy(ctx, link)
                if copy is not None:
                    yield ctx.finding(self, info.path + ".link", copy[0], fix=copy[1])
                continue
            if current_slug(slug) in known:  # a former name GitHub redirects is the home too
                continue
            fix = None
            if len(known) == 1:
                home = next(iter(known))
                head, sep, rest = link.url.partition(f"github.com/{link.owner}/{link.repo}")
                fix = f"{head}github.com/{home}{rest}" if sep else None
            yield ctx.finding(self, info.path + ".link",
                              f"'{link.owner}/{link.repo}' is a fork or copy of {' / '.join(sorted(known))}; "
                              "link the library's own repository", fix=fix)


_CODE_FOLDERS = ("tests", "test", "docs", "examples")  # top-level folders packages ship by mistake


def _kept_copy(ctx, link):
    """(message, fix) when a link into a repository no known project has names a copy of an installed
    library's file (see the rule's doc); else None."""
    if link.kind not in ("blob", "raw") or not link.path:
        return None
    parts = link.path.split("/")
    if parts[-1].endswith(".py"):
        for i, top in enumerate(parts[:-1]):
            if top in _CODE_FOLDERS:
                continue
            rel = "/".join(parts[i:])
            for dist in S.distributions(ctx.python).values():
                if top in dist.top_levels and rel in dist.files:
                    return (f"'{link.path}' is a copy of {dist.name}'s '{rel}' kept in '{link.owner}/{link.repo}'; "
                            f"link {dist.name}'s own repository", S.permalink(dist.root / rel, python=ctx.python))
        return None
    if "." in parts[-1]:
        return None
    dist = distribution(ctx)
    if dist is None:
        return None
    module = parts[-1] + ".py"
    matches = sorted(f for f in dist.files if f.rsplit("/", 1)[-1] == module and f.split("/", 1)[0] in dist.top_levels)
    if not matches or len(matches) > 2:
        return None
    fix = S.permalink(dist.root / matches[0], python=ctx.python) if len(matches) == 1 else None
    return (f"'{link.path}' looks like a copy of {dist.name}'s {' or '.join(repr(m) for m in matches)} "
            f"(a Python file saved without '.py') kept in '{link.owner}/{link.repo}'; link {dist.name}'s own "
            f"repository at the installed {dist.version}", fix)


def _repo_key(repo: str) -> str:
    """A repository name compared the way GitHub users spell it loosely: case, '-', '_' and '.' alike
    (``python_socketio`` is ``python-socketio``)."""
    return canonicalize_name(repo)


def _homes(ctx, name: str) -> set[str]:
    """owner/repo slugs (lower case) known to be the real home of a project whose repository name,
    compared by :func:`_repo_key`, is ``name``."""
    found: set[str] = set()
    if name == "cpython":
        found.add("python/cpython")
    found |= {slug for slug in S.tag_table() if _repo_key(slug.split("/", 1)[-1]) == name}
    dists = [distribution(ctx), S.find_distribution(name, ctx.python)]
    for dist in dists:
        if dist is not None:
            found |= {slug for slug in canonical_repos(ctx, dist) if _repo_key(slug.split("/", 1)[-1]) == name}
    try:
        from reportgen.knowledge.repositories import lookup
        from reportgen.lint.links import repo_slug

        entry = lookup(name)
        slug = repo_slug(entry.get("url")) if entry else None
        if slug and _repo_key(slug.split("/", 1)[-1]) == name:
            found.add(slug)
    except Exception:  # noqa: BLE001 - the knowledge base is optional here
        pass
    return found
