"""The PDF server: runs in a process :class:`reportgen.render.pdfpool.PdfPool` forks.

The server imports WeasyPrint and lays out a small warm-up page once (fontconfig,
Pango's font map and WeasyPrint's stylesheets are loaded then), tells the pool
whether PDFs can be made, and waits for the pages.  Each page is laid out in a
child forked from the warm server, so no child imports or initialises anything
again, and up to ``workers`` pages are laid out at the same time.

Messages, over one :func:`multiprocessing.Pipe`:

* server -> pool, first: ``("engine", None)``, or ``("engine", (message, hint))``
  when WeasyPrint cannot be used (then no page is laid out);
* pool -> server, once: ``("pages", [(index, html_text), ...])``;
* server -> pool, one per page as it is done: ``("pdf", index, "ok", bytes)``,
  ``("pdf", index, "error", exception)`` (what rendering raised) or
  ``("pdf", index, "lost", None)`` (its child died without an answer).

The server and its children end with ``os._exit``: they have nothing to flush or
clean up, and skipping the interpreter's teardown (about 0.1 s with WeasyPrint
loaded) lets whoever reads their shared stdout and stderr see the end sooner.
Nothing here is imported at module level but the standard library, so forking
the pool's process stays cheap.
"""

from __future__ import annotations

import os
import sys

_WARM_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><style>{css}</style></head>'
    "<body><main><h1>reportgen</h1><h2>Warm-up</h2><p>Text, <code>code</code> and "
    '<a href="https://example.org/">a link</a>.</p><pre><code>x = 1</code></pre>'
    "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    "</main></body></html>"
)


def engine_problem() -> tuple[str, str | None] | None:
    """None when WeasyPrint works here (after a warm-up page), else (message, hint) of PdfUnavailable."""
    from reportgen.render import pdf

    try:
        pdf.engine()
    except pdf.PdfUnavailable as exc:
        return exc.message, exc.hint
    try:
        from reportgen.render import html

        pdf.render(_WARM_PAGE.format(css=html.stylesheet()))
    except Exception:  # noqa: BLE001 - a real page will say what is wrong
        pass
    return None


def _child(conn_out, html_text: str) -> None:
    """In a forked child: lay out one page, send the answer, end."""
    code = 0
    try:
        from reportgen.render import pdf

        try:
            answer = ("ok", pdf.render(html_text))
        except Exception as exc:  # noqa: BLE001 - handed to the caller, who raises it
            answer = ("error", exc)
        try:
            conn_out.send(answer)
        except Exception:  # noqa: BLE001 - the exception does not pickle: send its text
            conn_out.send(("error", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))
    except BaseException:  # noqa: BLE001 - interrupted, or the server is gone
        code = 1
    finally:
        _exit_now(code)


def _exit_now(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001, S110 - nothing left to report to
            pass
    os._exit(code)


def serve(conn, workers: int, pool_end=None) -> None:
    """The server's life: warm up, answer the engine question, lay out the pages, end.

    ``pool_end`` is the pool's end of the connection, inherited through the fork: closed
    here at once, or the server would never see the pool close it.
    """
    code = 0
    if pool_end is not None:
        pool_end.close()
    try:
        _take_signals()
        problem = engine_problem()
        conn.send(("engine", problem))
        kind, pages = conn.recv()
        if problem is None and kind == "pages":
            _lay_out(conn, list(pages), max(1, workers))
    except (EOFError, BrokenPipeError, ConnectionResetError, _Stop):
        pass  # the pool was closed or stopped: nothing more to do
    except BaseException:  # noqa: BLE001 - interrupted, or something unforeseen
        code = 1
    finally:
        _exit_now(code)


class _Stop(BaseException):
    """The pool asked the server to stop (SIGTERM)."""


def _stop(signum, frame):
    raise _Stop


def _take_signals() -> None:
    """Ctrl-C is the calling process's to handle (it closes or stops the pool): the server and
    its workers ignore SIGINT.  SIGTERM, which the pool sends to stop early, unwinds the server
    so that it can end its workers first."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    # the pool blocked both around the fork that made this process (see PdfPool.__init__)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _lay_out(conn, pages: list[tuple[int, str]], workers: int) -> None:
    running: dict[object, tuple[int, int]] = {}  # reading end -> (page index, child pid)
    try:
        _lay_out_pages(conn, pages, workers, running)
    finally:
        # stopped early: end the workers still laying out, and reap them
        import signal

        for _index, pid in running.values():
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass


def _fork(running: dict, reader, index: int) -> int:
    """os.fork() a worker for page ``index``, noted in ``running`` under ``reader``.

    SIGTERM is held back until the worker is noted: a stop request must neither land in
    the fork handlers (where it would be printed and lost) nor between the fork and the
    note (the worker would be left unreaped)."""
    import signal

    held = {signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    pid = -1
    try:
        pid = os.fork()
        if pid == 0:  # a worker is ended with SIGKILL by the server; plain default handling here
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        else:
            running[reader] = (index, pid)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
    return pid


def _lay_out_pages(conn, pages: list[tuple[int, str]], workers: int, running: dict) -> None:
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    while pages or running:
        while pages and len(running) < workers:
            index, html_text = pages.pop(0)
            reader, writer = context.Pipe(duplex=False)
            if _fork(running, reader, index) == 0:  # the child
                reader.close()
                conn.close()
                _child(writer, html_text)
            writer.close()
        for reader in wait(list(running)):
            index, pid = running[reader]
            try:
                status, payload = reader.recv()
            except (EOFError, OSError):
                status, payload = "lost", None
            reader.close()
            os.waitpid(pid, 0)
            del running[reader]
            conn.send(("pdf", index, status, payload))
