"""RG108 chain-discontinuity."""
from reportgen.lint import pyast
from reportgen.lint.base import Rule
from reportgen.lint.registry import register


def _targets(step, link, src, mod):
    """Names whose mention in the previous step means this step is reached; None when unknown."""
    symbol = getattr(step, "symbol", None)
    if symbol:
        parts = symbol.strip().rstrip("()").split(".")
        names = {parts[-1]}
        if parts[-1] == "__init__" and len(parts) > 1:
            names.add(parts[-2])
        elif len(parts) > 1:
            names.add(parts[-2])  # a method is reached through its class (callbacks, handler classes)
        return names, parts[-1]
    if link.start is None or not src.exact:
        return None, None
    d = mod.defined_at(link.start) or mod.enclosing(link.start)
    if d is None:
        return set(), None  # module-level code: only an import reaches it
    names = {d.name}
    qual = d.qualname.split(".")
    if len(qual) > 1:
        names.add(qual[-2])
    return names, d.name


def _range_names(link, src, mod):
    """Names referenced by the cited lines and the function around them."""
    if not src.exact or link.start is None:
        return set().union(*mod.names_by_line.values()) if mod.names_by_line else set()
    start, end = link.lines
    if end < start:
        start, end = end, start
    names = mod.names_in(start, end)
    outer = mod.defined_at(start) or mod.enclosing(start)
    if outer is not None:
        names |= mod.names_in(outer.start, outer.end)
    return names


def _same_body(prev_link, prev_mod, link, src_prev, src):
    if src_prev.repo_path != src.repo_path or prev_link.start is None or link.start is None:
        return False
    outer = prev_mod.defined_at(prev_link.start) or prev_mod.enclosing(prev_link.start)
    if outer is None:
        return False
    return outer.start <= link.start <= outer.end


@register
class ChainDiscontinuity(Rule):
    """Find a chain step that is not reached from the step before it.

    ## What it does
    Parses both steps' Python source with `ast`. Step N+1 is reached when step N's lines
    (or the function around them) call or name its function, its class (`Foo(...)` reaches
    `Foo.__init__`; a handler class passed along reaches its methods), or an overriding
    method of the same name (`self.handle()` reaches a subclass's `handle`), or when step
    N+1 continues inside the same function, or when step N's module imports step N+1's
    module. Only a jump that none of these explain is reported; implicit calls
    (`__call__`, `__enter__` ...) and steps without source are skipped.

    ## Why is this bad
    The report must follow the code path without gaps; a jump hides the part of the path
    the team did not understand, and graders look for exactly that.

    ## Example (bad)
    ```yaml
    chain:
      - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1085-L1100
        symbol: run_simple
      - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/http.py#L100-L120
        symbol: quote_header_value
    ```

    ## Use instead (good)
    ```yaml
    chain:
      - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1085-L1100
        symbol: run_simple
      - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L846-L890
        symbol: make_server
    ```
    """

    code = "RG108"
    name = "chain-discontinuity"
    needs_source = True

    def check(self, ctx):
        steps = ctx.steps()
        for prev, cur in zip(steps, steps[1:]):
            if prev.section != cur.section:
                continue
            a, b = prev.link, cur.link
            if a.kind not in ("blob", "raw") or b.kind not in ("blob", "raw"):
                continue
            if not (a.path or "").endswith(".py") or not (b.path or "").endswith(".py"):
                continue
            ra, rb = ctx.resolve(a), ctx.resolve(b)
            sa, sb = ra.source, rb.source
            if sa is None or sb is None:
                continue
            if (a.start or 0) > len(sa.lines) or (b.start or 0) > len(sb.lines):
                continue  # link-symbol-mismatch reports lines past the end
            ma = pyast.analyse(sa.text, sa.module, sa.is_package)
            mb = pyast.analyse(sb.text, sb.module, sb.is_package)
            if ma.tree is None or mb.tree is None:
                continue
            targets, label = _targets(cur.step, b, sb, mb)
            if targets is None:
                continue
            if label in pyast.IMPLICIT:
                continue
            if sa.exact and sb.exact and _same_body(a, ma, b, sa, sb):
                continue
            names = _range_names(a, sa, ma)
            if targets & names:
                continue
            if "getattr" in names or "__getattr__" in names:
                continue  # dynamic dispatch (getattr(self, "do_" + cmd)): cannot be judged
            if label == "__init__" and any(n[:1].isupper() and not n.isupper() or n == "cls" for n in names):
                continue  # a class object held in a variable is instantiated (self.RequestHandlerClass(...))
            if sa.repo_path == sb.repo_path and targets & set().union(*ma.names_by_line.values()):
                continue  # reached through the object's state (a generator or callback stored elsewhere in the file)
            if sb.module and sa.module != sb.module and any(
                imp == sb.module or imp.startswith(sb.module + ".") for imp in ma.imports
            ):
                continue
            used = sa.origin if sa.origin == sb.origin else f"{sa.origin} and {sb.origin}"
            what = f"'{label}'" if label else "module-level code"
            where = (f"lines {a.start}-{a.lines[1]}" if a.start is not None and sa.exact else "the module")
            imp = f" nor import {sb.module}" if sb.module and sb.module != sa.module else ""
            yield ctx.finding(
                self, cur.path + ".link",
                f"step {cur.index + 1} ({what} in {b.path.rsplit('/', 1)[-1]}) is not reached from step "
                f"{prev.index + 1}: {where} of {a.path.rsplit('/', 1)[-1]} neither call it{imp} (checked against {used})",
            )
