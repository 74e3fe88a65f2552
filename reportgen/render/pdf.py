"""HTML -> PDF with WeasyPrint (the optional ``pdf`` extra), byte-reproducible.

WeasyPrint is imported only here, only when a PDF is asked for, so the rest of
reportgen starts fast and works without it.  The same HTML always gives the
same bytes: no creation date is written, and font subsets get a fixed
timestamp (``SOURCE_DATE_EPOCH``, honoured by fontTools).  Nothing is fetched
while rendering: every URL the page refers to is refused.
"""

from __future__ import annotations

import os
import threading

from reportgen.errors import ReportgenError

#: first half of the PDF /ID; lets `build` recognise its own PDFs before replacing them
PDF_MARKER = b"reportgen"
INSTALL_HINT = "pip install 'reportgen[pdf]'"
_ENV_LOCK = threading.Lock()


class PdfUnavailable(ReportgenError):
    """The PDF engine (WeasyPrint) cannot be imported."""


def engine():
    """The weasyprint module, or PdfUnavailable saying how to get it."""
    try:
        weasyprint = _import_weasyprint()
    except ImportError as exc:
        raise PdfUnavailable("PDF output needs WeasyPrint, which is not installed", hint=INSTALL_HINT) from exc
    except OSError as exc:  # installed, but its system libraries (pango) are missing
        raise PdfUnavailable(
            f"WeasyPrint is installed but cannot load its system libraries ({str(exc).splitlines()[0]})",
            hint="install pango, see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html",
        ) from exc
    return weasyprint


def _import_weasyprint():
    """``import weasyprint``, with its C declarations from a prebuilt module (see :mod:`.weasyffi`)."""
    import sys

    if "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    from reportgen.render import weasyffi

    weasyffi.install()
    try:
        import weasyprint
    finally:
        weasyffi.uninstall()
    return weasyprint


def available() -> bool:
    try:
        engine()
    except PdfUnavailable:
        return False
    return True


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"reportgen does not fetch {url!r} while building a PDF")


_FONT_CONFIG = None


def _font_config():
    """One WeasyPrint font configuration per process (and inherited by forked PDF workers).

    A fresh one per document would load the same fonts and glyph metrics again; sharing it
    changes no byte of the output (tests/render/test_pdf_parallel.py checks this).
    """
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def render(html_text: str) -> bytes:
    """The PDF for a standalone HTML page (links stay clickable)."""
    weasyprint = engine()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with _ENV_LOCK:
        saved = os.environ.get("SOURCE_DATE_EPOCH")
        if saved is None:
            os.environ["SOURCE_DATE_EPOCH"] = "0"
        try:
            document = weasyprint.HTML(string=html_text, base_url=None, url_fetcher=_no_fetch)
            return document.write_pdf(pdf_identifier=PDF_MARKER, font_config=_font_config())
        finally:
            if saved is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
