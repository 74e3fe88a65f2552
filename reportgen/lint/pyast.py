"""What a Python file defines, calls and imports, by line, using :mod:`ast`.

Used by the rules that check a link's lines against the real code
(``link-symbol-mismatch``, ``chain-discontinuity``).  A file that does not
parse gives an :class:`Module` with ``tree is None``; callers then skip.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import lru_cache

#: Methods Python calls for you: a jump to one of them cannot be judged from the call sites.
IMPLICIT = {
    "__call__", "__iter__", "__next__", "__enter__", "__exit__", "__aenter__", "__aexit__", "__getattr__",
    "__getattribute__", "__getitem__", "__setitem__", "__contains__", "__len__", "__bool__", "__str__",
    "__repr__", "__del__", "__await__", "__aiter__", "__anext__", "__get__", "__set__", "__new__",
    "__init_subclass__", "__set_name__", "__post_init__", "__hash__", "__eq__",
}


@dataclass(frozen=True)
class Def:
    qualname: str  # Class.method, func, Outer.Inner
    name: str
    kind: str  # 'function' | 'class'
    start: int  # first line, decorators included
    def_line: int  # the 'def'/'class' line
    end: int


@dataclass
class Module:
    tree: ast.AST | None
    defs: list[Def] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)  # absolute dotted names (modules and module.attr)
    # line -> names referenced on that line (Name ids and attribute names)
    names_by_line: dict[int, set[str]] = field(default_factory=dict)
    bases: dict[str, list[str]] = field(default_factory=dict)  # class qualname -> base names
    #: local name -> the absolute dotted names an import (anywhere in the file) binds it to:
    #: ``from gevent import pywsgi`` binds pywsgi -> gevent.pywsgi; ``import a.b`` binds a -> a
    bindings: dict[str, list[str]] = field(default_factory=dict)
    stars: list[str] = field(default_factory=list)  # modules imported with ``from m import *``
    #: modules named to importlib.import_module / __import__: full names, or prefixes ending in "."
    #: for ``import_module('engineio.async_drivers.' + mode)``
    dynamic: set[str] = field(default_factory=set)

    def enclosing(self, line: int, kind: str | None = None) -> Def | None:
        """The innermost definition containing ``line``."""
        best = None
        for d in self.defs:
            if d.start <= line <= d.end and (kind is None or d.kind == kind):
                if best is None or (d.end - d.start) <= (best.end - best.start):
                    best = d
        return best

    def defined_at(self, line: int) -> Def | None:
        """A definition whose 'def'/'class' line (or decorator) is ``line``."""
        hits = [d for d in self.defs if d.start <= line <= d.def_line]
        return min(hits, key=lambda d: d.end - d.start) if hits else None

    def names_in(self, start: int, end: int) -> set[str]:
        out: set[str] = set()
        for line in range(start, end + 1):
            out |= self.names_by_line.get(line, set())
        return out

    def find(self, symbol: str) -> list[Def]:
        """Definitions matching a dotted symbol (SocketIO.run, run_simple, WSGIRequestHandler)."""
        parts = symbol.strip().rstrip("()").split(".")
        want = ".".join(parts)
        exact = [d for d in self.defs if d.qualname == want or d.qualname.endswith("." + want)]
        if exact:
            return exact
        # "module.func" or "package.module.Class.method": match the longest tail
        for k in range(len(parts) - 1, 0, -1):
            tail = ".".join(parts[-k:])
            hits = [d for d in self.defs if d.qualname == tail or d.qualname.endswith("." + tail)]
            if hits:
                return hits
        return []


_TICKS = re.compile(r"`([^`\n]+)`")
_DOTTED = re.compile(r"^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$")


def text_symbols(text: str | None) -> list[str]:
    """Dotted names a step's text writes in backticks (`SocketIO.run`, `serve_forever()`), in order."""
    out: list[str] = []
    for raw in _TICKS.findall(text or ""):
        name = raw.strip()
        name = name[:-2] if name.endswith("()") else name
        if name.startswith("self."):
            name = name[5:]
        if _DOTTED.match(name) and name not in out:
            out.append(name)
    return out


@dataclass(frozen=True)
class Anchor:
    """What a step says its lines hold in one file: the symbol and its definitions there."""

    symbol: str
    defs: tuple[Def, ...]
    from_text: bool  # named in backticks in the text, not in ``symbol``


def step_anchors(mod: Module, symbol: str | None, text: str | None) -> list[Anchor]:
    """The step's ``symbol`` when the module defines it, else the backticked names of its text that it defines."""
    if mod.tree is None:
        return []
    if symbol:
        defs = mod.find(symbol)
        return [Anchor(symbol, tuple(defs), False)] if defs else []
    out = []
    for name in text_symbols(text):  # no shortening here: `ws.send` must not match any Base.send
        defs = [d for d in mod.defs if d.qualname == name or d.qualname.endswith("." + name)]
        if defs:
            out.append(Anchor(name, tuple(defs), True))
    return out


def holds(mod: Module, anchor: Anchor, start: int, end: int) -> bool:
    """True when lines start..end define or lie inside the anchor's symbol (or, for a name taken
    from the text, mention it: the text may name what the lines call)."""
    if any(d.start <= end and start <= d.end for d in anchor.defs):
        return True
    return anchor.from_text and anchor.symbol.rsplit(".", 1)[-1] in mod.names_in(start, end)


@lru_cache(maxsize=256)
def analyse(text: str, module: str | None = None, is_package: bool = False) -> Module:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return Module(None)
    mod = Module(tree)
    package = (module or "").rsplit(".", 1)[0] if module and "." in module else ""
    is_pkg_init = is_package

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qual = f"{prefix}.{child.name}" if prefix else child.name
                start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                kind = "class" if isinstance(child, ast.ClassDef) else "function"
                mod.defs.append(Def(qual, child.name, kind, start, child.lineno, child.end_lineno or child.lineno))
                if isinstance(child, ast.ClassDef):
                    mod.bases[qual] = [dotted(b) for b in child.bases if dotted(b)]
                visit(child, qual)
            else:
                visit(child, prefix)

    visit(tree, "")
    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        if isinstance(node, ast.Name):
            mod.names_by_line.setdefault(line, set()).add(node.id)
        elif isinstance(node, ast.Attribute):
            mod.names_by_line.setdefault(line, set()).add(node.attr)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                mod.imports.add(alias.name)
                local = alias.asname or alias.name.split(".")[0]
                _bind(mod, local, alias.name if alias.asname else local)
                mod.names_by_line.setdefault(line, set()).add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg_parts = (module or "").split(".")
                # a module's package is its parent; a package __init__ is its own package
                anchor = pkg_parts[: len(pkg_parts) - node.level] if not is_pkg_init else pkg_parts[: len(pkg_parts) - node.level + 1]
                base = ".".join([p for p in anchor if p] + ([node.module] if node.module else []))
            if base:
                mod.imports.add(base)
            for alias in node.names:
                if base and alias.name == "*":
                    mod.stars.append(base)
                    continue
                if base:
                    mod.imports.add(f"{base}.{alias.name}")
                    _bind(mod, alias.asname or alias.name, f"{base}.{alias.name}")
                mod.names_by_line.setdefault(line, set()).add(alias.asname or alias.name)
        elif isinstance(node, ast.Call) and node.args and dotted(node.func) in _IMPORTERS:
            name = _literal_prefix(node.args[0])
            if name:
                mod.dynamic.add(name)
    del package
    return mod


_IMPORTERS = {"importlib.import_module", "import_module", "__import__"}


def _bind(mod: Module, local: str, target: str) -> None:
    targets = mod.bindings.setdefault(local, [])
    if target not in targets:
        targets.append(target)


def _literal_prefix(node: ast.AST) -> str | None:
    """'a.b' for a constant module name; 'a.b.' for 'a.b.' + x or f'a.b.{x}'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _literal_prefix(node.left)
        return left if left and left.endswith(".") else None
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        head = node.values[0].value
        return head if isinstance(head, str) and head.endswith(".") else None
    return None


def dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    return None
