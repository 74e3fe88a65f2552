"""WeasyPrint's C declarations from a prebuilt cffi module (reportgen/render/weasyffi.py)."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest
from conftest import FIXTURES

from reportgen.render import weasyffi

pytest.importorskip("weasyprint")
WEASYPRINT_FFI = Path(importlib.util.find_spec("weasyprint").submodule_search_locations[0]) / "text" / "ffi.py"

# Renders one page in a fresh interpreter; prints the class of WeasyPrint's ffi and the PDF's digest.
RENDER = textwrap.dedent("""
    import hashlib, sys
    from reportgen.render import pdf
    weasyprint = pdf.engine()
    ffi = weasyprint.text.ffi.ffi
    data = pdf.render(open(sys.argv[1], encoding="utf-8").read())
    print(type(ffi).__module__, type(ffi).__name__, hashlib.sha256(data).hexdigest())
""")


def _page(tmp_path: Path) -> Path:
    from reportgen.notes import load
    from reportgen.render import html, markdown

    notes = load(FIXTURES / "socketio-v2.yaml")
    page = tmp_path / "page.html"
    page.write_text(html.render(markdown.render(notes), notes.technology), encoding="utf-8")
    return page


def _render(page: Path, cache: Path, **env) -> list[str]:
    full = dict(os.environ, REPORTGEN_CACHE_DIR=str(cache), **env)
    proc = subprocess.run([sys.executable, "-c", RENDER, str(page)], capture_output=True, text=True, env=full)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout.split()


def test_installed_weasyprint_has_the_expected_shape():
    tree = ast.parse(WEASYPRINT_FFI.read_text(encoding="utf-8"))
    split = weasyffi.split_source(tree)
    assert split is not None, "WeasyPrint's text/ffi.py changed shape; the prebuilt path is not used"
    module, declarations = split
    assert "hb_face_t" in declarations and "pango_layout_new" in declarations
    code = ast.unparse(module)
    assert "cdef" not in code and "cffi.FFI()" not in code
    assert f"ffi = {weasyffi._SLOT}" in code


def test_same_pdf_bytes_as_the_usual_import(tmp_path):
    page = _page(tmp_path)
    cache = tmp_path / "cache"
    built = _render(page, cache)  # builds the module into the cache
    modules = list((cache / "weasyprint-ffi").glob("wpffi_*.py"))
    assert len(modules) == 1
    again = _render(page, cache)  # loads it from the cache
    plain = _render(page, cache, REPORTGEN_WEASYPRINT_FFI="plain")
    assert built[:2] == again[:2] == ["_cffi_backend", "FFI"]
    assert plain[:2] == ["cffi.api", "FFI"]
    assert built[2] == again[2] == plain[2]


def test_damaged_cache_file_is_rebuilt(tmp_path):
    page = _page(tmp_path)
    cache = tmp_path / "cache"
    first = _render(page, cache)
    (module,) = (cache / "weasyprint-ffi").glob("wpffi_*.py")
    module.write_text("raise RuntimeError('damaged')\n", encoding="utf-8")
    assert _render(page, cache) == first
    assert "damaged" not in module.read_text(encoding="utf-8")


def test_unwritable_cache_still_uses_prebuilt_declarations(tmp_path):
    page = _page(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n", encoding="utf-8")
    reference = _render(page, tmp_path / "cache", REPORTGEN_WEASYPRINT_FFI="plain")
    result = _render(page, blocker)
    assert result[:2] == ["_cffi_backend", "FFI"]
    assert result[2] == reference[2]


def _load_with_hook(source: str, tmp_path: Path) -> types.ModuleType:
    path = tmp_path / "ffi.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    module = types.ModuleType("fake_ffi")
    module.__file__ = str(path)
    weasyffi._Loader(str(path)).exec_module(module)
    return module


def test_hook_on_a_small_declaration_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    module = _load_with_hook("""
        import cffi
        ffi = cffi.FFI()
        ffi.cdef('int abs(int);')
        libc = ffi.dlopen(None)
        ANSWER = libc.abs(-42)
    """, tmp_path)
    assert type(module.ffi).__module__ == "_cffi_backend"
    assert module.ANSWER == 42
    assert weasyffi._SLOT not in vars(module)
    # a type string never declared is parsed by cffi's C parser, as WeasyPrint's array sizes are
    assert module.ffi.sizeof(module.ffi.new("int[41]")) == 41 * module.ffi.sizeof("int")


@pytest.mark.parametrize("source", [
    # two cdef calls: a later one would need the parsing ffi
    """
    import cffi
    ffi = cffi.FFI()
    ffi.cdef('int abs(int);')
    ffi.cdef('long labs(long);')
    ANSWER = ffi.dlopen(None).abs(-42)
    """,
    # declarations that are not a plain string
    """
    import cffi
    DECLS = 'int abs(int);'
    ffi = cffi.FFI()
    ffi.cdef(DECLS)
    ANSWER = ffi.dlopen(None).abs(-42)
    """,
    # the ffi made some other way
    """
    from cffi import FFI
    ffi = FFI()
    ffi.cdef('int abs(int);')
    ANSWER = ffi.dlopen(None).abs(-42)
    """,
])
def test_hook_runs_other_shapes_unchanged(source, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    module = _load_with_hook(source, tmp_path)
    assert type(module.ffi).__module__ == "cffi.api"
    assert module.ANSWER == 42
    assert not (tmp_path / "cache" / "weasyprint-ffi").exists()


def test_hook_falls_back_when_the_prebuilt_ffi_cannot_run_the_file(tmp_path, monkeypatch):
    """The file uses the ffi in a way the prebuilt one does not allow: it is run as written."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    module = _load_with_hook("""
        import cffi
        ffi = cffi.FFI()
        ffi.cdef('int abs(int);')
        PARSER = ffi._parser  # only the parsing ffi has a parser
        ANSWER = ffi.dlopen(None).abs(-42)
    """, tmp_path)
    assert type(module.ffi).__module__ == "cffi.api"
    assert module.ANSWER == 42


def test_module_name_follows_declarations_and_cffi(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    one = weasyffi.module_path("int abs(int);")
    assert one == weasyffi.module_path("int abs(int);")
    assert one != weasyffi.module_path("long labs(long);")
    assert one.parent == tmp_path / "weasyprint-ffi"
    import _cffi_backend

    monkeypatch.setattr(_cffi_backend, "__version__", "0.0-other")
    assert weasyffi.module_path("int abs(int);") != one


def test_switched_off(monkeypatch):
    monkeypatch.setenv("REPORTGEN_WEASYPRINT_FFI", "plain")
    assert not weasyffi.enabled()
    assert weasyffi.install() is False
    monkeypatch.delenv("REPORTGEN_WEASYPRINT_FFI")
    assert weasyffi.enabled()



def test_a_missing_system_library_is_reported_once(tmp_path, monkeypatch, capsys):
    """dlopen failing is not the prebuilt module's fault: the error comes out as it is, once
    (the usual import would print WeasyPrint's notice a second time)."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    source = textwrap.dedent("""
        import cffi
        ffi = cffi.FFI()
        ffi.cdef('int abs(int);')
        print("opening the library")
        lib = ffi.dlopen("libreportgen-no-such-library.so.0")
    """)
    path = tmp_path / "ffi.py"
    path.write_text(source, encoding="utf-8")
    module = types.ModuleType("fake_ffi")
    with pytest.raises(OSError):
        weasyffi._Loader(str(path)).exec_module(module)
    assert capsys.readouterr().out.count("opening the library") == 1
