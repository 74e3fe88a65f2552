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

import os
import sys

from reportgen.render.pdfpool import SERVER_PARENT_ENV

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



def _exit_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001, S110 - nothing left to report to
            pass
    os._exit(0)


def _quick_exit_in_server() -> None:
    """Let the worker server end without tearing its interpreter down.

    The server exits when the process that started it does.  A normal Python exit
    there would first free everything WeasyPrint, Pango and fontconfig hold (about
    0.1 s), and the server shares that process's stdout and stderr, so whoever
    reads those (a pipe, CI) would wait for it.  The server has nothing to write
    or clean up, so it stops at once.  The workers never get here: they are
    forked from the server and end with ``os._exit`` already.  Only a process
    that :class:`~reportgen.render.pdfpool.PdfPool` started, and that is still
    the child of its starter, does this; importing this module anywhere else
    changes nothing about how that process exits.
    """
    if os.environ.pop(SERVER_PARENT_ENV, None) != str(os.getppid()):
        return
    import atexit

    atexit.register(_exit_now)


_quick_exit_in_server()
_warm()
