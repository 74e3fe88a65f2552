"""RG003 field-empty."""
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class FieldEmpty(Rule):
    """Find fields that are present but left empty, and sections without a chain.

    ## What it does
    Reports a `general` cell written as an empty value (leave it out or write `auto`
    to have it filled), a section with no chain of calls, and a chain step without
    text.

    ## Why is this bad
    An empty cell in the General Information & Licensing table, or a chain without
    steps, is a missing part of the report.

    ## Example (bad)
    ```yaml
    general:
      license_restrictions: ""
    sections:
      - title: Chain of calls
        chain: []
    ```

    ## Use instead (good)
    ```yaml
    general:
      license_restrictions: auto
    sections:
      - title: Chain of calls
        chain:
          - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1020-L1100
            text: run_simple() binds the socket and serves forever.
    ```
    """

    code = "RG003"
    name = "field-empty"

    def check(self, ctx):
        notes = ctx.notes
        if notes is None:
            return
        for key in ("code_repository", "license_type", "license_description", "license_restrictions"):
            path = f"general.{key}"
            value = getattr(notes.general, key)
            if path in notes.positions and (value is None or (isinstance(value, str) and not value.strip())):
                yield ctx.finding(self, path, f"'{key}' is empty", fix=None)
        if "sections" in notes.positions and not notes.sections:
            yield ctx.finding(self, "sections", "the report has no sections")
        for si, section in enumerate(notes.sections):
            if not section.chain and not (section.explanation or "").strip():
                yield ctx.finding(self, f"sections[{si}]", "section has neither a chain of calls nor an explanation")
            elif not section.chain:
                yield ctx.finding(self, f"sections[{si}]", "section has no chain of calls (no step links to the code)",
                                  severity="warning")
            for ci, step in enumerate(section.chain):
                if not (step.link or "").strip():
                    yield ctx.finding(self, f"sections[{si}].chain[{ci}].link", "step has an empty link")
                if not (step.text or "").strip():
                    yield ctx.finding(self, f"sections[{si}].chain[{ci}]", "step has no text saying what happens there",
                                      severity="warning")
