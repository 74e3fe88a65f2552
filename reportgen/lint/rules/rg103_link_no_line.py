"""RG103 link-no-line."""
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class LinkNoLine(Rule):
    """Find chain links to a file without a line or range.

    ## What it does
    Reports a file link with no `#L10` / `#L10-L20` anchor.

    ## Why is this bad
    The template asks for the exact lines; a whole file of hundreds of lines leaves
    the grader to guess which code the step means.

    ## Example (bad)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1020-L1100
    ```
    """

    code = "RG103"
    name = "link-no-line"

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind in ("blob", "raw") and link.path and link.start is None and not link.anchor:
                yield ctx.finding(self, info.path + ".link", f"link to '{link.path.rsplit('/', 1)[-1]}' names no lines; add #L<start>-L<end>")
