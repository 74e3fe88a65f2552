"""RG201 repo-not-canonical."""
from reportgen.lint import hosts
from reportgen.lint import links as L
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules._package import canonical_repos, distribution


@register
class RepoNotCanonical(Rule):
    """Find a Code Repository that is not the package's own repository.

    ## What it does
    Compares `general.code_repository` with the repository named by the package's
    metadata (or reportgen's knowledge): a fork, a mirror, a documentation site, PyPI's
    page or the team's own project is reported, with the package's repository as fix.

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
        if link.host not in hosts.CODE_HOSTS:
            cat = hosts.category(link.host)
            kind = {"docs": "a documentation site", "q&a": "a Q&A site", "blog": "a blog"}.get(cat, "not a code host")
            yield ctx.finding(self, field, f"Code Repository is {kind} ({link.host}), not the code", fix=fix)
            return
        if link.slug and canon and link.slug not in canon:
            yield ctx.finding(self, field, f"'{link.owner}/{link.repo}' is not {dist.name}'s repository "
                              f"({', '.join(sorted(canon))}, from its package metadata)", fix=fix)
