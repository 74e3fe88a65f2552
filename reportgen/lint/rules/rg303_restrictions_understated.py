"""RG303 restrictions-understated."""
import re

from reportgen.lint import licensing
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules._package import distribution

_NONE = re.compile(
    r"^\s*(none|nothing|n/?a|no\.?|-+|no restrictions?( at all)?|there are no restrictions?|"
    r"no restrictions? (apply|applies)|(it )?(has|have) no restrictions?|(you|we) can do anything( with it)?|"
    r"there (are|is) no( real)? restrictions?( on (its )?use)?)\s*[.!]?\s*$", re.I)
_WORDS = {"include-copyright": "keep the copyright notice and license text",
          "include-notice": "keep the copyright notice and license text", "include-notice-file": "keep the NOTICE file",
          "no-endorsement": "not use the authors' names to promote your product",
          "disclose-source": "share the source", "same-license": "release changes under the same license",
          "same-license-library": "release changes to the library under the same license",
          "same-license-file": "release changed files under the same license",
          "document-changes": "state the changes you made", "state-changes": "state the changes you made",
          "network-use-disclose": "share the source with network users",
          "network-use-is-distribution": "share the source with users over a network"}


@register
class RestrictionsUnderstated(Rule):
    """Find "none" / "no restrictions" / "N/A" where the license does ask something of you.

    ## What it does
    When `general.license_restrictions` says there are none, looks up the conditions of the
    license (declared, or identified from the package): keeping the copyright notice,
    sharing source, using the same license ...; reports the restriction when there is one.

    ## Why is this bad
    Almost every license has conditions: MIT and BSD require the notice to be kept in
    copies; saying "none" shows the license was not read.

    ## Example (bad)
    ```yaml
    general:
      license_type: MIT
      license_restrictions: None
    ```

    ## Use instead (good)
    ```yaml
    general:
      license_type: MIT
      license_restrictions: Copies must keep the copyright notice and license text; no warranty.
    ```
    """

    code = "RG303"
    name = "restrictions-understated"

    def check(self, ctx):
        notes = ctx.notes
        if notes is None or notes.general.is_auto("license_restrictions"):
            return
        text = notes.general.license_restrictions
        if not text.strip() or not _NONE.match(text):
            return
        expr = None
        if not notes.general.is_auto("license_type") and notes.general.license_type.strip():
            expr = licensing.normalize(notes.general.license_type)
        if expr is None:
            dist = distribution(ctx)
            found = licensing.identify(dist) if dist is not None else None
            expr = found[0] if found else None
        if expr is None:
            return
        conds: list[str] = []
        for lid in sorted(licensing.license_ids(expr)):
            for c in licensing.conditions(lid) or ():
                if c not in conds:
                    conds.append(c)
        if not conds:
            return
        said = "; ".join(dict.fromkeys(_WORDS.get(c, c.replace("-", " ")) for c in conds))
        yield ctx.finding(self, "general.license_restrictions",
                          f"'{text.strip()}' understates {expr}: it requires you to {said}")
