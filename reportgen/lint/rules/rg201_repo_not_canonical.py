"""RG201 repo-not-canonical."""
from reportgen.knowledge.repositories import current_slug
from reportgen.lint import hosts
from reportgen.lint import links as L
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules._package import canonical_repos, distribution, package_repos


@register
class RepoNotCanonical(Rule):
    """Find a Code Repository that is not the package's own repository.

    ## What it does
    Compares `general.code_repository` with the repository named by the package's
    metadata (or reportgen's knowledge): a fork, a mirror, a documentation site, PyPI's
    page, an organisation's page (`github.com/socketio`) or the team's own project is
    reported, with the package's repository as fix. A former name of the repository
    that GitHub redirects (`tiangolo/fastapi`, now `fastapi/fastapi`; listed with its
    source in `reportgen/data/repository_renames.yaml`) is accepted.

    ## Why is this bad
    The template asks for the code of the technology itself. A fork or the docs site
    is not where the code the app runs comes from.

    ## Example (bad)
    ```yaml
    package: werkzeug
    general:
      code_repository: https://werkzeug.palletsprojects.com/
    ```

    ## Use instead (good)
    ```yaml
    package: werkzeug
    general:
      code_repository: https://github.com/pallets/werkzeug
    ```
    """

    code = "RG201"
    name = "repo-not-canonical"

    def check(self, ctx):
        notes = ctx.notes
        if notes is None or notes.general.is_auto("code_repository"):
            return
        urls = L.find_urls(notes.general.code_repository)
        if not urls:
            if notes.general.code_repository.strip():
                yield ctx.finding(self, "general.code_repository", "Code Repository holds no URL")
            return
        link = L.parse(urls[0])
        dist = distribution(ctx)
        canon = canonical_repos(ctx, dist) if dist is not None else set()
        fix = f"https://github.com/{sorted(canon)[0]}" if len(canon) == 1 else None
        field = "general.code_repository"
        owner = _owner_page(link)
        if owner:
            known = canon or package_repos(ctx)
            mine = sorted(s for s in known if s.split("/", 1)[0] == owner.lower())
            fix = f"https://github.com/{mine[0]}" if len(mine) == 1 else fix
            yield ctx.finding(self, field, f"Code Repository is the GitHub page of '{owner}' (an organisation or "
                              "user), not a repository; name the package's own repository", fix=fix)
            return
        if link.host not in hosts.CODE_HOSTS:
            cat = hosts.category(link.host)
            kind = {"docs": "a documentation site", "q&a": "a Q&A site", "blog": "a blog"}.get(cat, "not a code host")
            yield ctx.finding(self, field, f"Code Repository is {kind} ({link.host}), not the code", fix=fix)
            return
        if link.slug and canon and current_slug(link.slug) not in canon:
            yield ctx.finding(self, field, f"'{link.owner}/{link.repo}' is not {dist.name}'s repository "
                              f"({', '.join(sorted(canon))}, from its package metadata)", fix=fix)


#: First path segments of github.com pages that are not an owner's page.
_NOT_OWNERS = {"features", "topics", "collections", "explore", "marketplace", "sponsors", "orgs", "settings",
               "about", "pricing", "search", "trending", "login", "join", "notifications", "issues", "pulls"}


def _owner_page(link) -> str | None:
    """The owner named by a github.com/OWNER address (an organisation's or user's page), else None."""
    if link.host != "github.com" or link.kind != "other-github":
        return None
    segments = [s for s in link.url.split("#", 1)[0].split("?", 1)[0].split("github.com/", 1)[-1].split("/") if s]
    if len(segments) == 1 and segments[0].lower() not in _NOT_OWNERS:
        return segments[0]
    return None
