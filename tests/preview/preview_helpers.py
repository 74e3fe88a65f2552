"""Helpers of the preview tests: the preview server in a subprocess, Chromium's path and flags, saving like an editor.

Without /usr/bin/chromium the browser tests skip on a developer's machine, and fail in CI
(CI=true), where .ci/run installs it.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "reports" / "werkzeug-http-headers.yaml"
CHROMIUM = "/usr/bin/chromium"
#: what Chromium needs on these machines: no sandbox as root, no GPU, no calls home
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 10_000  # how long a test waits for the page to change (the redraw itself is measured in benchmarks/)


def need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium chromium-driver; .ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Server:
    """``reportgen preview`` running in ``folder`` (its stdout lines are collected as they come)."""

    def __init__(self, folder: Path, *args: str):
        self.folder = folder
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "preview", *args], cwd=folder,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = None
        self.port = None
        self.stderr = ""

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.out.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))

    def wait_line(self, contains: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            if contains in line:
                return line
        raise AssertionError(f"no line with {contains!r}; stdout: {self.out}; stderr: {self.proc.stderr.read() if self.proc.poll() is not None else ''}")

    def start(self) -> "Server":
        line = self.wait_line("reportgen preview: http://")
        self.url = line.split()[2]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])
        return self

    def interrupt(self, timeout: float = 15.0) -> int:
        """Ctrl-C, as a terminal sends it; the exit code."""
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout)
        self.stderr = self.proc.stderr.read()
        return code

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def save(path: Path, text: str) -> None:
    """Save as an editor does: write a new file and rename it over the old one."""
    tmp = path.with_name(f".{path.name}.swp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
