"""PDF rendering, read back with pypdf: rows, links (exact URLs), code, non-ASCII, reproducible bytes."""

from __future__ import annotations

import pypdf
from conftest import FIXTURES

from reportgen.notes import load
from reportgen.render import html, markdown, pdf


def _text(path) -> str:
    reader = pypdf.PdfReader(path)
    # pypdf may interleave NULs for two-byte ToUnicode maps; the characters are what matters
    return "\n".join(page.extract_text() for page in reader.pages).replace("\x00", "")


def _uris(path) -> list[str]:
    reader = pypdf.PdfReader(path)
    out = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/A" in annot:
                uri = annot["/A"].get("/URI")
                if uri:
                    out.append(str(uri))
    return out


def test_pdf_has_the_table_rows(sample_pdf):
    text = _text(sample_pdf)
    for label in ["Code Repository", "License Type", "License Description", "License Restrictions"]:
        assert label in text
    assert "General Information & Licensing" in text
    assert "MIT" in text


def test_pdf_links_are_exact(sample_pdf):
    uris = _uris(sample_pdf)
    assert "https://github.com/miguelgrinberg/Flask-SocketIO/blob/v5.3.6/src/flask_socketio/__init__.py#L553-L720" in uris
    assert "https://github.com/pallets/werkzeug/blob/2.3.7/src/werkzeug/serving.py#L553-L720" in uris
    assert "https://github.com/miguelgrinberg/Flask-SocketIO" in uris


def test_pdf_keeps_code_and_non_ascii(sample_pdf):
    text = _text(sample_pdf)
    assert "Café, naïve, Ünïcode" in text
    assert "Ελληνικά" in text and "кириллица" in text
    assert "src/flask_socketio/__init__.py#L553-L720" in text.replace("\n", "")
    reader = pypdf.PdfReader(sample_pdf)
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("DejaVu-Sans-Mono" in f for f in fonts)  # code spans are set in the monospace font


def test_pdf_is_byte_reproducible(sample_pdf):
    notes = load(FIXTURES / "socketio-v2.yaml")
    again = pdf.render(html.render(markdown.render(notes), notes.technology))
    assert again == sample_pdf.read_bytes()
