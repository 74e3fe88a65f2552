"""RG002 placeholder-left."""
import re

from reportgen.lint.base import Rule
from reportgen.lint.registry import register

_PATTERNS = [
    (re.compile(r"\[\s*(insert|add|your|put|fill|describe|write|link|paste|enter)\b[^\]]*\]", re.I), "a [bracketed] placeholder"),
    (re.compile(r"<\s*(your|insert|team|name|link|url|add|fill|describe|update|replace|change|put|paste)\b[^>]*>", re.I), "an <angle-bracket> placeholder"),
    (re.compile(r"\b(TODO|TBD|FIXME|XXX+)\b"), "a to-do marker"),
    (re.compile(r"\blorem ipsum\b", re.I), "lorem ipsum filler"),
    (re.compile(r"\?\?\?+"), "'???'"),
    (re.compile(r"\b(insert|add|put|paste)\s+(the\s+)?(link|url|code|text|description|license)\s+here\b", re.I), "an 'insert ... here' placeholder"),
    (re.compile(r"\b(link|url|code|text|description)\s+goes\s+here\b", re.I), "a '... goes here' placeholder"),
    (re.compile(r"\breplace\s+this\s+(text|section|paragraph|sentence|line|cell)\b|"
                r"\banswers?\s+the\s+following\s+questions\b", re.I), "the template's instruction text"),
]


def placeholder(value: str) -> str | None:
    """What kind of placeholder ``value`` holds ('a to-do marker' ...), or None."""
    return next((what for rx, what in _PATTERNS if rx.search(value)), None)


def strings(notes):
    """Every text value of a notes file with its field path."""
    for key in ("technology", "topic", "package"):
        value = getattr(notes, key, None)
        if isinstance(value, str):
            yield key, value
    g = notes.general
    for key in ("code_repository", "license_type", "license_description", "license_restrictions"):
        value = getattr(g, key)
        if isinstance(value, str):
            yield f"general.{key}", value
    for i, name in enumerate(g.who_worked or []):
        yield f"general.who_worked[{i}]", name
    for si, s in enumerate(notes.sections):
        for key in ("title", "purpose", "explanation"):
            value = getattr(s, key)
            if isinstance(value, str):
                yield f"sections[{si}].{key}", value
        for ci, step in enumerate(s.chain):
            for key in ("link", "symbol", "text"):
                value = getattr(step, key)
                if isinstance(value, str):
                    yield f"sections[{si}].chain[{ci}].{key}", value


@register
class PlaceholderLeft(Rule):
    """Find template placeholders and to-do markers left in the notes.

    ## What it does
    Looks in every text field for `[insert ... here]`, `<your name>`, `<update this link>`, `TODO`, `TBD`,
    `FIXME`, `lorem ipsum`, `???`, "link goes here" and the template's own instructions left in
    front of (or instead of) the answer ("Replace this text with some that answers the following
    questions ...").

    ## Why is this bad
    A placeholder handed in tells the grader the report is unfinished; the cell
    it sits in earns nothing.

    ## Example (bad)
    ```yaml
    general:
      license_description: "[insert a short description here]"
    ```

    ## Use instead (good)
    ```yaml
    general:
      license_description: Permissive; keep the copyright notice and license text.
    ```
    """

    code = "RG002"
    name = "placeholder-left"

    def check(self, ctx):
        if ctx.notes is None:
            return
        for path, value in strings(ctx.notes):
            for rx, what in _PATTERNS:
                m = rx.search(value)
                if m:
                    yield ctx.finding(self, path, f"{what} is still here: '{m.group(0)}'")
                    break
