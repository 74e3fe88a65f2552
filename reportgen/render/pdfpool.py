"""Render several PDFs at once, in a server process started before the HTML exists.

Most of the time of ``reportgen build --format pdf`` goes to WeasyPrint: a
third of a second or more to import it, then most of a second per report to lay
it out.  :class:`PdfPool` forks a server process at once (see
:mod:`reportgen.render._pdfworker`), which imports WeasyPrint and lays out a
warm-up page while this process is still reading notes and writing Markdown
and HTML; the pages are then laid out in children forked from the warm server,
as many at a time as there are workers.  A PDF made there is byte-for-byte the
PDF :func:`reportgen.render.pdf.render` makes in the calling process.

Forking is only safe from a process that runs no other thread, and only known
to be safe on Linux (macOS frameworks may not survive a fork; Windows cannot
fork).  Elsewhere, when only one PDF is wanted, or with ``REPORTGEN_JOBS=1``,
:func:`pool_for` answers None and the caller renders in its own process.
"""

from __future__ import annotations

import os
import sys

#: the most pages laid out at the same time
MAX_WORKERS = 4


class PoolBroken(RuntimeError):
    """The server died or the pool was closed: render the page in this process."""


def worker_count(documents: int) -> int:
    """How many pages are laid out at once for ``documents`` PDFs: one per document, at most MAX_WORKERS.

    ``REPORTGEN_JOBS`` (a number) caps it; 1 means render in the calling process.
    More workers than CPUs still pays off for a few documents: they all finish at
    about the same time instead of the last one starting late.
    """
    wanted = MAX_WORKERS
    setting = os.environ.get("REPORTGEN_JOBS", "").strip()
    if setting.isdigit():
        wanted = max(1, int(setting))
    return max(1, min(documents, wanted))


class PendingPdf:
    """A PDF on its way from the server; :meth:`result` waits for it."""

    def __init__(self, pool: PdfPool, index: int):
        self._pool = pool
        self._index = index

    def result(self) -> bytes:
        """The PDF's bytes; raises what rendering raised, or :class:`PoolBroken`."""
        return self._pool._result(self._index)

    def cancel(self) -> bool:
        self._pool._cancel(self._index)
        return True


class PdfPool:
    """The PDF server.  Create it as early as possible; :meth:`submit` pages once they exist.

    The pages submitted go to the server together, when the first answer is asked for
    (:meth:`engine_problem` or a :meth:`PendingPdf.result`).
    """

    def __init__(self, workers: int):
        import multiprocessing

        from reportgen.render import _pdfworker

        self.workers = workers
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_pdfworker.serve, args=(theirs, workers, self._conn), daemon=True,
                                        name="reportgen-pdf")
        # Ctrl-C (or a stop) arriving during the fork would land in the new process's fork
        # handlers; held back, the server takes it up once it has set its own handling.
        import signal

        held = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            self._process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
        theirs.close()
        self._pages: list[tuple[int, str]] = []
        self._answers: dict[int, tuple[str, object]] = {}
        self._cancelled: set[int] = set()
        self._answered: set[int] = set()  # pages whose answer was taken
        self._sent = False
        self._engine: tuple[str, str | None] | None | bool = False  # False: not heard yet
        self._broken = False

    def submit(self, html_text: str) -> PendingPdf | None:
        """The future PDF of ``html_text``; None when the server cannot take it (render it yourself)."""
        if self._sent or self._broken:
            return None
        index = len(self._pages)
        self._pages.append((index, html_text))
        return PendingPdf(self, index)

    def engine_problem(self):
        """None when the server can render PDFs, else the PdfUnavailable error (waits for the answer)."""
        from reportgen.render.pdf import PdfUnavailable

        self._send()
        self._hear_engine()
        if self._broken:
            # the server could not start or died: ask this process (the PDFs are rendered here then)
            from reportgen.render._pdfworker import engine_problem

            problem = engine_problem()
        else:
            problem = self._engine
        return None if problem is None else PdfUnavailable(problem[0], hint=problem[1])

    # -- the conversation --------------------------------------------------------------

    def _send(self) -> None:
        if self._sent or self._broken:
            return
        self._sent = True
        try:
            self._conn.send(("pages", [p for p in self._pages if p[0] not in self._cancelled]))
        except (OSError, ValueError):
            self._broken = True

    def _receive(self) -> tuple | None:
        try:
            return self._conn.recv()
        except (EOFError, OSError, ValueError):
            self._broken = True
            return None

    def _hear_engine(self) -> None:
        while self._engine is False and not self._broken:
            message = self._receive()
            if message is not None and message[0] == "engine":
                self._engine = message[1]

    def _result(self, index: int) -> bytes:
        if index in self._cancelled:
            raise PoolBroken("cancelled")
        self._send()
        self._hear_engine()
        while index not in self._answers:
            if self._broken or self._engine is not None:
                raise PoolBroken("the PDF server stopped")
            message = self._receive()
            if message is not None and message[0] == "pdf":
                _, done, status, payload = message
                self._answers[done] = (status, payload)
        status, payload = self._answers.pop(index)
        self._answered.add(index)
        if status == "ok":
            return payload
        if status == "error":
            raise payload
        raise PoolBroken("the worker laying out this page died")

    def _cancel(self, index: int) -> None:
        self._cancelled.add(index)

    def close(self) -> None:
        """Stop the server: at once (with its workers) if pages are still being laid out, as after
        an error or Ctrl-C; it ends by itself once its connection closes otherwise."""
        try:
            self._conn.close()
        except OSError:
            pass
        if self._sent and not self._broken and self._engine is None and self._unanswered():
            self._process.terminate()  # the server ends its workers, then itself
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def _unanswered(self) -> bool:
        asked = {index for index, _ in self._pages if index not in self._cancelled}
        return bool(asked - self._answered)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def pool_for(documents: int) -> PdfPool | None:
    """A started pool for ``documents`` PDFs, or None to render them in this process."""
    import threading

    if documents < 2 or not sys.platform.startswith("linux"):
        return None
    if threading.active_count() > 1:
        return None  # forking a process that runs other threads can deadlock the child
    workers = worker_count(documents)
    if workers < 2:
        return None
    try:
        return PdfPool(workers)
    except (OSError, ValueError):  # no processes allowed here: render in this process
        return None
