"""RG107 link-symbol-mismatch."""
import re

from reportgen.lint import links as L
from reportgen.lint import pyast
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


@register
class LinkSymbolMismatch(Rule):
    """Find links whose lines do not hold the step's symbol, or lie past the end of the file.

    ## What it does
    With the file's source at the link's ref (installed package, standard library, or
    `--online`), checks that the cited lines exist, and that they define or lie inside
    the step's `symbol` (a function, class or `Class.method`). The fix is the link with
    the symbol's real lines.

    ## Why is this bad
    Line numbers shift between versions; a link copied from another version, or a typo,
    highlights unrelated code and the chain no longer shows what the text claims.

    ## Example (bad)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L10-L20
      symbol: run_simple
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L970-L1120
      symbol: run_simple
    ```
    """

    code = "RG107"
    name = "link-symbol-mismatch"
    needs_source = True

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind not in ("blob", "raw") or link.start is None or not link.path:
                continue
            res = ctx.resolve(link)
            src = res.source
            if src is None:
                continue
            field = info.path + ".link"
            if not src.exact:
                continue  # a branch read from the installed version: link-drift (RG110) checks its lines
            start, end = link.lines
            if end < start:
                start, end = end, start
            count = len(src.lines)
            if start > count:
                yield ctx.finding(self, field, f"line {start} is past the end of {link.path.rsplit('/', 1)[-1]} "
                                  f"({count} lines in {src.origin})")
                continue
            symbol = getattr(info.step, "symbol", None)
            if not symbol or not link.path.endswith(".py"):
                continue
            mod = pyast.analyse(src.text, src.module, src.is_package)
            if mod.tree is None:
                continue
            defs = mod.find(symbol)
            last = symbol.strip().rstrip("()").split(".")[-1]
            if not defs:
                if re.search(rf"^\s*{re.escape(last)}\s*[:=]", src.text, re.M) or last not in src.text:
                    if last not in src.text:
                        yield ctx.finding(self, info.path + ".symbol",
                                          f"'{symbol}' does not appear in {link.path.rsplit('/', 1)[-1]} ({src.origin})",
                                          position=ctx.position(info.path + ".symbol"))
                continue
            if any(d.start <= end and start <= d.end for d in defs):
                continue
            d = defs[0]
            yield ctx.finding(
                self, field,
                f"lines {L.line_anchor(start, end)} do not hold '{symbol}', which is at lines "
                f"{d.start}-{d.end} ({src.origin})",
                fix=L.relink(link, start=d.def_line, end=d.end),
            )
