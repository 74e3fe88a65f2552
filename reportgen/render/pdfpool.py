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

Elsewhere than on Linux, or when only one PDF is wanted (or ``REPORTGEN_JOBS=1``),
:func:`pool_for` answers None and the caller renders in its own process.

As with every ``multiprocessing`` start method but *fork*, the running script
(``__main__``) is imported again by the server, so a script that calls
``reportgen build`` itself must guard its entry point with
``if __name__ == "__main__":`` (the ``reportgen`` console script does).
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import Future

#: the most worker processes a build starts
MAX_WORKERS = 4
#: set for the worker server only: the pid of the process that started it (see _pdfworker)
SERVER_PARENT_ENV = "REPORTGEN_PDF_SERVER_PARENT"


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
    """PDF workers.  Create it as early as possible; :meth:`submit` pages once they exist.

    Creating the pool only starts the worker server, which imports WeasyPrint in
    the background; the first :meth:`submit` (or :meth:`engine_problem`) waits
    until the server is ready and forks the workers.
    """

    def __init__(self, workers: int):
        import multiprocessing
        from multiprocessing import forkserver

        self.workers = workers
        self._context = multiprocessing.get_context("forkserver")
        # "__main__": the server imports the running script once, so that the workers need not
        self._context.set_forkserver_preload(["__main__", "reportgen.render._pdfworker"])
        # returns at once; the server imports in the background.  The variable tells the
        # server who started it (see _pdfworker._quick_exit_in_server); only the server sees it.
        saved = os.environ.get(SERVER_PARENT_ENV)
        os.environ[SERVER_PARENT_ENV] = str(os.getpid())
        try:
            forkserver.ensure_running()
        finally:
            if saved is None:
                os.environ.pop(SERVER_PARENT_ENV, None)
            else:
                os.environ[SERVER_PARENT_ENV] = saved
        self._executor = None
        self._engine: Future | None = None

    def _pool(self):
        if self._executor is None:
            from concurrent.futures import ProcessPoolExecutor

            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context)
            self._engine = self._executor.submit(_engine_problem)  # first in line: whether WeasyPrint works
        return self._executor

    def submit(self, html_text: str) -> Future | None:
        """A future PDF for ``html_text`` (its ``result()`` is the bytes, or raises what rendering raised).

        None when the workers cannot take it (they could not be started, or died): render it yourself.
        """
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool().submit(_render, html_text)
        except (BrokenProcessPool, OSError, RuntimeError, EOFError):
            return None

    def engine_problem(self):
        """None when the workers can render PDFs, else the PdfUnavailable error (waits for the answer)."""
        from concurrent.futures.process import BrokenProcessPool

        from reportgen.render.pdf import PdfUnavailable

        try:
            self._pool()
            problem = self._engine.result()
        except (BrokenProcessPool, OSError, RuntimeError, EOFError):
            # the workers could not start or died: ask this process (the PDFs are rendered here then)
            problem = _engine_problem()
        return None if problem is None else PdfUnavailable(problem[0], hint=problem[1])

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def pool_for(documents: int) -> PdfPool | None:
    """A started pool for ``documents`` PDFs, or None to render them in this process."""
    if documents < 2 or not sys.platform.startswith("linux"):
        # Workers are forked from a process that has loaded Pango and fontconfig; that is only
        # known to be safe on Linux (macOS frameworks may not survive a fork; Windows cannot fork).
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
