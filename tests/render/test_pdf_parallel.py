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


def test_pool_matches_in_process_rendering():
    pool = pdfpool.pool_for(2)
    if pool is None:
        pytest.skip("no forkserver on this platform")
    pages = [_page("socketio-v2.yaml"), _page("werkzeug-v1.yaml")]
    with pool:
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
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from reportgen.cli.build import _worker_pdf

    page = _page("werkzeug-v1.yaml")
    broken: Future = Future()
    broken.set_exception(BrokenProcessPool("a worker died"))
    assert _worker_pdf(broken, page) == pdf.render(page)
    pool = pdfpool.pool_for(2)
    if pool is None:
        pytest.skip("no worker pool on this platform")
    pool.close()
    pool._executor = None
    pool.submit(page)  # starts the executor ...
    pool.close()  # ... and shuts it down
    assert pool.submit(page) is None  # a closed pool takes no work: the caller renders


QUICK_EXIT = (
    "import atexit; atexit.register(print, 'torn down'); "
    "import reportgen.render._pdfworker; raise SystemExit(3)"
)


def test_worker_server_skips_interpreter_teardown():
    """The server pdfpool starts ends with os._exit: handlers registered before it do not run."""
    env = dict(os.environ, **{pdfpool.SERVER_PARENT_ENV: str(os.getpid())})
    proc = subprocess.run([sys.executable, "-c", QUICK_EXIT], capture_output=True, text=True, env=env)
    assert "torn down" not in proc.stdout
    assert proc.returncode == 0


@pytest.mark.parametrize("parent", [None, "1"])
def test_other_processes_importing_the_worker_module_exit_normally(parent):
    """Without the variable, or when it names another parent, the process exits as usual."""
    env = {k: v for k, v in os.environ.items() if k != pdfpool.SERVER_PARENT_ENV}
    if parent is not None:
        env[pdfpool.SERVER_PARENT_ENV] = parent
    proc = subprocess.run([sys.executable, "-c", QUICK_EXIT], capture_output=True, text=True, env=env)
    assert "torn down" in proc.stdout
    assert proc.returncode == 3


def test_starting_a_pool_leaves_the_environment_alone():
    pool = pdfpool.pool_for(2)
    if pool is None:
        pytest.skip("no forkserver on this platform")
    with pool:
        assert pdfpool.SERVER_PARENT_ENV not in os.environ
