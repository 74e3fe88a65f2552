"""``reportgen preview`` in a real headless Chromium: redraw on save, findings in place, errors, recovery."""

from __future__ import annotations

import re

from preview_helpers import WAIT_MS, save

PINNED = "https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L396-L406"
ON_BRANCH = PINNED.replace("/blob/3.1.8/", "/blob/main/")


def _lint_count(path) -> int:
    """How many findings ``reportgen lint`` (offline) has for the file as it is now."""
    from reportgen.lint import lint

    return len(lint([path]).findings)


def _wait_count(page, key: str, count: str) -> None:
    page.wait_for_function(
        "([key, count]) => document.querySelector(`#rg-files tr[data-key='${key}'] .rg-count`).textContent === count",
        arg=[key, count], timeout=WAIT_MS)


def _open(page, url: str) -> None:
    """Open a report page and wait until it is live and shows a first build."""
    page.goto(url)
    page.wait_for_selector("#rg-live.rg-on", timeout=WAIT_MS)
    page.wait_for_function("Number(document.body.dataset.version) >= 1", timeout=WAIT_MS)


def test_page_redraws_on_save_with_the_new_text_and_the_new_finding_beside_its_step(serve, project, page):
    notes = project / "reports" / "headers.yaml"
    server = serve("--port", "0")
    _open(page, server.url + "report/headers")
    step = page.locator('li[data-field="sections[0].chain[1]"]')
    assert "WSGIRequestHandler.handle" in step.inner_text()
    clean = _lint_count(notes)
    assert page.locator(".rg-finding").count() == clean
    assert page.locator("#rg-count").inner_text() == f"{clean} finding{'' if clean == 1 else 's'}"
    text = notes.read_text()
    assert text.count(PINNED) == 2  # the second step of both sections
    first = text.index(PINNED)
    edited = text[:first] + ON_BRANCH + text[first + len(PINNED):]
    edited = edited.replace("Werkzeug's `handle` calls `super().handle()`.",
                            "Werkzeug's `handle` calls `super().handle()` (edited in the preview test).")
    save(notes, edited)

    page.wait_for_selector('li[data-field="sections[0].chain[1]"] .rg-finding', timeout=WAIT_MS)
    step = page.locator('li[data-field="sections[0].chain[1]"]')
    assert "(edited in the preview test)" in step.inner_text()
    finding = step.locator('.rg-finding[data-code="RG102"]')
    assert finding.count() == 1
    assert finding.locator(".rg-code").inner_text() == "RG102"
    assert "moving branch 'main'" in finding.locator(".rg-message").inner_text()
    assert finding.locator(".rg-fix").inner_text() == f"Fix: {PINNED}"
    assert finding.get_attribute("data-finding-field") == "sections[0].chain[1].link"
    # only that step: the same link, still pinned, in the second section has none
    assert page.locator('li[data-field="sections[1].chain[0]"] .rg-finding').count() == 0
    now = _lint_count(notes)  # what 'reportgen lint' finds in the file now: one more than before
    assert now == clean + 1
    assert page.locator(".rg-finding").count() == now
    assert page.locator("#rg-count").inner_text() == f"{now} finding{'' if now == 1 else 's'}"


def test_a_table_finding_sits_in_the_row_after_its_field(serve, project, page):
    notes = project / "reports" / "headers.yaml"
    server = serve("--port", "0")
    _open(page, server.url + "report/headers")
    notes.write_text(notes.read_text().replace("license_type: auto", "license_type: BSD"))  # saved in place

    page.wait_for_selector("tr.rg-findings-row .rg-finding", timeout=WAIT_MS)
    row = page.locator('tr[data-field="general.license_type"]')
    assert row.locator("td").nth(1).inner_text() == "BSD"
    # the finding is the very next row of the table
    after = page.locator('tr[data-field="general.license_type"] + tr.rg-findings-row .rg-finding')
    assert after.get_attribute("data-code") == "RG302"
    assert "names a family of licenses" in after.inner_text()


def test_a_broken_file_shows_its_one_line_error_and_the_page_recovers_when_fixed(serve, project, page):
    notes = project / "reports" / "headers.yaml"
    good = notes.read_text()
    server = serve("--port", "0")
    _open(page, server.url + "report/headers")
    assert page.locator("#rg-error").is_hidden()

    save(notes, good.replace("technology: Werkzeug", "technology: [Werkzeug"))
    error = page.locator("#rg-error")
    error.wait_for(state="visible", timeout=WAIT_MS)
    line = error.inner_text()
    assert "\n" not in line.strip()
    assert re.match(r"reports/headers\.yaml:\d+:\d+: ", line), line
    assert "rg-stale" in page.locator("#rg-report").get_attribute("class")
    server.wait_line("reports/headers.yaml:")  # the terminal says it too

    save(notes, good.replace("Werkzeug's `handle` calls", "Once fixed, Werkzeug's `handle` calls"))
    error.wait_for(state="hidden", timeout=WAIT_MS)
    assert "rg-stale" not in (page.locator("#rg-report").get_attribute("class") or "")
    assert "Once fixed" in page.locator('li[data-field="sections[0].chain[1]"]').inner_text()


def test_index_lists_every_notes_file_with_its_finding_count_and_follows_edits(serve, project, page):
    reports = project / "reports"
    headers = (reports / "headers.yaml").read_text()
    (reports / "branchy.yaml").write_text(headers.replace("/blob/3.1.8/", "/blob/main/"))
    server = serve("--port", "0")
    server.wait_line("rebuilt reports/headers.yaml")
    page.goto(server.url)
    page.wait_for_selector("#rg-live.rg-on", timeout=WAIT_MS)
    rows = page.locator("#rg-files tbody tr")
    assert rows.count() == 2
    counts = {rows.nth(i).locator("a").inner_text(): rows.nth(i).locator(".rg-count").inner_text() for i in range(2)}
    assert counts == {"reports/branchy.yaml": str(_lint_count(reports / "branchy.yaml")),
                      "reports/headers.yaml": str(_lint_count(reports / "headers.yaml"))}
    assert counts["reports/branchy.yaml"] != counts["reports/headers.yaml"]
    assert page.locator('#rg-files a[href="/report/branchy"]').count() == 1

    save(reports / "headers.yaml", headers.replace("license_type: auto", "license_type: BSD"))
    expected = str(_lint_count(reports / "headers.yaml"))
    assert expected != counts["reports/headers.yaml"]
    _wait_count(page, "headers", expected)

    # a new notes file in the folder joins the list
    save(reports / "third.yaml", headers)
    page.wait_for_selector('#rg-files tr[data-key="third"]', timeout=WAIT_MS)
    _wait_count(page, "third", counts["reports/headers.yaml"])
    page.click('#rg-files a[href="/report/third"]')
    page.wait_for_selector('tr[data-field="general.license_type"]', timeout=WAIT_MS)
