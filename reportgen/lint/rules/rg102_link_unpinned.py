"""RG102 link-unpinned."""
from reportgen.lint import links as L
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.source import tag_candidates


def pin_advice(ctx, link):
    """(message tail, fix or None): the tag of the version in use, when it can tell."""
    version, name = ctx.resolver.installed_version(link.slug, ctx.package_name())
    source = "installed"
    pkg, pver = ctx.package_name(), ctx.package_version()
    if pver and pkg and (name or "").lower().replace("_", "-") == pkg.lower().replace("_", "-"):
        version, source = pver, "named in 'package'"
    if not version:
        return "pin it to a release tag or a commit", None
    tags, known = tag_candidates(link.slug, name, version)
    if known:
        fixed = link.url.replace(f"/{link.ref}/", f"/{tags[0]}/", 1)
        return f"pin it to tag {tags[0]} ({name} {version} {source})", fixed
    return (f"pin it to the tag of {name} {version} ({source}), likely '{tags[1]}' or '{tags[0]}' "
            f"(unsure which form this repository uses), or to a commit"), None


@register
class LinkUnpinned(Rule):
    """Find links on a moving branch (main, master, develop, 2.2.x ...) instead of a tag or commit.

    ## What it does
    Reports chain links (and the Code Repository) whose ref is a branch. The fix names
    the tag of the version in use (installed, or named in `package`) when the repository's
    tag naming is known (`3.1.3` for pallets/werkzeug, `v0.7.0` for flask-sock).

    ## Why is this bad
    A branch moves: next month `main#L553` shows other code, and the grader sees lines
    that do not match the text.

    ## Example (bad)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py#L1020
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1020
    ```
    """

    code = "RG102"
    name = "link-unpinned"

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind not in ("blob", "tree", "raw") or not link.ref:
                continue
            kind = L.branch_kind(link.ref, link.slug)
            if kind is None:
                continue
            advice, fix = pin_advice(ctx, link)
            what = "branch" if kind == "branch" else "version branch"
            yield ctx.finding(self, info.path + ".link", f"link is on the moving {what} '{link.ref}'; {advice}", fix=fix)
