"""Imported once by the PDF worker server (see :mod:`reportgen.render.pdfpool`).

Importing WeasyPrint takes about a second (it declares its C interfaces to
cffi and parses its user-agent stylesheets), and the first page it lays out
pays for fontconfig, Pango's font map and cffi's type cache.  The worker
server does both here, once; each worker is then forked from it with all of
that already in memory.  Nothing here may raise: a missing or broken
WeasyPrint is reported by the workers themselves, through
:func:`reportgen.render.pdf.engine`.
"""

from __future__ import annotations

_WARM_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><style>{css}</style></head>'
    "<body><main><h1>reportgen</h1><h2>Warm-up</h2><p>Text, <code>code</code> and "
    '<a href="https://example.org/">a link</a>.</p><pre><code>x = 1</code></pre>'
    "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    "</main></body></html>"
)


def _warm() -> None:
    try:
        from reportgen.render import html, pdf

        pdf.render(_WARM_PAGE.format(css=html.stylesheet()))
    except Exception:  # noqa: BLE001 - the workers report what is wrong
        pass


_warm()
