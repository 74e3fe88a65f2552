"""Which modules a Python module reaches, and where a call in it really goes.

Read from the installed sources of an interpreter (its standard library and
site-packages), so the answers are for the version in use.  Used by
``chain-discontinuity``: step N+1 must be in a module step N's module can get
to.  A module *reaches*:

* every module it imports (at any level, in functions too) and their packages,
* the modules that define the names it imports or uses as ``mod.attr``
  (``from simple_websocket import Server`` reaches ``simple_websocket.ws``
  through the package's re-export), and the modules of those classes' bases,
  and of the bases of its own classes (``pywsgi.WSGIServer`` reaches
  ``gevent.server`` and ``gevent.baseserver``),
* what those modules use in turn (one step: "through what it imports"),
* modules its package loads with ``importlib.import_module`` (a constant, or a prefix
  such as ``'engineio.async_drivers.' + mode``).

Everything is memoised per graph; a lint run has one graph per interpreter.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportgen.lint import pyast
from reportgen.lint.source import interpreter

_MAX_DEPTH = 12  # re-export and base-class hops followed before giving up


@dataclass(frozen=True)
class Target:
    """A definition found by resolving a name: ``module`` and, unless it is the module itself, ``qualname``."""

    module: str
    qualname: str | None = None
    kind: str = "module"  # 'module' | 'class' | 'function'
    file: Path | None = None
    start: int = 0  # the 'def'/'class' line (0 for a module)
    end: int = 0

    @property
    def label(self) -> str:
        """``gevent/baseserver.py BaseServer.serve_forever``: the file (as installed) and the qualified name."""
        rel = self.module.replace(".", "/") + ("/__init__.py" if self.file and self.file.name == "__init__.py" else ".py")
        return f"{rel} {self.qualname}" if self.qualname else rel


def strict_dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None (``f().x`` has no dotted name)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = strict_dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


class ModuleGraph:
    """Module files, imports and definitions of one interpreter's installed sources."""

    def __init__(self, python: str | None = None):
        self.python = python
        self._paths = [Path(p) for p in interpreter(python).site_dirs]
        self._files: dict[str, Path | None] = {}
        self._mods: dict[str, pyast.Module | None] = {}
        self._reach: dict[str, frozenset[str]] = {}
        self._uses: dict[str, frozenset[str]] = {}
        self._dynamic: dict[str, frozenset[str]] = {}

    # -- files and parsed modules
    def file(self, module: str) -> Path | None:
        if module not in self._files:
            rel = module.replace(".", "/")
            found = None
            if module and all(part.isidentifier() for part in module.split(".")):
                for base in self._paths:
                    for cand in (base / (rel + ".py"), base / rel / "__init__.py"):
                        if cand.is_file():
                            found = cand
                            break
                    if found:
                        break
            self._files[module] = found
        return self._files[module]

    def module(self, module: str) -> pyast.Module | None:
        if module not in self._mods:
            path = self.file(module)
            parsed = None
            if path is not None:
                try:
                    parsed = pyast.analyse(path.read_text("utf-8", "replace"), module, path.name == "__init__.py")
                except OSError:
                    parsed = None
            self._mods[module] = parsed if parsed is not None and parsed.tree is not None else None
        return self._mods[module]

    def split(self, dotted: str) -> tuple[str, list[str]] | None:
        """(longest importable module prefix, the rest) of an absolute dotted name."""
        parts = dotted.split(".")
        for k in range(len(parts), 0, -1):
            head = ".".join(parts[:k])
            if self.file(head) is not None:
                return head, parts[k:]
        return None

    # -- names
    def resolve_absolute(self, dotted: str, _depth: int = 0) -> Target | None:
        """The definition an absolute dotted name (``gevent.pywsgi.WSGIServer``) denotes."""
        found = self.split(dotted)
        if found is None or _depth > _MAX_DEPTH:
            return None
        module, rest = found
        if not rest:
            return Target(module, None, "module", self.file(module))
        return self.resolve_in(module, ".".join(rest), _depth + 1)

    def resolve_in(self, module: str, name: str, _depth: int = 0, parsed: pyast.Module | None = None) -> Target | None:
        """What ``name`` (``WSGIServer``, ``pywsgi.WSGIServer``) means inside ``module``."""
        mod = parsed or self.module(module)
        if mod is None or _depth > _MAX_DEPTH:
            return None
        parts = name.split(".")
        for k in range(len(parts), 0, -1):  # a definition of the module itself: Class, Class.method
            qual = ".".join(parts[:k])
            hits = [d for d in mod.defs if d.qualname == qual]
            if hits:
                d = hits[0]
                if k == len(parts):
                    return Target(module, d.qualname, d.kind, self.file(module), d.def_line, d.end)
                if d.kind == "class":
                    meth = self.method(module, d.qualname, parts[k])
                    return meth if k + 1 == len(parts) else None
                return None
        head = parts[0]
        for target in mod.bindings.get(head, []):
            hit = self.resolve_absolute(".".join([target] + parts[1:]), _depth + 1)
            if hit is not None:
                return hit
        for star in mod.stars:
            hit = self.resolve_in(star, name, _depth + 1)
            if hit is not None:
                return hit
        sub = f"{module}.{head}"  # a submodule reached as an attribute of its package
        if self.file(module) is not None and self.file(module).name == "__init__.py" and self.file(sub) is not None:
            return self.resolve_absolute(".".join([sub] + parts[1:]), _depth + 1)
        return None

    def base_classes(self, module: str, qualname: str) -> list[Target]:
        mod = self.module(module)
        if mod is None:
            return []
        out = []
        for base in mod.bases.get(qualname, []):
            hit = self.resolve_in(module, base)
            if hit is not None and hit.kind == "class":
                out.append(hit)
        return out

    def method(self, module: str, cls: str, name: str, _seen: frozenset = frozenset()) -> Target | None:
        """``cls.name`` looked up like Python does, through the bases (left first), across modules."""
        if (module, cls) in _seen or len(_seen) > _MAX_DEPTH:
            return None
        mod = self.module(module)
        if mod is None:
            return None
        qual = f"{cls}.{name}"
        for d in mod.defs:
            if d.qualname == qual:
                return Target(module, qual, d.kind, self.file(module), d.def_line, d.end)
        for base in self.base_classes(module, cls):
            hit = self.method(base.module, base.qualname, name, _seen | {(module, cls)})
            if hit is not None:
                return hit
        return None

    def _class_modules(self, target: Target, out: set[str], _seen: set | None = None) -> None:
        seen = _seen if _seen is not None else set()
        if (target.module, target.qualname) in seen or len(seen) > 4 * _MAX_DEPTH:
            return
        seen.add((target.module, target.qualname))
        out.add(target.module)
        if target.kind == "class":
            for base in self.base_classes(target.module, target.qualname):
                self._class_modules(base, out, seen)

    # -- reach
    def uses(self, module: str, parsed: pyast.Module | None = None) -> frozenset[str]:
        """The modules whose code ``module`` uses: what it imports (and their packages), where
        the names it imports or uses as ``mod.attr`` are defined, and the modules of those
        classes' bases and of its own classes' bases."""
        if parsed is None and module in self._uses:
            return self._uses[module]
        mod = parsed or self.module(module)
        if mod is None:
            return frozenset()
        used: set[str] = {module}
        for name in mod.imports:
            found = self.split(name)
            if found is not None:
                parts = found[0].split(".")
                used.update(".".join(parts[:k]) for k in range(1, len(parts) + 1))
        names = set(mod.bindings)
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.Attribute):
                ref = strict_dotted(node)
                if ref and ref.split(".", 1)[0] in mod.bindings:
                    names.add(ref)
        names |= {d.qualname for d in mod.defs if d.kind == "class"}
        for name in names:
            hit = self.resolve_in(module, name, parsed=mod)
            if hit is not None:
                self._class_modules(hit, used)
        result = frozenset(used)
        if parsed is None:
            self._uses[module] = result
        return result

    def reach(self, module: str, parsed: pyast.Module | None = None) -> frozenset[str]:
        """The modules ``module`` reaches (see the module docstring); ``parsed`` overrides its own text."""
        if parsed is None and module in self._reach:
            return self._reach[module]
        used = self.uses(module, parsed)
        out = set(used)
        for other in used - {module}:  # one step on: what the modules it uses use
            out |= self.uses(other)
        own = parsed or self.module(module)
        out |= {f"{p}*" if p.endswith(".") else p for p in (own.dynamic if own is not None else ())}
        out |= self.dynamic_prefixes(module.split(".", 1)[0])
        result = frozenset(out)
        if parsed is None:
            self._reach[module] = result
        return result

    def dynamic_prefixes(self, top: str) -> frozenset[str]:
        """Modules (``a.b``) and prefixes (``a.b.*``) the package ``top`` loads with import_module,
        from any of its modules: a driver picked by name is reached from anywhere in the package."""
        if top not in self._dynamic:
            found: set[str] = set()
            path = self.file(top)
            if path is None:
                files, root = [], None
            elif path.name == "__init__.py":
                files, root = sorted(path.parent.rglob("*.py")), path.parent.parent
            else:
                files, root = [path], path.parent
            for f in files[:400]:
                rel = f.relative_to(root).with_suffix("").as_posix().replace("/", ".")
                rel = rel[: -len(".__init__")] if rel.endswith(".__init__") else rel
                if not all(part.isidentifier() for part in rel.split(".")):
                    continue
                try:
                    text = f.read_text("utf-8", "replace")
                except OSError:
                    continue
                if "import_module" not in text and "__import__" not in text:
                    continue
                mod = self.module(rel)
                if mod is not None:
                    found |= {f"{p}*" if p.endswith(".") else p for p in mod.dynamic if p.startswith(top)}
            self._dynamic[top] = frozenset(found)
        return self._dynamic[top]

    def reaches(self, a: str, b: str, parsed: pyast.Module | None = None) -> bool:
        """True when module ``a`` gets to module ``b`` (see the module docstring)."""
        if b in self.uses(a, parsed):  # the usual case, and the cheap one: no second step
            return True
        return _matches(b, self.reach(a, parsed))

    def connected(self, a: str, b: str, pa: pyast.Module | None = None, pb: pyast.Module | None = None) -> bool:
        """``a`` reaches ``b``, or ``b`` reaches ``a`` (a callback: ``b`` subclasses or registers with ``a``)."""
        if self._imports(a, pa, b) or self._imports(b, pb, a):  # cheap: no module but these two is read
            return True
        if b in self.uses(a, pa) or a in self.uses(b, pb):
            return True
        return self.reaches(a, b, pa) or self.reaches(b, a, pb)

    def _imports(self, a: str, parsed: pyast.Module | None, b: str) -> bool:
        """``a``'s import statements name ``b`` (or something inside it)."""
        mod = parsed or self.module(a)
        return mod is not None and any(name == b or name.startswith(b + ".") for name in mod.imports)

    # -- calls
    def callees(self, module: str, mod: pyast.Module, start: int, end: int, name: str) -> list[tuple[int, Target]]:
        """Where the calls to ``name`` (``x.name(...)``, ``name(...)``) on lines start..end go: (line, target)."""
        out: list[tuple[int, Target]] = []
        for node in ast.walk(mod.tree):
            if not isinstance(node, ast.Call) or not start <= node.lineno <= end:
                continue
            func = node.func
            hit = None
            if isinstance(func, ast.Name) and func.id == name:
                hit = self.resolve_in(module, name, parsed=mod)
            elif isinstance(func, ast.Attribute) and func.attr == name:
                for cls in self._receiver_classes(module, mod, func.value, node.lineno):
                    hit = self.method(cls.module, cls.qualname, name)
                    if hit is not None:
                        break
                if hit is None:
                    ref = strict_dotted(func)
                    if ref and ref.split(".", 1)[0] in mod.bindings:
                        hit = self.resolve_in(module, ref, parsed=mod)
            if hit is not None and hit.kind == "class":
                hit = self.method(hit.module, hit.qualname, "__init__") or hit
            if hit is not None and hit.kind != "module":
                out.append((node.lineno, hit))
        return out

    def _receiver_classes(self, module: str, mod: pyast.Module, value: ast.AST, line: int) -> list[Target]:
        """Classes the object ``value`` (``self.x``, ``x``, ``Cls(...)``) is made from, when the code says."""
        ctors: list[ast.AST] = []
        if isinstance(value, ast.Call):
            ctors.append(value.func)
        elif isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "self":
            cls = mod.enclosing(line, "class")
            if cls is not None:
                ctors += _assigned(mod.tree, cls.start, cls.end, lambda t: isinstance(t, ast.Attribute)
                                   and isinstance(t.value, ast.Name) and t.value.id == "self" and t.attr == value.attr)
        elif isinstance(value, ast.Name) and value.id not in mod.bindings:
            fn = mod.enclosing(line, "function")
            same = lambda t: isinstance(t, ast.Name) and t.id == value.id  # noqa: E731
            if fn is not None:
                ctors += _assigned(mod.tree, fn.start, fn.end, same)
            if not ctors:  # a module-level object: server = Server(...)
                ctors += _assigned(ast.Module(body=[n for n in mod.tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))],
                                              type_ignores=[]), 1, 10**9, same)
        out: list[Target] = []
        for ctor in ctors:
            ref = strict_dotted(ctor)
            hit = self.resolve_in(module, ref, parsed=mod) if ref else None
            if hit is not None and hit.kind == "class" and hit not in out:
                out.append(hit)
        return out


def _matches(module: str, reach: frozenset[str]) -> bool:
    return module in reach or any(p.endswith(".*") and module.startswith(p[:-1]) for p in reach)


def _assigned(tree: ast.AST, start: int, end: int, matches) -> list[ast.AST]:
    """The constructors (``Cls`` of ``target = Cls(...)``) assigned to a matching target within lines start..end."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and start <= node.lineno <= end:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(matches(t) for t in targets) and isinstance(node.value, ast.Call):
                found.append(node.value.func)
    return found


@lru_cache(maxsize=8)
def graph(python: str | None = None) -> ModuleGraph:
    """The graph of an interpreter's installed sources (one per interpreter, kept for the process)."""
    return ModuleGraph(python)
