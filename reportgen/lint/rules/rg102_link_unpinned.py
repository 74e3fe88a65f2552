"""RG102 link-unpinned."""
from reportgen.lint import links as L
from reportgen.lint import pyast
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.source import tag_candidates


def pin_advice(ctx, link, symbol=None):
    """(message tail, fix or None): the tag of the version in use, when it can tell.

    The fix is offered only when it is safe: the file exists in the version in use and, when
    the step names a ``symbol`` defined there, the anchor is moved to that definition's lines
    (a branch's line numbers need not hold at the tag).
    """
    version, name = ctx.resolver.installed_version(link.slug, ctx.package_name())
    source = "installed"
    pkg, pver = ctx.package_name(), ctx.package_version()
    if pver and pkg and (name or "").lower().replace("_", "-") == pkg.lower().replace("_", "-"):
        version, source = pver, "named in 'package'"
    if not version:
        return "pin it to a release tag or a commit", None
    tags, known = tag_candidates(link.slug, name, version)
    if known:
        advice = f"pin it to tag {tags[0]} ({name} {version} {source})"
        return advice, _safe_fix(ctx, link, tags[0], symbol) if link.kind in ("blob", "raw") else None
    return (f"pin it to the tag of {name} {version} ({source}), likely '{tags[1]}' or '{tags[0]}' "
            f"(unsure which form this repository uses), or to a commit"), None


def _safe_fix(ctx, link, tag, symbol):
    """The link pinned to ``tag``, if the file is there in the version in use; else None."""
    res = ctx.resolve(link)
    if res.missing or res.source is None:
        return None  # the file is not in that version (RG106 says so), or nothing to check against
    if symbol and link.path.endswith(".py"):
        mod = pyast.analyse(res.source.text, res.source.module, res.source.is_package)
        defs = mod.find(symbol) if mod.tree is not None else []
        if len(defs) == 1:
            return L.relink(link, tag, defs[0].def_line, defs[0].end)
    return L.relink(link, tag)


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
            advice, fix = pin_advice(ctx, link, getattr(info.step, "symbol", None))
            what = "branch" if kind == "branch" else "version branch"
            yield ctx.finding(self, info.path + ".link", f"link is on the moving {what} '{link.ref}'; {advice}", fix=fix)
