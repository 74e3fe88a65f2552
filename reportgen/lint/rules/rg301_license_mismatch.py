"""RG301 license-mismatch."""
from reportgen.lint import licensing
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules._package import distribution, npm_license


@register
class LicenseMismatch(Rule):
    """Find a License Type that differs from the package's identified license.

    ## What it does
    Identifies the installed package's license (metadata and license files) and compares
    it with `general.license_type` as SPDX expressions (`equivalent`); a short label of the
    same license (`BSD-3`, `Apache 2.0`, `MIT License`) is accepted. An npm package
    (`package: pkg:npm/express@4.18.2`) is read in `node_modules` next to the notes, else
    in reportgen's knowledge (`reportgen/data/technologies.yaml`).

    ## Why is this bad
    The license type must match the library's actual license file; a wrong type makes the
    description and restrictions wrong too.

    ## Example (bad)
    ```yaml
    package: werkzeug
    general:
      license_type: MIT
    ```

    ## Use instead (good)
    ```yaml
    package: werkzeug
    general:
      license_type: BSD-3-Clause
    ```
    """

    code = "RG301"
    name = "license-mismatch"

    def check(self, ctx):
        notes = ctx.notes
        if notes is None or notes.general.is_auto("license_type") or not notes.general.license_type.strip():
            return
        declared = licensing.declared(notes.general.license_type, ctx.package_name())
        if declared is None:
            return  # license-invalid reports it
        dist = distribution(ctx)
        found = licensing.identify(dist) if dist is not None else npm_license(ctx)
        if found is None:
            return
        actual, where = found
        name = dist.name if dist is not None else ctx.package_name()
        if not licensing.equivalent(declared, actual):
            yield ctx.finding(self, "general.license_type",
                              f"License Type '{notes.general.license_type}' is not {name}'s license {actual} ({where})",
                              fix=actual)
