"""RG202 repo-multiple."""
from reportgen.lint import links as L
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class RepoMultiple(Rule):
    """Find more than one URL in the Code Repository cell.

    ## What it does
    Counts the URLs in `general.code_repository`.

    ## Why is this bad
    One report covers one technology with one repository; several links mean the report
    mixes technologies (split it into one notes file each) or lists docs next to code.

    ## Example (bad)
    ```yaml
    general:
      code_repository: https://github.com/pallets/flask https://github.com/pallets/werkzeug
    ```

    ## Use instead (good)
    ```yaml
    general:
      code_repository: https://github.com/pallets/flask
    ```
    """

    code = "RG202"
    name = "repo-multiple"

    def check(self, ctx):
        if ctx.notes is None:
            return
        urls = L.find_urls(ctx.notes.general.code_repository or "")
        distinct = list(dict.fromkeys(u.rstrip("/") for u in urls))
        if len(distinct) > 1:
            yield ctx.finding(self, "general.code_repository",
                              f"Code Repository holds {len(distinct)} URLs ({', '.join(distinct)}); give the one repository of this technology")
