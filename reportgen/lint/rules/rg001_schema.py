"""RG001 schema."""
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class Schema(Rule):
    """Report everything the notes format rejects, each at its position, as a finding.

    ## What it does
    Loads the notes file leniently: every unknown key, value of the wrong type, missing
    required key and duplicate key becomes a finding at the line and column of the
    offending key or value, and the other rules still check the rest of the notes (a
    key written with no value, such as `symbol:`, counts as absent; RG003 says it is
    empty).  Two slips YAML itself rejects are read anyway and reported: tabs in the
    indentation, and a one-line text YAML takes for syntax (`text: Flask: the app ...`,
    ``text: `run()` starts``).  Only a file that is still not YAML (another syntax
    error), is empty, or is not a mapping of keys stops the other rules.

    ## Why is this bad
    A notes file that does not follow the format cannot be built into a report
    (`reportgen build` refuses it at the first problem).

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
        for err in ctx.problems or ([ctx.error] if ctx.error is not None else []):
            loc = getattr(err, "location", None)
            line = (loc.line if loc and loc.line else 1)
            col = (loc.column if loc and loc.column else 1)
            text = err.message + (f" ({err.hint})" if getattr(err, "hint", None) else "")
            yield ctx.finding(self, getattr(err, "field", ""), text, position=(line, col))
