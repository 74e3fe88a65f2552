"""RG104 link-malformed-anchor."""
from reportgen.lint import links as L
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class LinkMalformedAnchor(Rule):
    """Find line anchors GitHub does not understand.

    ## What it does
    Reports anchors such as `#L553-#L720` (the `#` pasted twice), `#LL54C1-L54C1`,
    `#:~:text=...` (a browser text fragment), `#L10-L5` (backwards) and a line number
    fused into the file name (`app.py553`). The fix is the well-formed link when the
    lines are clear.

    ## Why is this bad
    GitHub ignores an anchor it cannot read: the page opens at the top and nothing is
    highlighted, so the reader cannot tell which lines the step means.

    ## Example (bad)
    ```yaml
    - link: https://github.com/pallets/flask/blob/2.2.2/src/flask/app.py#L1067-#L1190
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/pallets/flask/blob/2.2.2/src/flask/app.py#L1067-L1190
    ```
    """

    code = "RG104"
    name = "link-malformed-anchor"

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind not in ("blob", "raw") or not link.problems:
                continue
            fix = None
            good = L.suggested_anchor(link)
            if good is not None and link.path:
                base = link.url.split("#", 1)[0]
                if link.fused_line is not None:
                    base = base[: base.rfind("/") + 1] + link.path.rsplit("/", 1)[-1]
                fix = f"{base}#{good}"
            yield ctx.finding(self, info.path + ".link", "; ".join(link.problems), fix=fix)
