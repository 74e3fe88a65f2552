"""Benchmark: ``reportgen preview``, from saving a notes file to the page showing it.

A real preview server (a subprocess on 127.0.0.1) and a real headless Chromium (Debian's
/usr/bin/chromium through Playwright) on one report page.  Each of N edits saves the notes
file as an editor does (a new file renamed over the old one) and waits until the page shows the
edit; every other edit also moves a link onto a branch, so that a new lint finding appears.
Save-to-redraw is the page's own clock at the redraw (``performance.timeOrigin + now()``, set
by the page when it has replaced the report) minus the wall clock just before the save: the
same system clock, so the figure includes the file watcher, the rebuild (lint + render), the
server-sent event and the browser's redraw.  The server's own rebuild time is printed next
to it.

Usage::

    python benchmarks/preview.py [--edits 20] [--notes reports/flask-sock-websockets.yaml]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "preview"))

from preview_helpers import CHROMIUM, CHROMIUM_ARGS, Server, save  # noqa: E402  (shared with the tests)


def _edit(text: str, n: int) -> tuple[str, str]:
    """The notes with edit ``n`` applied, and the text the page must then show."""
    marker = f"benchmark edit {n}"
    first_text = re.search(r"\n        text: >-\n", text)
    edited = text[: first_text.end()] + f"          {marker}.\n" + text[first_text.end():]
    if n % 2:
        edited = re.sub(r"(- link: https://github\.com/[^/\s]+/[^/\s]+/blob/)[^/\s]+/", r"\1main/", edited, count=1)
    return edited, marker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--notes", default=str(ROOT / "reports" / "flask-sock-websockets.yaml"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as scratch:
        project = Path(scratch)
        (project / "reports").mkdir()
        notes = project / "reports" / "bench.yaml"
        shutil.copy(args.notes, notes)
        original = notes.read_text()
        server = Server(project, "--port", "0").start()
        redraw: list[float] = []
        rebuild: list[float] = []
        try:
            server.wait_line("rebuilt reports/bench.yaml")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(server.url + "report/bench")
                page.wait_for_function("Number(document.body.dataset.version) >= 1")
                for n in range(args.edits):
                    text, marker = _edit(original, n)
                    findings_expected = n % 2 == 1
                    time.sleep(0.3)  # each edit its own save
                    before = time.time() * 1000
                    save(notes, text)
                    page.wait_for_function(
                        "([marker, finding]) => document.getElementById('rg-report').textContent.includes(marker)"
                        " && (!finding || document.querySelector('.rg-finding[data-code=RG102]') !== null)",
                        arg=[marker, findings_expected], timeout=10_000)
                    redraw.append(float(page.locator("body").get_attribute("data-redrawn-at")) - before)
                    line = server.wait_line("rebuilt reports/bench.yaml")
                    rebuild.append(float(re.search(r"\((\d+) ms\)", line).group(1)))
                browser.close()
        finally:
            server.stop()
    redraw.sort()
    print(f"notes: {Path(args.notes).name} ({len(original.splitlines())} lines), {args.edits} saves")
    print(f"save-to-redraw: median {statistics.median(redraw):.0f} ms, min {redraw[0]:.0f} ms, "
          f"p90 {redraw[int(0.9 * (len(redraw) - 1))]:.0f} ms, max {redraw[-1]:.0f} ms")
    print(f"server rebuild (lint + render): median {statistics.median(rebuild):.0f} ms, max {max(rebuild):.0f} ms")


if __name__ == "__main__":
    main()
