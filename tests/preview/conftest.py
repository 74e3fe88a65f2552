"""A real ``reportgen preview`` server in a subprocess, and Debian's headless Chromium to look at it."""

from __future__ import annotations

import shutil

import pytest
from preview_helpers import CHROMIUM, CHROMIUM_ARGS, EXAMPLE, Server, need_chromium


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, closed after it (with Playwright's threads: later tests count threads)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # Playwright gives each launch a fresh, empty profile folder of its own
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    yield context.new_page()
    context.close()


@pytest.fixture
def project(tmp_path):
    """A project folder with reports/headers.yaml, a copy of the real example notes."""
    (tmp_path / "reports").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "reports" / "headers.yaml")
    return tmp_path


@pytest.fixture
def serve(project):
    servers: list[Server] = []

    def start(*args: str) -> Server:
        server = Server(project, *args).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
