"""Import WeasyPrint's C declarations from a prebuilt cffi module instead of parsing them.

WeasyPrint talks to Pango, HarfBuzz and fontconfig through cffi in *in-line ABI
mode*: every import of ``weasyprint.text.ffi`` hands about 450 lines of C
declarations to ``ffi.cdef()``, which parses them with pycparser, and every new
type string met later (``ffi.new('hb_codepoint_t[41]')``, one per array
length) is parsed again.  That is about 0.4 s of the 0.9 s WeasyPrint takes to
import, and a few milliseconds per font per PDF.

cffi's *out-of-line ABI mode* does the parsing once: ``ffi.emit_python_code()``
writes a small Python module holding the parsed declarations in cffi's own
binary form, which ``_cffi_backend`` loads in a few milliseconds and which
parses new type strings in C.  :func:`install` puts an import hook in front of
``weasyprint.text.ffi`` that

1. reads the installed ``weasyprint/text/ffi.py`` and finds its one
   ``ffi = cffi.FFI()`` and its one ``ffi.cdef("...")``;
2. builds the out-of-line module for exactly those declarations (kept in
   ``<cache>/weasyprint-ffi/``, named by a digest of the declarations and of
   the cffi version, so a WeasyPrint or cffi upgrade builds a new one);
3. runs the rest of WeasyPrint's ``ffi.py`` unchanged (it opens the same
   libraries with ``ffi.dlopen``) with that ``ffi`` in place.

The two ``ffi`` objects give the same libraries, functions, constants and
types, so the PDFs are byte-for-byte the same (``tests/render/test_weasyffi.py``
checks this).  Whenever the file does not have the expected shape, or building
or loading the module fails, the hook runs WeasyPrint's file as it is: the
import is then exactly the usual one.  ``REPORTGEN_WEASYPRINT_FFI=plain``
turns the hook off.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.abc
import importlib.util
import os
import sys
from pathlib import Path

TARGET = "weasyprint.text.ffi"
#: name the prebuilt ffi is handed to WeasyPrint's code under while it runs
_SLOT = "__reportgen_prebuilt_ffi__"


def enabled() -> bool:
    return os.environ.get("REPORTGEN_WEASYPRINT_FFI", "").strip().lower() not in {"plain", "0", "off", "no"}


def _is_ffi_assignment(node: ast.stmt) -> bool:
    """``ffi = cffi.FFI()``"""
    return (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == "ffi"
        and isinstance(node.value, ast.Call)
        and not node.value.args
        and not node.value.keywords
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "FFI"
        and isinstance(node.value.func.value, ast.Name)
        and node.value.func.value.id == "cffi"
    )


def _cdef_text(node: ast.stmt) -> str | None:
    """The declarations of ``ffi.cdef("...")``, else None."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    call = node.value
    if not (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "cdef"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "ffi"
        and len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    ):
        return None
    return call.args[0].value


def split_source(tree: ast.Module) -> tuple[ast.Module, str] | None:
    """(the module without its cdef, reading the ffi from the slot; the declarations), or None.

    None unless the module has exactly one ``ffi = cffi.FFI()`` at top level,
    directly followed by its only ``ffi.cdef("...")``, and no other mention of
    ``cdef`` anywhere (a second, later ``cdef`` would need the parsing ``ffi``).
    """
    body = tree.body
    assigns = [i for i, node in enumerate(body) if _is_ffi_assignment(node)]
    if len(assigns) != 1 or assigns[0] + 1 >= len(body):
        return None
    where = assigns[0]
    declarations = _cdef_text(body[where + 1])
    if declarations is None:
        return None
    mentions = sum(1 for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "cdef")
    if mentions != 1:
        return None
    replacement = ast.Assign(targets=[ast.Name(id="ffi", ctx=ast.Store())], value=ast.Name(id=_SLOT, ctx=ast.Load()))
    ast.copy_location(replacement, body[where])
    new_body = body[:where] + [replacement] + body[where + 2:]
    module = ast.Module(body=new_body, type_ignores=[])
    ast.fix_missing_locations(module)
    return module, declarations


def _digest(declarations: str) -> str:
    import _cffi_backend

    h = hashlib.sha256()
    h.update(declarations.encode("utf-8"))
    h.update(f"\0cffi {_cffi_backend.__version__}\0py {sys.version_info[0]}.{sys.version_info[1]}".encode())
    return h.hexdigest()[:16]


def module_path(declarations: str) -> Path:
    from reportgen.fsutil import cache_dir

    return cache_dir() / "weasyprint-ffi" / f"wpffi_{_digest(declarations)}.py"


def build(declarations: str, path: Path) -> None:
    """Write the out-of-line cffi module for ``declarations`` to ``path`` (atomically)."""
    import contextlib
    import io
    import tempfile

    import cffi

    from reportgen.fsutil import atomic_write

    builder = cffi.FFI()
    builder.cdef(declarations)
    builder.set_source(path.stem, None)  # None: ABI mode, nothing to compile
    with tempfile.TemporaryDirectory(prefix="reportgen-wpffi-") as folder:
        emitted = Path(folder) / path.name
        with contextlib.redirect_stdout(io.StringIO()):  # cffi prints "generating <file>"
            builder.emit_python_code(str(emitted))
        atomic_write(path, emitted.read_bytes())


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"_reportgen_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ffi


def prebuilt_ffi(declarations: str):
    """The out-of-line ffi for ``declarations``: loaded from the cache, built there first if need be."""
    path = module_path(declarations)
    if path.is_file():
        try:
            return _load(path)
        except Exception:  # noqa: BLE001 - a damaged cache file: build it again
            pass
    try:
        build(declarations, path)
    except OSError:  # the cache cannot be written: build into a folder of our own for this run
        import tempfile

        with tempfile.TemporaryDirectory(prefix="reportgen-wpffi-") as folder:
            local = Path(folder) / path.name
            build(declarations, local)
            return _load(local)
    return _load(path)


class _Loader(importlib.abc.Loader):
    def __init__(self, path: str):
        self.path = path

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module) -> None:
        with open(self.path, "rb") as handle:
            source = handle.read()
        tree = ast.parse(source, self.path)
        plain = compile(tree, self.path, "exec")
        split = split_source(tree)
        ffi = None
        if split is not None:
            fast_tree, declarations = split
            try:
                ffi = prebuilt_ffi(declarations)
            except Exception:  # noqa: BLE001 - no prebuilt module: the usual import below
                ffi = None
        if ffi is not None:
            module.__dict__[_SLOT] = ffi
            try:
                exec(compile(fast_tree, self.path, "exec"), module.__dict__)  # noqa: S102 - WeasyPrint's own code
                return
            except OSError:
                raise  # a system library is missing: the usual import fails the same way
            except Exception:  # noqa: BLE001 - fall back to the usual import below
                for name in list(module.__dict__):
                    if not name.startswith("__") or name == _SLOT:
                        del module.__dict__[name]
            finally:
                module.__dict__.pop(_SLOT, None)
        exec(plain, module.__dict__)  # noqa: S102


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != TARGET or not path:
            return None
        candidate = os.path.join(path[0], "ffi.py")
        if not os.path.isfile(candidate):
            return None
        return importlib.util.spec_from_file_location(fullname, candidate, loader=_Loader(candidate))


_FINDER = _Finder()


def install() -> bool:
    """Put the hook in place for the coming ``import weasyprint``; True if it is in place."""
    if not enabled() or TARGET in sys.modules:
        return False
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    return True


def uninstall() -> None:
    while _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
