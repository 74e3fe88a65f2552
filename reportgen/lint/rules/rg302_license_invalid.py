"""RG302 license-invalid."""
from reportgen.lint import licensing
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class LicenseInvalid(Rule):
    """Find a License Type that names no license reportgen can recognise.

    ## What it does
    Accepts an SPDX expression (`MIT`, `Apache-2.0 OR MIT`), a common short label of one
    license (`BSD-3`, `Apache 2.0`), the SPDX list's full name of one
    (`BSD 3-Clause "New" or "Revised" License`) and "X License" / "X Licensing" wordings
    of those; reports anything else, including sentences, URLs and family names that fit
    several licenses (`BSD`, `GPL`).

    ## Why is this bad
    "BSD" can be the 2-clause or the 3-clause license, which differ in what you may do;
    free text there leaves the reader unable to tell which terms apply.

    ## Example (bad)
    ```yaml
    general:
      license_type: BSD
    ```

    ## Use instead (good)
    ```yaml
    general:
      license_type: BSD-3-Clause
    ```
    """

    code = "RG302"
    name = "license-invalid"

    def check(self, ctx):
        notes = ctx.notes
        if notes is None or notes.general.is_auto("license_type"):
            return
        text = notes.general.license_type.strip()
        if not text:
            return
        if licensing.normalize(text) is None:
            key = " ".join(text.lower().split())
            why = "names a family of licenses, not one" if key in licensing.AMBIGUOUS else "is not an SPDX expression or a known license name"
            yield ctx.finding(self, "general.license_type", f"License Type '{text}' {why}; write an SPDX id such as BSD-3-Clause or MIT")
