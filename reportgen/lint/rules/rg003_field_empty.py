"""RG003 field-empty."""
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class FieldEmpty(Rule):
    """Find fields that are present but left empty, and sections without a chain.

    ## What it does
    Reports a `general` cell written as empty text (leave it out or write `auto` to
    have it filled; one written with no value at all is filled as for `auto`, a
    warning), a section with no chain of calls, a chain step without a link or
    without text, and a `symbol:` left with no value (as information: the step still
    builds, but nothing checks that the link points at the function meant).  A field
    the notes format rejects is RG001's finding, not this rule's.

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
      - title: Serving
        chain:
          - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1020-L1100
            symbol:
            text: run_simple() binds the socket and serves forever.
    ```

    ## Use instead (good)
    ```yaml
    general:
      license_restrictions: auto
    sections:
      - title: Chain of calls
        chain:
          - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1020-L1100
            symbol: run_simple
            text: run_simple() binds the socket and serves forever.
    ```
    """

    code = "RG003"
    name = "field-empty"

    def check(self, ctx):
        notes = ctx.notes
        if notes is None:
            return
        # a field the notes format rejected is RG001's finding; say nothing more about it here
        broken = {getattr(p, "field", "") for p in ctx.problems} - {""}

        def reported(path):
            return any(path == b or path.startswith(b + ".") or b.startswith(path + ".") for b in broken)

        def empty(path, value):
            return path in notes.positions and not reported(path) and not (value or "").strip()

        for key in ("code_repository", "license_type", "license_description", "license_restrictions"):
            path = f"general.{key}"
            value = getattr(notes.general, key)
            if empty(path, value) and value is None:
                yield ctx.finding(self, path, f"'{key}' has no value: build fills it from the package as for "
                                  "'auto'; write 'auto' to mean that, or write the value", severity="warning")
            elif empty(path, value):
                yield ctx.finding(self, path, f"'{key}' is empty")
        if "sections" in notes.positions and not notes.sections and not reported("sections"):
            yield ctx.finding(self, "sections", "the report has no sections")
        for si, section in enumerate(notes.sections):
            path = f"sections[{si}]"
            if reported(path) and not section.chain:
                continue
            if not section.chain and not (section.explanation or "").strip():
                yield ctx.finding(self, path, "section has neither a chain of calls nor an explanation")
            elif not section.chain:
                yield ctx.finding(self, path, "section has no chain of calls (no step links to the code)",
                                  severity="warning")
            for ci, step in enumerate(section.chain):
                path = f"sections[{si}].chain[{ci}]"
                if reported(path) and not any(b.startswith(path + ".") for b in broken):
                    continue  # the whole step is malformed
                if empty(path + ".link", step.link):
                    yield ctx.finding(self, path + ".link", "step has an empty link")
                if empty(path + ".symbol", step.symbol):
                    yield ctx.finding(self, path + ".symbol",
                                      "'symbol' is empty: name the function or class the link points at, "
                                      "or remove the key", severity="info")
                if not (step.text or "").strip() and not reported(path + ".text"):
                    yield ctx.finding(self, path, "step has no text saying what happens there", severity="warning")
