"""Several PDFs at once: worker processes give byte-for-byte the PDFs of the one-process path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from reportgen.notes import load
from reportgen.render import html, markdown, pdf, pdfpool

SCRIPT = Path(sys.executable).with_name("reportgen")
NOTES = ["socketio-v2.yaml", "werkzeug-v1.yaml", "hostile.yaml"]


def _page(name: str) -> str:
    notes = load(FIXTURES / name)
    return html.render(markdown.render(notes), notes.technology)


def test_shared_font_configuration_changes_no_byte():
    """pdf.render keeps one FontConfiguration per process; a fresh one gives the same bytes."""
    weasyprint = pdf.engine()
    from weasyprint.text.fonts import FontConfiguration

    pages = [_page(n) for n in NOTES]
    shared = [pdf.render(p) for p in reversed(pages)][::-1]  # after other documents used the fonts
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        fresh = [
            weasyprint.HTML(string=p, base_url=None, url_fetcher=pdf._no_fetch).write_pdf(
                pdf_identifier=pdf.PDF_MARKER, font_config=FontConfiguration())
            for p in pages
        ]
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    assert shared == fresh


def _pool(workers: int) -> pdfpool.PdfPool:
    """A pool started directly, whatever REPORTGEN_JOBS says."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the PDF server runs on Linux only")
    return pdfpool.PdfPool(workers)


def test_no_test_left_a_thread_running():
    """The test session itself runs no other thread by now (the local HTTP servers of other
    tests join theirs), so the pool is really used in-process too."""
    import threading

    assert threading.active_count() == 1, threading.enumerate()
    pool = pdfpool.pool_for(2)
    assert pool is not None
    pool.close()


def test_pool_matches_in_process_rendering():
    pages = [_page("socketio-v2.yaml"), _page("werkzeug-v1.yaml")]
    with _pool(2) as pool:
        futures = [pool.submit(p) for p in pages]
        assert pool.engine_problem() is None
        from_workers = [f.result() for f in futures]
    assert from_workers == [pdf.render(p) for p in pages]


def test_worker_count(monkeypatch):
    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    assert pdfpool.worker_count(3) == 3
    assert pdfpool.worker_count(50) == pdfpool.MAX_WORKERS
    monkeypatch.setenv("REPORTGEN_JOBS", "2")
    assert pdfpool.worker_count(3) == 2
    monkeypatch.setenv("REPORTGEN_JOBS", "1")
    assert pdfpool.pool_for(3) is None
    assert pdfpool.pool_for(1) is None


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_console_script_parallel_and_serial_builds_are_identical(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("socketio-v2.yaml", "werkzeug-v1.yaml"):
        shutil.copy(FIXTURES / name, reports / name)
    outputs = {}
    for jobs in ("4", "1"):
        out = tmp_path / f"out{jobs}"
        env = {**os.environ, "REPORTGEN_JOBS": jobs}
        proc = subprocess.run([str(SCRIPT), "build", "-o", str(out), "--explain"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outputs[jobs] = (proc.stdout.replace(f"out{jobs}", "OUT"), proc.stderr,
                         {p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs["4"] == outputs["1"]
    assert len(outputs["1"][2]) == 6


def test_dead_workers_fall_back_to_this_process():
    from reportgen.cli.build import _worker_pdf

    page = _page("werkzeug-v1.yaml")

    class Broken:
        def result(self):
            raise pdfpool.PoolBroken("a worker died")

    assert _worker_pdf(Broken(), page) == pdf.render(page)


def test_a_page_whose_worker_dies_is_reported_lost(monkeypatch):
    """A worker that ends without an answer (a crash in C code, say) loses only its page."""
    real_render = pdf.render

    def render(html_text):
        if html_text == "DIE":
            os._exit(3)  # as a segfault in Pango would
        return real_render(html_text)

    monkeypatch.setattr(pdf, "render", render)  # before the fork: the server and its workers see it
    good = _page("werkzeug-v1.yaml")
    with _pool(2) as pool:
        dying = pool.submit("DIE")
        fine = pool.submit(good)
        assert pool.engine_problem() is None
        with pytest.raises(pdfpool.PoolBroken):
            dying.result()
        assert fine.result() == real_render(good)


def test_rendering_errors_come_back_as_raised():
    with _pool(2) as pool:
        bad = pool.submit(12345)  # not a page: WeasyPrint raises
        good = pool.submit(_page("socketio-v2.yaml"))
        assert pool.engine_problem() is None
        with pytest.raises(Exception) as raised:
            bad.result()
        assert not isinstance(raised.value, pdfpool.PoolBroken)
        assert good.result()[:5] == b"%PDF-"


def test_closed_pool_takes_no_work_and_its_server_ends():
    pool = _pool(2)
    pending = pool.submit(_page("werkzeug-v1.yaml"))
    pool.close()
    assert not pool._process.is_alive()
    assert pool._process.exitcode == 0
    with pytest.raises(pdfpool.PoolBroken):
        pending.result()
    assert pool.submit("<p>late</p>") is None


def test_no_pool_while_other_threads_run():
    """Forking a process that runs other threads can deadlock the child: render in-process then."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pdfpool.pool_for(3) is None
    finally:
        stop.set()
        thread.join()
