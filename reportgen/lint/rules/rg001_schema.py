"""RG001 schema."""
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class Schema(Rule):
    """Report anything the notes format rejects, at its position, as a finding.

    ## What it does
    Loads the notes file with the notes model; a YAML syntax error, an unknown key,
    a value of the wrong type or a missing required key becomes one finding at the
    line and column of the offending value, instead of stopping the run.

    ## Why is this bad
    A notes file that does not follow the format cannot be built into a report, and
    no other rule can look at it until it loads.

    ## Example (bad)
    ```yaml
    technology: Flask
    genral:
      license_type: BSD-3-Clause
    ```

    ## Use instead (good)
    ```yaml
    technology: Flask
    general:
      license_type: BSD-3-Clause
    ```
    """

    code = "RG001"
    name = "schema"

    def check(self, ctx):
        err = ctx.error
        if err is None:
            return
        loc = getattr(err, "location", None)
        line = (loc.line if loc and loc.line else 1)
        col = (loc.column if loc and loc.column else 1)
        text = err.message + (f" ({err.hint})" if getattr(err, "hint", None) else "")
        yield ctx.finding(self, "", text, position=(line, col))
