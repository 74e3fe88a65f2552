"""The preview page has the PDF's layout: the same headings, table rows and chain steps, in the same order.

The page (in headless Chromium) and the PDF that ``reportgen build`` writes for the same notes are
read back independently: the DOM for the page, pypdf's text for the PDF.  The page's screenshot (and,
where pdftoppm is installed, the PDF's first pages as PNG) are kept next to the test's tmp folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pypdf
from preview_helpers import WAIT_MS

from reportgen.notes import load

#: the structure of the report in the page, findings left out (the PDF has none)
STRUCTURE_JS = """() => {
  const main = document.getElementById("rg-report");
  const out = [];
  for (const el of main.querySelectorAll("h1, h2, h3, table tr:not(.rg-findings-row), li[data-field]")) {
    if (el.closest(".rg-findings")) continue;
    if (el.tagName === "TR") out.push(["row", el.querySelector("td, th").innerText]);
    else if (el.tagName === "LI") {
      const p = el.querySelector("p") || el;
      out.push(["step", p.querySelector("a, code").innerText, (p.innerText.match(/\\(([^()]+)\\)\\s*$/) || [, ""])[1]]);
    } else out.push([el.tagName.toLowerCase(), el.innerText]);
  }
  return out;
}"""


def _squash(text: str) -> str:
    """Text without any whitespace or soft hyphen: the PDF breaks long link labels anywhere."""
    return re.sub(r"[\s\u00ad]+", "", text)


def test_preview_page_has_the_pdf_table_and_steps_in_the_same_order(serve, project, page, tmp_path):
    notes = project / "reports" / "headers.yaml"
    notes.write_text(notes.read_text().replace("license_type: auto", "license_type: BSD"))  # one finding in the table
    out = tmp_path / "built"
    built = subprocess.run([sys.executable, "-m", "reportgen", "build", "reports/headers.yaml", "--format", "pdf",
                            "-o", str(out)], cwd=project, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    pdf_path = out / "headers.pdf"

    server = serve("--port", "0")
    page.goto(server.url + "report/headers")
    page.wait_for_selector("tr.rg-findings-row .rg-finding", timeout=WAIT_MS)
    shot = tmp_path / "preview.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf_path), str(tmp_path / "pdf")],
                       check=True, timeout=120)
    print(f"screenshot: {shot}; pdf: {pdf_path}")

    structure = page.evaluate(STRUCTURE_JS)
    kinds = [item[0] for item in structure]
    assert kinds.count("row") == 6  # the heading row, four facts, who worked
    assert kinds.count("step") == sum(len(section.chain) for section in load(notes).sections)
    assert page.locator("tr.rg-findings-row").count() == 1  # shown in the page, not part of the layout compared

    reader = pypdf.PdfReader(pdf_path)
    pdf_text = _squash("".join(p.extract_text() for p in reader.pages).replace("\x00", ""))
    at = 0
    for item in structure:
        for piece in item[1:]:
            needle = _squash(piece)
            if not needle:
                continue
            found = pdf_text.find(needle, at)
            assert found >= 0, f"{item} is not in the PDF after position {at}: ...{pdf_text[at:at + 200]}..."
            at = found + len(needle)
    # and the PDF has no step the page lacks: its numbered items are exactly the page's steps
    steps_in_pdf = len(re.findall(r"(?:Lib|src)/[\w/.]+\.py#L\d+-L\d+", pdf_text))
    assert steps_in_pdf == kinds.count("step")
