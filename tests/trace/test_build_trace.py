"""reportgen build with a recorded trace beside the notes: the confirmed steps say so, in Markdown, HTML and PDF."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli

FIXTURE = Path(__file__).parents[1] / "lint" / "fixtures" / "RG111"
LINE = "confirmed by trace (recorded 2026-12-04, flask-sock 0.7.0)"


class _Items(HTMLParser):
    """The text of each <li> of the page."""

    def __init__(self):
        super().__init__()
        self.items: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.items.append("")
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "li":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.items[-1] += data


@pytest.fixture
def project(tmp_path):
    shutil.copy(FIXTURE / "pass.yaml", tmp_path / "notes.yaml")
    shutil.copy(FIXTURE / "pass.trace.yaml", tmp_path / "notes.trace.yaml")
    return tmp_path


def _build(project, *args):
    result = CliRunner().invoke(cli, ["build", str(project / "notes.yaml"), *args])
    assert result.exit_code == 0, result.output + result.stderr
    return result


def test_html_and_markdown_mark_the_confirmed_steps(project):
    _build(project, "--format", "md,html")
    parser = _Items()
    parser.feed((project / "notes.html").read_text())
    items = [" ".join(i.split()) for i in parser.items if re.search(r"\.(py|ts)#L", i)]  # the chain steps
    assert len(items) == 4
    assert items[0].endswith(LINE) and items[1].endswith(LINE)
    assert items[2].endswith("confirmed by trace (recorded 2026-12-04, flask-sock 0.7.0; "
                             "the same function by name: the link is at 1.2.0)")
    assert "confirmed" not in items[3]  # the browser-side step: the trace cannot see it
    md = (project / "notes.md").read_text()
    assert md.count(f"    *{LINE}*") == 2


def test_pdf_shows_the_line(project):
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    _build(project, "--format", "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(project / "notes.pdf").pages)
    assert len(re.findall(r"confirmed by trace \(recorded 2026-12-04, flask-sock 0\.7\.0", " ".join(text.split()))) == 3


def test_no_trace_and_a_broken_trace(project):
    _build(project, "--format", "md", "--no-trace")
    assert "confirmed by trace" not in (project / "notes.md").read_text()
    (project / "notes.trace.yaml").write_text("points: [\n")
    result = _build(project, "--format", "md")
    assert "confirmed by trace" not in (project / "notes.md").read_text()
    assert re.search(r"warning: .*notes\.trace\.yaml:\d+:\d+: not a valid trace file", result.stderr)
    assert "Traceback" not in result.stderr
