"""RG110 link-drift."""
from reportgen.lint import links as L
from reportgen.lint import pyast
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class LinkDrift(Rule):
    """Find branch links whose lines, in the version in use, do not hold the step's symbol.

    ## What it does
    For a link on a moving branch (`main`, `master` ...) whose file exists in the installed
    version of the library (or the running Python's standard library), reads the cited lines
    there and checks that they define or lie inside the step's `symbol`, or, without a
    `symbol`, one of the names the step's text writes in backticks (for those, a line that
    calls the name counts too). The fix is the link pinned to the installed version's tag, at
    the lines the symbol has there. With `--online` the branch itself is read and
    link-symbol-mismatch (RG107) judges the lines instead.

    ## Why is this bad
    A branch moves on after the report is written: the numbers copied from `main` a year ago
    now point at other code, in the branch and in the version the project uses, and the
    grader sees lines that do not match the text.

    ## Example (bad)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py#L1085-L1100
      symbol: make_server
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L907-L949
      symbol: make_server
    ```
    """

    code = "RG110"
    name = "link-drift"
    needs_source = True

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind not in ("blob", "raw") or link.start is None or not (link.path or "").endswith(".py"):
                continue
            if L.branch_kind(link.ref, link.slug) is None:
                continue
            res = ctx.resolve(link)
            src = res.source
            if src is None or src.exact:
                continue  # no installed copy, or the branch itself was read (--online): RG107's job
            mod = pyast.analyse(src.text, src.module, src.is_package)
            if mod.tree is None:
                continue
            anchors = pyast.step_anchors(mod, getattr(info.step, "symbol", None), getattr(info.step, "text", ""))
            if not anchors:
                ctx.skip(f"drift checks of branch links that name no symbol defined in their file, read in "
                         f"{src.version_label}")
                continue
            start, end = sorted(link.lines)
            name = link.path.rsplit("/", 1)[-1]
            where = src.version_label
            if start <= len(src.lines) and any(pyast.holds(mod, a, start, end) for a in anchors):
                continue
            defs = {d for a in anchors for d in a.defs}
            symbols = " or ".join(f"'{a.symbol}'" for a in anchors)
            at = ", ".join(f"'{a.symbol}' is at lines {a.defs[0].start}-{a.defs[0].end}" for a in anchors
                           if len(a.defs) == 1)
            fix = None
            if len(defs) == 1 and res.tag_known and res.tags:
                (d,) = defs
                fix = L.relink(link, res.tags[0], d.def_line, d.end)
            pin = f"; pin the link to tag {res.tags[0]} at those lines" if fix else ""
            if start > len(src.lines):
                head = f"line {start} is past the end of {name} in {where}, which has {len(src.lines)} lines"
            else:
                head = f"lines {L.line_anchor(start, end)} of {name} in {where} do not hold {symbols}"
            yield ctx.finding(
                self, info.path + ".link",
                f"{head} (the link is on branch '{link.ref}')" + (f"; there {at}" if at else "") + pin,
                fix=fix,
            )
