"""Which HTML element is which notes field, and findings placed beside it (no server, no browser)."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportgen.lint.config import LintConfig
from reportgen.notes import load
from reportgen.preview.state import FileState, rebuild

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "reports").glob("*.yaml"))


class _Marked(HTMLParser):
    """data-field of each marked element, in document order, with the text inside it."""

    def __init__(self):
        super().__init__()
        self.fields: list[str] = []
        self.text: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr", "img", "meta"):
            return
        field = dict(attrs).get("data-field")
        if field:
            self.fields.append(field)
            self.text[field] = ""
        self._open.append((tag, field))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, field in self._open:
            if field:
                self.text[field] += data


def _built(path: Path) -> FileState:
    state = rebuild(FileState(path.stem, path, str(path)), LintConfig())
    assert state.error is None, state.error
    return state


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_row_section_and_step_of_the_examples_is_marked_in_order(path):
    notes = load(path)
    parser = _Marked()
    parser.feed(_built(path).body)
    rows = ["general.code_repository", "general.license_type", "general.license_description",
            "general.license_restrictions"] + (["general.who_worked"] if notes.template == "cse312-v1" else [])
    expected = list(rows)
    for si, section in enumerate(notes.sections):
        expected.append(f"sections[{si}]")
        expected.extend(f"sections[{si}].chain[{ci}]" for ci in range(len(section.chain)))
    assert parser.fields == expected
    for path_, _, _, step in notes.steps():
        assert step.symbol in parser.text[path_]
    for si, section in enumerate(notes.sections):
        assert " ".join(parser.text[f"sections[{si}]"].split()) == " ".join(section.title.split())


def test_findings_go_beside_their_row_and_step_and_build_output_is_unmarked(tmp_path):
    source = ROOT / "reports" / "werkzeug-dev-server.yaml"
    notes_path = tmp_path / "dev.yaml"
    text = source.read_text()
    text = text.replace("license_type: BSD-3-Clause", "license_type: BSD")
    link = load(source).sections[0].chain[1].link
    assert text.count(link) == 1 and "/blob/3.1.8/" in link
    text = text.replace(link, link.replace("/blob/3.1.8/", "/blob/main/"))
    notes_path.write_text(text)
    state = _built(notes_path)
    codes = sorted(f.code for f in state.findings)
    assert "RG302" in codes and "RG102" in codes
    body = state.body
    row_at = body.index('data-field="general.license_type"')
    finding_row = body.index('class="rg-findings-row"', row_at)
    assert body.index("</tr>", row_at) < finding_row < body.index('data-field="general.license_description"')
    assert 'data-code="RG302"' in body[finding_row: body.index('data-field="general.license_description"')]
    step_at = body.index('data-field="sections[0].chain[1]"')
    next_step = body.index('data-field="sections[0].chain[2]"')
    assert 'data-code="RG102"' in body[step_at:next_step]
    assert body.count('class="rg-finding ') == len(state.findings)

    shutil.copy(notes_path, tmp_path / "built.yaml")
    from reportgen.cli.build import prepare_one
    from reportgen.render.html import render

    prepared = prepare_one(tmp_path / "built.yaml", ["md", "html"], None, False)
    assert "data-field" not in prepared.html_text and "rg-finding" not in prepared.html_text
    assert "data-field" not in render(prepared.markdown_text, "x")


def test_a_numbered_list_in_the_explanation_is_not_taken_for_the_chain(tmp_path):
    source = ROOT / "reports" / "werkzeug-dev-server.yaml"
    notes = load(source)
    count = len(notes.sections[0].chain)
    listing = "".join(f"      {n}. decoy item {n}\n" for n in range(1, count + 1))
    text = source.read_text().replace("    explanation: |\n", "    explanation: |\n" + listing + "\n", 1)
    path = tmp_path / "decoy.yaml"
    path.write_text(text)
    parser = _Marked()
    parser.feed(_built(path).body)
    assert "decoy" not in parser.text["sections[0].chain[0]"]
    assert notes.sections[0].chain[0].symbol in parser.text["sections[0].chain[0]"]


def test_a_file_that_does_not_load_keeps_its_last_report_and_has_one_error_line(tmp_path):
    path = tmp_path / "n.yaml"
    shutil.copy(ROOT / "reports" / "werkzeug-dev-server.yaml", path)
    state = _built(path)
    good_body = state.body
    path.write_text(path.read_text().replace("sections:", "sections: [", 1))
    rebuild(state, LintConfig())
    assert state.error is not None and state.error.startswith(f"{path}:") and "\n" not in state.error
    assert state.body == good_body
    assert state.version == 2
    assert any(f.code == "RG001" for f in state.findings)


def test_a_deleted_file_is_an_error_line_and_a_crash_is_reported_not_raised(tmp_path, monkeypatch, capsys):
    path = tmp_path / "n.yaml"
    shutil.copy(ROOT / "reports" / "werkzeug-dev-server.yaml", path)
    state = _built(path)
    path.unlink()
    rebuild(state, LintConfig())
    assert state.error == f"{path}: no such notes file (check the path)"
    assert state.findings == []

    shutil.copy(ROOT / "reports" / "werkzeug-dev-server.yaml", path)
    import reportgen.preview.markers as markers

    def broken(notes, findings):
        raise RuntimeError("marker bug")

    monkeypatch.setattr(markers, "annotator", broken)
    rebuild(state, LintConfig())
    assert state.error == f"{path}: reportgen failed to build this report (RuntimeError: marker bug); please report it"
    assert "Traceback" in capsys.readouterr().err  # the details, for the bug report
