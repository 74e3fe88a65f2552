"""Render several PDFs at once, in worker processes started before the HTML exists.

Most of the time of ``reportgen build --format pdf`` goes to WeasyPrint: about
a second to import it, then most of a second per report to lay it out.
:class:`PdfPool` starts a worker server (``multiprocessing``'s *forkserver*)
that imports WeasyPrint and lays out a small warm-up page once, while the
calling process is still reading notes and writing Markdown and HTML; the
workers are forked from that server, so none of them imports WeasyPrint
again, and as many reports are laid out at the same time as there are
workers.  A PDF made by a worker is byte-for-byte the PDF
:func:`reportgen.render.pdf.render` makes in the calling process.

Where there is no forkserver (Windows) or only one PDF is wanted,
:func:`pool_for` answers None and the caller renders in its own process.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import Future

#: the most worker processes a build starts
MAX_WORKERS = 4


def _engine_problem() -> tuple[str, str | None] | None:
    """Runs in a worker: None when WeasyPrint works, else (message, hint) of PdfUnavailable."""
    from reportgen.render import pdf

    try:
        pdf.engine()
    except pdf.PdfUnavailable as exc:
        return exc.message, exc.hint
    return None


def _render(html_text: str) -> bytes:
    from reportgen.render import pdf

    return pdf.render(html_text)


def worker_count(documents: int) -> int:
    """How many workers lay out ``documents`` PDFs: one per document, at most MAX_WORKERS.

    ``REPORTGEN_JOBS`` (a number) caps it; 1 means render in the calling process.
    More workers than CPUs still pays off for a few documents: their layouts
    overlap with the calling process waiting for the first one.
    """
    wanted = MAX_WORKERS
    setting = os.environ.get("REPORTGEN_JOBS", "").strip()
    if setting.isdigit():
        wanted = max(1, int(setting))
    return max(1, min(documents, wanted))


class PdfPool:
    """A pool of PDF workers; start it as early as possible, then :meth:`submit` HTML pages."""

    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reportgen.render._pdfworker"])
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        # The first task starts the server (it imports WeasyPrint and warms up) and the workers;
        # its answer says whether WeasyPrint works at all.
        self._engine: Future = self._executor.submit(_engine_problem)

    def engine_problem(self):
        """None when the workers can render PDFs, else the PdfUnavailable error (waits for the answer)."""
        from reportgen.render.pdf import PdfUnavailable

        problem = self._engine.result()
        return None if problem is None else PdfUnavailable(problem[0], hint=problem[1])

    def submit(self, html_text: str) -> Future:
        """A future PDF for ``html_text`` (its ``result()`` is the bytes, or raises what rendering raised)."""
        return self._executor.submit(_render, html_text)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def pool_for(documents: int) -> PdfPool | None:
    """A started pool for ``documents`` PDFs, or None to render them in this process."""
    if documents < 2 or sys.platform == "win32":
        return None
    workers = worker_count(documents)
    if workers < 2:
        return None
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    try:
        return PdfPool(workers)
    except (OSError, ValueError):  # no processes allowed here: render in this process
        return None
