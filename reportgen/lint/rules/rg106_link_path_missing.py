"""RG106 link-path-missing."""
import difflib

from reportgen.lint import links as _links
from reportgen.lint import source as S
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules._package import canonical_repos
from reportgen.lint.rules.rg105_link_mangled_path import mangled


@register
class LinkPathMissing(Rule):
    """Find links to files that do not exist in the library at that version.

    ## What it does
    Maps the link to the installed package's files (its RECORD) when the link's tag is
    the installed version, to the standard library for python/cpython links, or, with
    `--online`, asks the code host for the file at that ref. A file that is not there is
    reported with the closest real file name. A link on a branch (`master`, `main`) to
    `flask_socketio/__init__.py` in a repository that keeps its code under `src/`
    (`prefix` in tag_formats.toml) names a path the branch no longer has: it is reported
    with the `src/` path, pinned to the installed version's tag, as fix. A link into a
    known project's repository to a Python package that project's distribution does not
    ship, while another installed distribution does (`src/werkzeug/serving.py` under
    `pallets/flask`), names another project's file: it is reported with that project's
    repository as fix, at the same ref.

    ## Why is this bad
    The link opens a 404 page; often the file was renamed or moved between versions
    (werkzeug's `wsgi.py` code moved to `sansio/`), so the text describes code the reader
    cannot find.

    ## Example (bad)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/servering.py#L10
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L10
    ```
    """

    code = "RG106"
    name = "link-path-missing"
    needs_source = True

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind not in ("blob", "raw") or not link.path or mangled(link.path):
                continue
            foreign = _foreign_file(ctx, link)
            if foreign is not None:
                owner, home = foreign
                head, sep, rest = link.url.partition(f"github.com/{link.owner}/{link.repo}/")
                yield ctx.finding(self, info.path + ".link",
                                  f"'{link.path}' is {owner.name}'s file, not {link.owner}/{link.repo}'s "
                                  f"(its package ships no '{_top(link.path, link)}'); the file lives in {home}", fix=f"{head}github.com/{home}/{rest}" if sep else None)
                continue
            res = ctx.resolve(link)
            if not res.missing:
                continue
            if res.moved_to:
                tag, path = res.moved_to
                fix = _links.relink(link, ref=tag).replace(f"/{tag}/{link.path}", f"/{tag}/{path}", 1)
                yield ctx.finding(self, info.path + ".link", f"'{link.path}' does not exist in {res.missing_where}; "
                                  f"the file is '{path}'", fix=fix)
                continue
            name = link.path.rsplit("/", 1)[-1]
            names = [s.rsplit("/", 1)[-1] for s in res.siblings]
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            yield ctx.finding(self, info.path + ".link", f"'{link.path}' does not exist in {res.missing_where}{hint}")


def _foreign_file(ctx, link):
    """(installed distribution, its repository) when ``link`` names, under a known project's
    repository, a file of a Python package that project's installed distribution does not ship
    while another installed distribution, from another repository, ships that very file; else None."""
    if link.host != "github.com" or not link.owner or not link.repo or not link.path.endswith(".py"):
        return None
    slug = f"{link.owner}/{link.repo}".lower()
    dist = S.distribution_for_repo(slug, ctx.python, ctx.package_name())
    if dist is None:
        return None
    rel = _below_prefix(link)
    top = _top(link.path, link)
    if "/" not in rel or top in dist.top_levels:
        return None
    for other in S.distributions(ctx.python).values():
        if other is dist or top not in other.top_levels or rel not in other.files:
            continue
        homes = {s.lower() for s in canonical_repos(ctx, other)}
        if len(homes) != 1 or slug in homes:  # unknown home, or one repository holding both projects
            return None
        home = next(iter(homes))
        their_prefix = S.tag_table().get(home, {}).get("prefix") or ""
        return (other, home) if link.path == their_prefix + rel else None
    return None


def _below_prefix(link) -> str:
    """The link's path below the repository's code folder (``src/`` for pallets/flask)."""
    prefix = S.tag_table().get(f"{link.owner}/{link.repo}".lower(), {}).get("prefix") or ""
    return link.path[len(prefix):] if prefix and link.path.startswith(prefix) else link.path


def _top(path: str, link) -> str:
    """The top-level package a link's path names."""
    return _below_prefix(link).split("/", 1)[0]
