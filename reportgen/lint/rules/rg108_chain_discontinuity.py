"""RG108 chain-discontinuity."""
import ast
from dataclasses import dataclass

from reportgen.lint import callgraph, pyast
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.source import installed_label, permalink


class _TracedCalls:
    """What a recorded trace beside the notes says about who called whom (None when there is none)."""

    def __init__(self, index):
        self.index = index

    @classmethod
    def beside(cls, ctx):
        from reportgen.errors import InputError
        from reportgen.trace import model

        try:
            trace = model.load_beside(ctx.path)
        except InputError:
            return None  # RG111 reports a broken trace file
        if trace is None:
            return None
        from reportgen.trace.match import TraceIndex  # only for notes that have a trace

        return cls(TraceIndex(trace, ctx.python))

    def called_from_earlier(self, steps, cur) -> bool:
        """True when one recorded stack holds step ``cur`` below an earlier step of its section."""
        here = self.index.verdict(cur.link, getattr(cur.step, "symbol", None))
        if not here.confirmed:
            return False
        below = self.index.positions(here.frame)
        for earlier in steps:
            if earlier is cur:
                break
            if earlier.section != cur.section:
                continue
            verdict = self.index.verdict(earlier.link, getattr(earlier.step, "symbol", None))
            if verdict.confirmed and any(
                point in below and depth < below[point] for point, depth in self.index.positions(verdict.frame).items()
            ):
                return True
        return False


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
    if link.start is None:
        return None, None
    d = None
    if src.exact:
        d = mod.defined_at(link.start) or mod.enclosing(link.start)
        if d is None:
            return set(), None  # module-level code: only an import reaches it
    else:  # a branch: only a name the text gives, defined at the cited lines in the installed version
        lo, hi = sorted(link.lines)
        for anchor in pyast.step_anchors(mod, None, getattr(step, "text", "")):
            d = next((x for x in anchor.defs if x.start <= hi and lo <= x.end), None)
            if d is not None:
                break
    if d is None:
        return None, None
    names = {d.name}
    qual = d.qualname.split(".")
    if len(qual) > 1:
        names.add(qual[-2])
    return names, d.name


def _region(step, link, src, mod):
    """(start, end, how) of the lines step N stands for in ``src``, or None for the whole module.

    At the link's ref they are the cited lines.  For a link on a branch read from the installed
    version they are the cited lines when the step's symbol (or a name its text puts in backticks)
    is there, and that symbol's definition when it has moved; without such a name the lines cannot
    be trusted.
    """
    if link.start is None:
        return None
    start, end = sorted(link.lines)
    if src.exact:
        return start, end, ""
    anchors = pyast.step_anchors(mod, getattr(step, "symbol", None), getattr(step, "text", ""))
    if not anchors:
        return None
    if any(pyast.holds(mod, a, start, end) for a in anchors):
        return start, end, ""
    d = anchors[0].defs[0]
    return d.start, d.end, f" (where '{anchors[0].symbol}' is)"


def _range_names(region, mod):
    """Names referenced by the region and the function around it (the whole module without a region)."""
    if region is None:
        return set().union(*mod.names_by_line.values()) if mod.names_by_line else set()
    start, end, _ = region
    names = mod.names_in(start, end)
    outer = mod.defined_at(start) or mod.enclosing(start)
    if outer is not None:
        names |= mod.names_in(outer.start, outer.end)
        cls = mod.enclosing(outer.start, kind="class")
        if "super" in names and cls is not None:
            names |= {b.rsplit(".", 1)[-1] for b in mod.bases.get(cls.qualname, [])}  # super() reaches the bases
    return names | _bases_of_named(mod, names)


def _bases_of_named(mod, names):
    """The base classes (as named in the file) of the file's own classes among ``names``, transitively:
    making a ``ThreadedWSGIServer`` runs the ``HTTPServer`` it is built on."""
    by_name = {}
    for qual, bases in mod.bases.items():
        by_name.setdefault(qual.rsplit(".", 1)[-1], []).extend(b.rsplit(".", 1)[-1] for b in bases)
    out, todo = set(), [n for n in names if n in by_name]
    while todo:
        for base in by_name.get(todo.pop(), []):
            if base not in out and base not in names:
                out.add(base)
                todo.append(base)
    return out


def _mentions(graph, module, mod, start, end, target_module):
    """Names referenced on lines start..end, leaving out the ones that resolve, through the file's
    imports, to a definition in another module than ``target_module`` (``socketio.Server`` is not
    engineio's ``Server``) unless it is a subclass of one there."""
    out: set[str] = set()
    for node in ast.walk(mod.tree):
        if not isinstance(node, (ast.Name, ast.Attribute)) or not start <= getattr(node, "lineno", 0) <= end:
            continue
        name = node.id if isinstance(node, ast.Name) else node.attr
        ref = callgraph.strict_dotted(node)
        if target_module and module and ref and ref.split(".", 1)[0] in mod.bindings:
            hit = graph.resolve_in(module, ref, parsed=mod)
            if hit is not None and hit.kind != "module" and hit.module != target_module and not (
                    hit.kind == "class" and any(base.module == target_module
                                                for base in graph.base_classes(hit.module, hit.qualname))):
                continue
        out.add(name)
    return out


@dataclass
class _Side:
    """A step's named symbol in the installed version: where it is defined and what names it."""

    source: object  # the SourceFile read
    symbol: str
    module: str | None  # the module that defines it (a base class's, for an inherited method)
    parsed: object  # pyast.Module of that module
    defs: list
    targets: set  # names whose mention reaches it: the name, and its class
    label: str


def _installed_side(ctx, graph, info, res):
    """The step's symbol (``symbol``, else its text's first name in backticks) in the installed file."""
    src = res.source or (None if res.missing else ctx.resolver.resolve_installed(info.link, ctx.package_name()))
    symbol = getattr(info.step, "symbol", None) or next(iter(pyast.text_symbols(getattr(info.step, "text", ""))), None)
    if src is None or not symbol:
        return None
    parsed = pyast.analyse(src.text, src.module, src.is_package)
    found = _symbol_defs(graph, src.module, parsed, symbol) if parsed.tree is not None else None
    if found is None:
        return None
    parts = symbol.strip().rstrip("()").split(".")
    targets = {parts[-1]} | ({parts[-2]} if len(parts) > 1 else set())
    return _Side(src, symbol, found[0], found[1], found[2], targets, parts[-1])


def _reaches(graph, a, b, by_class=True):
    """Does side ``a``'s body get to side ``b``?  True, False, or None when it cannot be judged.
    ``by_class``: naming b's class counts (a handler class handed on reaches its methods); the
    reverse-order and revisit checks ask for b's own name."""
    if b.label in pyast.IMPLICIT:
        return None
    if a.module == b.module and any(d.start <= x.start and x.end <= d.end for d in a.defs for x in b.defs):
        return True  # b lies inside a's body (a method of a class step)
    names = set()
    for d in a.defs:
        names |= _mentions(graph, a.module, a.parsed, d.start, d.end, b.module)
    matched = (b.targets if by_class else {b.label}) & names
    if matched and not (matched == {b.label} and _calls_go_elsewhere(graph, a, b)):
        return True
    if "__getattr__" in names or any(_dynamic_getattr(a.parsed, d.start, d.end, b.label) for d in a.defs):
        return None  # dynamic dispatch
    known = {d.name for d in a.parsed.defs} | set(a.parsed.bindings)
    if b.label == "__init__" and any(n[:1].isupper() and not n.isupper() or n == "cls" for n in names - known):
        return None  # a class object held in a variable (not a class the file knows) is instantiated
    own = {d.qualname for d in a.defs}
    bare = {n.id for d in a.defs for n in ast.walk(a.parsed.tree)
            if isinstance(n, ast.Name) and d.start <= n.lineno <= d.end}
    for d in a.parsed.defs:  # one hop: a function of the same file that the body calls, and that names b
        # (a module-level function is called by its bare name: ``self.server.emit`` is no call of ``emit``)
        if d.kind == "function" and d.name in (names if "." in d.qualname else bare) and d.qualname not in own \
                and b.label in _mentions(graph, a.module, a.parsed, d.start, d.end, b.module) \
                and not _calls_go_elsewhere(graph, _Side(a.source, d.qualname, a.module, a.parsed, [d], set(), d.name), b):
            return True
    if a.module == b.module and _passed_as_value(a.parsed, b.label):
        return None  # stored or handed over as a callback elsewhere in the file
    if b.module and a.module != b.module and _imports_module(a.parsed, b.module):
        return None  # the module object is imported: reached some other way than the lines show
    return False


def _dynamic_getattr(mod, start, end, label, outer=False):
    """A ``getattr`` on lines start..end (``outer``: and in the function around them) whose name is
    computed (``getattr(self, "do_" + cmd)``) or is ``label``: dynamic dispatch that may reach the next
    step.  ``getattr(flask.request, 'sid', None)`` reads one attribute and dispatches nothing."""
    if outer:
        around = mod.defined_at(start) or mod.enclosing(start)
        if around is not None:
            start, end = min(start, around.start), max(end, around.end)
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                and start <= node.lineno <= end:
            name = node.args[1] if len(node.args) > 1 else None
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)) or name.value == label:
                return True
    return False


def _calls_go_elsewhere(graph, a, b):
    """Side ``a`` names ``b`` only as the function of calls, and every one of those calls resolves to
    another definition than ``b`` (nor one that ``b`` overrides): ``self.server.emit(...)`` in
    Flask-SocketIO's ``SocketIO.emit`` is python-socketio's ``Server.emit``, not the test client's."""
    calls, other = 0, False
    for d in a.defs:
        called = set()
        for node in ast.walk(a.parsed.tree):
            if isinstance(node, ast.Call) and d.start <= node.lineno <= d.end:
                func = node.func
                if (isinstance(func, ast.Name) and func.id == b.label) or (
                        isinstance(func, ast.Attribute) and func.attr == b.label):
                    calls += 1
                    called.add(id(func))
        for node in ast.walk(a.parsed.tree):
            if d.start <= getattr(node, "lineno", 0) <= d.end and id(node) not in called and (
                    (isinstance(node, ast.Name) and node.id == b.label)
                    or (isinstance(node, ast.Attribute) and node.attr == b.label)):
                other = True  # named otherwise too (stored, passed on): cannot be judged by the calls
    if not calls or other:
        return False
    found = [t for d in a.defs for _, t in graph.callees(a.module, a.parsed, d.start, d.end, b.label)]
    if len(found) != calls:
        return False  # some call is not resolved: it may go to b
    mine = {(b.module, x.qualname) for x in b.defs}
    classes = {x.qualname.rsplit(".", 1)[0] for x in b.defs if "." in x.qualname}
    bases, todo = set(), [(b.module, cls) for cls in classes]
    while todo and len(bases) < 50:  # b's class's bases, transitively
        for base in graph.base_classes(*todo.pop()):
            if (base.module, base.qualname) not in bases:
                bases.add((base.module, base.qualname))
                todo.append((base.module, base.qualname))
    return all((t.module, t.qualname) not in mine and (t.module, (t.qualname or "").rsplit(".", 1)[0]) not in bases
               for t in found)


def _symbol_defs(graph, module, mod, symbol, _reexported=False):
    """(module, parsed module, definitions) of a dotted symbol in an installed file: defined there
    (its qualified name, not just its last part), or a method its class inherits from a base
    (engineio's ``Server.__init__`` is ``BaseServer.__init__`` in base_server.py), or a name the file
    imports and re-exports, read in the module that defines it; else None."""
    want = symbol.strip().rstrip("()")
    defs = [d for d in mod.defs if d.qualname == want or d.qualname.endswith("." + want)]
    if defs:
        return module, mod, defs
    head, _, rest = want.partition(".")
    hit = graph.resolve_in(module, head, parsed=mod) if module and not _reexported else None
    if hit is not None and hit.kind != "module" and hit.module != module and hit.qualname:
        # the file re-exports it (werkzeug/datastructures.py became a package whose __init__ imports
        # TypeConversionDict from structures.py): read it where it is defined
        other = graph.module(hit.module)
        if other is not None and other.tree is not None:
            return _symbol_defs(graph, hit.module, other, hit.qualname + ("." + rest if rest else ""), True)
    if "." not in want or not module:
        return None
    cls, meth = want.rsplit(".", 1)
    classes = [d for d in mod.defs if d.kind == "class" and (d.qualname == cls or d.qualname.endswith("." + cls))]
    if len(classes) != 1:
        return None
    hit = graph.method(module, classes[0].qualname, meth)
    other = graph.module(hit.module) if hit is not None else None
    defs = [d for d in other.defs if d.qualname == hit.qualname] if other is not None and other.tree is not None else []
    return (hit.module, other, defs) if defs else None


def _file_of(graph, module):
    path = graph.file(module) if module else None
    return path.name if path is not None else (module or "?")


def _passed_as_value(mod, name):
    """True when ``name`` appears in the file other than as the function of a call (stored, passed on)."""
    called = {id(n.func) for n in ast.walk(mod.tree) if isinstance(n, ast.Call)}
    for node in ast.walk(mod.tree):
        hit = (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name)
        if hit and id(node) not in called:
            return True
    return False


def _imports_module(mod, module):
    """Does the file import ``module`` itself (``import werkzeug.serving``, ``from werkzeug import serving``,
    a star import), so that its names may be reached through the module object?  Importing some names
    from it (``from werkzeug.serving import run_simple``) reaches those names only, and they are judged
    by name."""
    if module in mod.stars or any(t == module for targets in mod.bindings.values() for t in targets):
        return True
    return any(isinstance(node, ast.Import) and any(a.name == module or a.name.startswith(module + ".")
                                                    for a in node.names) for node in ast.walk(mod.tree))


#: Source files of other languages than Python that a chain may cite (JavaScript, TypeScript).
_OTHER_LANGUAGES = (".js", ".mjs", ".cjs", ".ts", ".jsx", ".tsx")


def _same_symbol(prev, cur):
    """Both steps name the same symbol in the same file (`Flask.run` cited at its def, then at its call
    of run_simple): the chain revisits or zooms into one function, which is no gap."""
    def key(info):
        symbol = (getattr(info.step, "symbol", None) or "").strip().rstrip("()")
        return (info.link.path or "").rsplit("/", 1)[-1], symbol
    (file_a, sym_a), (file_b, sym_b) = key(prev), key(cur)
    return bool(sym_a) and file_a == file_b and (sym_a == sym_b or sym_a.endswith("." + sym_b)
                                                 or sym_b.endswith("." + sym_a))


def _same_body(region, prev_mod, link, src_prev, src):
    if src_prev.repo_path != src.repo_path or region is None or link.start is None:
        return False
    outer = prev_mod.defined_at(region[0]) or prev_mod.enclosing(region[0])
    if outer is None:
        return False
    return outer.start <= link.start <= outer.end


def _real_callee(graph, module, mod, region, label, cited):
    """'the call at line 740 goes to gevent/baseserver.py BaseServer.serve_forever (gevent 26.5.0
    (installed))' and its pinned link, when the calls to ``label`` in step N resolve to one place."""
    if not label or not module or mod is None or mod.tree is None or label in pyast.IMPLICIT:
        return "", None
    if region is not None:
        outer = mod.defined_at(region[0]) or mod.enclosing(region[0])
        lo, hi = (outer.start, outer.end) if outer is not None else region[:2]
        lo, hi = min(lo, region[0]), max(hi, region[1])
    else:
        lo, hi = 1, 10**9
    found = graph.callees(module, mod, lo, hi, label)
    targets = {t for _, t in found}
    if len(targets) != 1:
        return "", None
    lo, hi = region[:2] if region is not None else (cited or (0, -1))
    inside = [(n, t) for n, t in found if lo <= n <= hi]
    line, target = min(inside or found, key=lambda hit: hit[0])
    if target.file is None:
        return "", None
    where = installed_label(target.file)
    tail = f"; the call '{label}' at line {line} goes to {target.label}" + (f" ({where})" if where else "")
    return tail, permalink(target.file, target.start, target.end)


@register
class ChainDiscontinuity(Rule):
    """Find a chain step that is not reached from the step before it.

    ## What it does
    Two checks, with both steps' Python source (at the link's ref, or for a link on a branch
    the installed version of the file; the message says which versions were read):

    * module level, on a branch as at a tag: step N's module must get to step N+1's module,
      by importing it, by using a name defined there (a package's re-export, a base class:
      `pywsgi.WSGIServer` gets to `gevent/baseserver.py`), through the imports of those
      modules, or by `importlib.import_module`; or the other way round (a handler class
      that subclasses step N's class). When the call in step N can be resolved (an
      attribute made from a known class in the same function or class, such as
      `self.wsgi_server = pywsgi.WSGIServer(...)`), the finding names the real next step
      and the fix is its link, pinned to the installed version's tag.
    * line level: step N's lines (or the function around them) call or name step N+1's
      function, its class (`Foo(...)` reaches `Foo.__init__`; a handler class passed along
      reaches its methods), or an overriding method of the same name, or step N+1
      continues inside the same function. For a link on a branch the lines are trusted
      only when the step's `symbol` (or a name in backticks in its text) is there in the
      installed version; when it has moved, its definition there is used.

    * links at a commit or at another version's tag (their code is not here offline): a
      milder check, reported as a warning that names the versions read. Both steps must
      name a `symbol` (step N may name it in backticks) that the installed files define
      (an inherited method counts: engineio's `Server.__init__` is `BaseServer.__init__`;
      a file that moved inside the package is read where the package has it). Only the
      body of step N's symbol, and the functions of its file that it calls, are read:
      they must name step N+1's symbol or class; a name that the file's imports resolve
      to another module (`socketio.Server` is not engineio's `Server`) does not count.
      Module reach is not judged here, since a commit may import other modules than the
      version in use. Not a gap: step N+1 calling step N (the order is reversed), or an
      earlier step of the section getting to step N+1 (a revisit). A symbol the installed
      version lacks is not judged (use `--online`).

    * a Python step followed by a JavaScript / TypeScript file: reported when step N's body
      calls step N+1's symbol through an import of a Python module (`uuid.uuid4()` is Python's
      uuid, not uuidjs's `v4.js`); a JavaScript step the Python body does not name is left alone.

    Not a gap anywhere: two steps naming the same symbol in the same file (`Flask.run` at its
    def, then at its call of `run_simple`: the chain zooms in). A name counts only where it can
    mean step N+1: importing some names of a module (`from werkzeug.serving import run_simple`)
    does not reach its other names; a call that resolves to another definition
    (`self.server.emit(...)` is python-socketio's `Server.emit`) does not reach a same-named
    method elsewhere; `super()` and a file's own subclasses reach their bases; `getattr` of a
    constant attribute name is no dynamic dispatch. A module that became a package
    (`werkzeug/datastructures.py`) is read as its `__init__`, whose re-exports are followed.

    Not a gap either: a step that a trace recorded by `reportgen trace` (`x.trace.yaml` beside
    the notes) shows was really called from an earlier step of the section, in one recorded
    stack (the chain goes back up to a frame it already showed, then down another path).

    Implicit calls (`__call__`, `__enter__` ...) and steps without source are skipped.

    ## Why is this bad
    The report must follow the code path without gaps; a jump hides the part of the path
    the team did not understand, and graders look for exactly that.

    ## Example (bad)
    ```yaml
    chain:
      - link: https://github.com/miguelgrinberg/Flask-SocketIO/blob/v5.6.1/src/flask_socketio/__init__.py#L740
        text: The server is started with `self.wsgi_server.serve_forever()`.
      - link: https://github.com/python/cpython/blob/main/Lib/multiprocessing/managers.py#L164-L184
        symbol: Server.serve_forever
    ```

    ## Use instead (good)
    ```yaml
    chain:
      - link: https://github.com/miguelgrinberg/Flask-SocketIO/blob/v5.6.1/src/flask_socketio/__init__.py#L740
        text: The server is started with `self.wsgi_server.serve_forever()`.
      - link: https://github.com/gevent/gevent/blob/26.5.0/src/gevent/baseserver.py#L397-L405
        symbol: BaseServer.serve_forever
    ```
    """

    code = "RG108"
    name = "chain-discontinuity"
    needs_source = True

    def check(self, ctx):
        steps = ctx.steps()
        graph = None
        traced = _TracedCalls.beside(ctx)
        for prev, cur in zip(steps, steps[1:]):
            if prev.section != cur.section:
                continue
            a, b = prev.link, cur.link
            if a.kind not in ("blob", "raw") or b.kind not in ("blob", "raw"):
                continue
            if (a.path or "").endswith(".py") and (b.path or "").lower().endswith(_OTHER_LANGUAGES):
                graph = graph or callgraph.graph(ctx.python)
                found = self._into_other_language(ctx, graph, prev, cur)
                if found is not None:
                    yield found
                continue
            if not (a.path or "").endswith(".py") or not (b.path or "").endswith(".py"):
                continue
            if _same_symbol(prev, cur):
                continue  # the chain stays in (or zooms into) the same function: not a jump
            if traced is not None and traced.called_from_earlier(steps, cur):
                continue  # the recorded trace shows it called from a step the chain already showed
            ra, rb = ctx.resolve(a), ctx.resolve(b)
            sa, sb = ra.source, rb.source
            if sa is None or sb is None:
                # a commit or another version's tag: its code may differ from the version in use, so
                # only the named symbols' bodies are judged, in the installed version, as a warning
                if not (ra.missing or rb.missing):
                    graph = graph or callgraph.graph(ctx.python)
                    found = self._at_installed(ctx, graph, prev, cur, ra, rb)
                    if found is not None:
                        yield found
                continue
            graph = graph or callgraph.graph(ctx.python)
            ma = pyast.analyse(sa.text, sa.module, sa.is_package)
            mb = pyast.analyse(sb.text, sb.module, sb.is_package)
            if ma.tree is None or mb.tree is None:
                continue
            past_end = (a.start or 0) > len(sa.lines) or (b.start or 0) > len(sb.lines)
            targets, label = _targets(cur.step, b, sb, mb) if not past_end else (None, None)
            if label in pyast.IMPLICIT:
                continue  # called by Python itself: no call site to look for
            region = _region(prev.step, a, sa, ma) if not past_end else None
            used = sa.checked_for(a.ref) if sa.checked_for(a.ref) == sb.checked_for(b.ref) else \
                f"{sa.checked_for(a.ref)} and {sb.checked_for(b.ref)}"
            what = f"'{label}'" if label else ("module-level code" if targets is not None else "its lines")
            if sa.module and sb.module and sa.module != sb.module and graph.file(sa.module) and graph.file(sb.module) \
                    and not graph.connected(sa.module, sb.module, ma, mb):
                cited = tuple(sorted(a.lines)) if a.lines else None
                yield self._jump(ctx, graph, prev, cur, (sa.module, ma, region, cited), sb.module, what, label, used)
                continue
            if past_end:
                continue  # link-symbol-mismatch and link-drift report lines past the end
            if targets is None or (region is None and not sa.exact):
                branch = sb if not sb.exact and targets is None else sa
                if not branch.exact:
                    ctx.skip(f"line checks of branch links that name no symbol, read in {branch.version_label} "
                             "(their lines may have moved)")
                continue
            if sa.exact and sb.exact and _same_body(region, ma, b, sa, sb):
                continue
            names = _range_names(region, ma)
            if targets & names:
                continue
            if "__getattr__" in names or ("getattr" in names and _dynamic_getattr(
                    ma, *(region[:2] if region is not None else (1, 10**9)), label, outer=True)):
                continue  # dynamic dispatch (getattr(self, "do_" + cmd)): cannot be judged
            if label == "__init__" and any(n[:1].isupper() and not n.isupper() or n == "cls" for n in names):
                continue  # a class object held in a variable is instantiated (self.RequestHandlerClass(...))
            if sa.repo_path == sb.repo_path and targets & set().union(*ma.names_by_line.values()):
                continue  # reached through the object's state (a generator or callback stored elsewhere in the file)
            if sb.module and sa.module != sb.module and _imports_module(ma, sb.module):
                continue
            file_a, file_b = a.path.rsplit("/", 1)[-1], b.path.rsplit("/", 1)[-1]
            where = f"lines {region[0]}-{region[1]}{region[2]}" if region is not None else "the module"
            imp = f" nor import {sb.module}" if sb.module and sb.module != sa.module else ""
            yield ctx.finding(
                self, cur.path + ".link",
                f"step {cur.index + 1} ({what} in {file_b}) is not reached from step "
                f"{prev.index + 1}: {where} of {file_a} neither call it{imp} (checked against {used})",
            )

    def _at_installed(self, ctx, graph, prev, cur, ra, rb):
        """Step N's and step N+1's symbols, looked up in the installed files, when a link is at a commit.

        Judged only when step N names its symbol (``symbol``, or a name in backticks) and step N+1 its
        ``symbol``, both defined in the installed files, and only at line level: does the body of step
        N's symbol (or a function of its file that the body calls) name step N+1's symbol or class?
        Module reach is not judged (the modules a commit imports may differ).  A name the body
        reaches through an import of another module (``socketio.Server`` for engineio's
        ``Server.__init__``) does not count.  Not a gap either: step N+1 calling step N (the order
        is reversed), or an earlier step of the section reaching step N+1 (a revisit).  A warning
        that says which versions were read.
        """
        if not getattr(cur.step, "symbol", None):
            return None
        side_a = _installed_side(ctx, graph, prev, ra)
        side_b = _installed_side(ctx, graph, cur, rb)
        if side_a is None or side_b is None:
            return None  # a file or symbol the installed version does not have: nothing to judge
        if _reaches(graph, side_a, side_b) is not False:
            return None
        if _reaches(graph, side_b, side_a, by_class=False) is True:
            return None  # step N+1 calls step N: the order is reversed, the path is shown
        for earlier in ctx.steps()[: ctx.steps().index(prev)]:
            if earlier.section == cur.section and earlier.link.kind in ("blob", "raw") \
                    and (earlier.link.path or "").endswith(".py"):
                side = _installed_side(ctx, graph, earlier, ctx.resolve(earlier.link))
                if side is not None and _reaches(graph, side, side_b, by_class=False) is True:
                    return None  # a revisit: an earlier step gets to step N+1
        sa, sb = side_a.source, side_b.source
        lines = ", ".join(f"{d.start}-{d.end}" for d in side_a.defs)
        used = sa.version_label if sa.version_label == sb.version_label else f"{sa.version_label} and {sb.version_label}"
        refs = sorted({x.ref[:12] for x in (prev.link, cur.link) if x.ref} - {t for r in (ra, rb) for t in r.tags})
        label = side_b.label
        callee = side_b.symbol.rsplit(".", 2)[-2] if label == "__init__" and "." in side_b.symbol else label
        d = side_a.defs[0]
        tail, fix = _real_callee(graph, side_a.module, side_a.parsed, (d.start, d.end, ""), callee, None)
        return ctx.finding(
            self, cur.path + ".link",
            f"step {cur.index + 1} ('{side_b.symbol}' in {cur.link.path.rsplit('/', 1)[-1]}) is not reached from "
            f"step {prev.index + 1}: '{side_a.symbol}' (lines {lines} of {_file_of(graph, side_a.module)}) never "
            f"calls or names it (read in {used}, not at the links' {' / '.join(refs) or 'refs'}: the code there may "
            f"differ){tail}",
            fix=fix, severity="warning",
        )

    def _into_other_language(self, ctx, graph, prev, cur):
        """Step N is Python and calls step N+1's symbol through an import of a Python module
        (``uuid.uuid4()``, Python's uuid), while step N+1 cites a JavaScript / TypeScript file of that
        name: the call goes to the Python module, never to the other language's file."""
        symbol = (getattr(cur.step, "symbol", None) or "").strip().rstrip("()")
        if not symbol:
            return None
        side = _installed_side(ctx, graph, prev, ctx.resolve(prev.link))
        if side is None:
            return None
        label = symbol.rsplit(".", 1)[-1]
        refs = set()
        for d in side.defs:
            for node in ast.walk(side.parsed.tree):
                if isinstance(node, ast.Attribute) and node.attr == label and d.start <= node.lineno <= d.end:
                    ref = callgraph.strict_dotted(node)
                    head = ref.split(".", 1)[0] if ref else None
                    if head in side.parsed.bindings:
                        refs.add((ref, side.parsed.bindings[head][0]))
        if len(refs) != 1:
            return None  # not named, or named several ways: nothing sound to say
        (ref, module), = refs
        src = side.source
        lines = ", ".join(f"{d.start}-{d.end}" for d in side.defs)
        return ctx.finding(
            self, cur.path + ".link",
            f"step {cur.index + 1} ('{symbol}' in {cur.link.path.rsplit('/', 1)[-1]}) is not reached from step "
            f"{prev.index + 1}: '{side.symbol}' (lines {lines} of {_file_of(graph, side.module)}) calls {ref}, from "
            f"the Python module '{module}' it imports, not code in another language (read in "
            f"{src.checked_for((prev.link.ref or '')[:12])})",
            severity="error" if src.exact else "warning",
        )

    def _jump(self, ctx, graph, prev, cur, side_a, mod_b, what, label, used):
        """The module-level finding: step N's module does not get to step N+1's."""
        mod_a, parsed_a, region, cited = side_a
        tail, fix = _real_callee(graph, mod_a, parsed_a, region, label, cited)
        return ctx.finding(
            self, cur.path + ".link",
            f"step {cur.index + 1} ({what} in {cur.link.path.rsplit('/', 1)[-1]}) is not reached from step "
            f"{prev.index + 1}: {mod_a} does not import {mod_b}, directly or through what it imports, nor the "
            f"other way round (checked against {used}){tail}",
            fix=fix,
        )
