"""RG303 restrictions-understated."""
from reportgen.lint import licensing, restrictions
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules._package import distribution

_WORDS = {"include-copyright": "keep the copyright notice and license text",
          "include-notice": "keep the copyright notice and license text", "include-notice-file": "keep the NOTICE file",
          "keep-source-notice": "keep the notice in copies of the source",
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
    Judges what `general.license_restrictions` means: it is understated when it denies
    any restriction, condition or obligation ("None", "N/A", "nothing", "There are no
    restrictions to this license", "not restricted in any way", "unrestricted", "you are
    free to do whatever you want") and names no real condition (the notice, copyright or
    attribution, including the license, sharing source, the same license, warranty or
    liability, trademarks or endorsement, stating changes, patents).  Then looks up the
    conditions of the license (declared, or identified from the package) and reports
    them when there are some; licenses that ask nothing (CC0-1.0, Unlicense, 0BSD,
    WTFPL, MIT-0) are left alone, as is an `OR` choice with one such license.

    A second, milder finding (a warning): the cell names only the warranty / liability
    disclaimer ("Liability. Warranty.") while the license also asks you to keep its
    copyright and permission notice (MIT, BSD, ISC, Apache ...), and neither the cell nor
    the description says so (a description saying "no credits are required" does not).
    The disclaimer is a real term, so this is not a denial; but the one thing the license
    asks of the user is missing.

    ## Why is this bad
    Almost every license has conditions: MIT and BSD require the notice to be kept in
    copies; saying "none", or listing only what the authors disclaim, shows the license's
    conditions were not read.

    ## Example (bad)
    ```yaml
    general:
      license_type: MIT
      license_restrictions: There are no restrictions to this license.
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
        denial = restrictions.understated(text)
        named = restrictions.conditions_named(text)
        if not denial and named != ["warranty"]:
            return
        expr = _license(ctx)
        conds = _conditions(expr) if expr else []
        if not conds:
            return
        quote = " ".join(text.split())
        quote = quote if len(quote) <= 60 else quote[:57].rstrip() + "..."
        if denial:
            yield ctx.finding(self, "general.license_restrictions",
                              f"'{quote}' understates {expr}: it requires you to {_said(conds)}")
            return
        # The cell names only the warranty / liability disclaimer: a real term, so not a denial, but
        # the notice the license asks to keep is said nowhere (restrictions nor description).
        if not any(_KIND.get(c) == "notice" for c in conds):
            return
        description = "" if notes.general.is_auto("license_description") else notes.general.license_description or ""
        if "notice" in restrictions.conditions_named(description):
            return
        missing = [c for c in conds if _KIND.get(c, c) not in named]
        said = _said(missing)
        yield ctx.finding(self, "general.license_restrictions",
                          f"'{quote}' names only the warranty disclaimer; {expr} also requires you to {said} "
                          "(neither the restrictions nor the description says so)",
                          fix=f"{' '.join(text.split()).rstrip('.')}. Copies must also {said}.",
                          severity="warning")


#: Which kind of condition (restrictions.toml's [conditions]) names each license condition tag.
_KIND = {"include-copyright": "notice", "include-notice": "notice", "include-notice-file": "notice",
         "keep-source-notice": "notice", "no-endorsement": "endorsement", "disclose-source": "source",
         "same-license": "same_license", "same-license-library": "same_license", "same-license-file": "same_license",
         "document-changes": "state_changes", "state-changes": "state_changes",
         "network-use-disclose": "network", "network-use-is-distribution": "network"}


def _said(conds: list[str]) -> str:
    return "; ".join(dict.fromkeys(_WORDS.get(c, c.replace("-", " ")) for c in conds))


def _license(ctx) -> str | None:
    """The license expression of the notes: the License Type, else the package's identified license."""
    general = ctx.notes.general
    if not general.is_auto("license_type") and general.license_type.strip():
        expr = licensing.normalize(general.license_type)
        if expr is not None:
            return expr
    dist = distribution(ctx)
    found = licensing.identify(dist) if dist is not None else None
    return found[0] if found else None


def _conditions(expr: str) -> list[str]:
    """What an expression asks of you; nothing when one of its OR choices asks nothing."""
    conds: list[str] = []
    for choice in licensing.or_choices(expr):
        found = [c for lid in sorted(licensing.license_ids(choice)) for c in (licensing.conditions(lid) or ())]
        if not found and all(licensing.conditions(lid) is not None for lid in licensing.license_ids(choice)):
            return []  # a choice that asks nothing (MIT OR CC0-1.0): saying "none" is right
        conds.extend(c for c in found if c not in conds)
    return conds
