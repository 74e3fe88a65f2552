"""One schema problem does not silence the other rules (issue 12, item 1).

The notes files in tests/lint/broken/ carry the hand edits real reports have (an empty
``symbol:``, a misspelt key, a wrong type, a step without its link, ``sections:`` written
as one mapping, a bare URL as a step, a key written twice) next to defects only the other
rules find (a branch link, a docs link, "no restrictions" for MIT / BSD-3-Clause).  Lint
must report every one of them at its line, through the real CLI; build must still refuse
the file with one line; a file that is not YAML at all gives RG001 alone.
Uses flask-sock 0.7.0 and werkzeug 3.1.8 from the test extra, offline.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli
from reportgen.lint import lint

BROKEN = Path(__file__).parent / "broken"

FLASK_SOCK = [  # (line, column, code, field), read off the file by hand
    (9, 3, "RG001", "general.licence_type"),  # misspelt key
    (11, 25, "RG303", "general.license_restrictions"),  # "There are no restrictions to this license", MIT
    (12, 15, "RG001", "general.who_worked"),  # text where a list belongs
    (17, 9, "RG003", "sections[0].chain[0].symbol"),  # symbol: left empty
    (19, 15, "RG102", "sections[0].chain[1].link"),  # on branch main
    (21, 9, "RG001", "sections[0].chain[2].link"),  # step without link
    (22, 15, "RG101", "sections[0].chain[3].link"),  # readthedocs page
]
WERKZEUG = [
    (10, 25, "RG303", "general.license_restrictions"),  # "free to do whatever you want", BSD-3-Clause
    (12, 3, "RG001", "sections"),  # a mapping where the list of sections belongs
    (16, 7, "RG001", "sections[0].chain[0].symbol"),  # symbol written twice
    (18, 7, "RG001", "sections[0].chain[1]"),  # a bare URL as a step
    (18, 7, "RG101", "sections[0].chain[1].link"),  # ... which is a docs page
    (19, 7, "RG003", "sections[0].chain[2]"),  # text: left empty
    (19, 13, "RG101", "sections[0].chain[2].link"),  # a folder, not a file
]


def run(*args):
    return CliRunner().invoke(cli, list(args))


def notes_file(tmp_path, text):
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def build(path, out):
    return run("build", str(path), "-o", str(out), "--format", "md")


def test_text_output_has_every_finding_at_its_line():
    path = BROKEN / "flask-sock-hand-edited.yaml"
    result = run("lint", str(path))
    assert result.exit_code == 1, result.output
    got = []
    for line in result.output.splitlines():
        if line.startswith(str(path) + ":"):
            where, code = line[len(str(path)) + 1:].split(" ", 2)[:2]
            ln, col = where.rstrip(":").split(":")
            got.append((int(ln), int(col), code))
    assert got == [(ln, col, code) for ln, col, code, _ in FLASK_SOCK]
    assert "unknown key 'licence_type' in general (did you mean 'license_type'?)" in result.output
    assert "'symbol' is empty" in result.output
    assert "understates MIT" in result.output


def test_json_output_has_every_finding_with_its_field():
    path = BROKEN / "werkzeug-shapes.yaml"
    result = run("lint", "--format", "json", str(path))
    assert result.exit_code == 1, result.output
    got = [(f["line"], f["column"], f["code"], f["field"]) for f in json.loads(result.output)]
    assert got == WERKZEUG
    by_code = {f["code"]: f for f in json.loads(result.output)}
    assert "write '- ' before the first key of each section" in json.loads(result.output)[1]["message"]
    assert by_code["RG303"]["severity"] == "error"


def test_api_gives_the_same_findings_for_the_folder():
    found = lint([BROKEN]).findings
    want = {("flask-sock-hand-edited.yaml",) + f for f in FLASK_SOCK} | {("werkzeug-shapes.yaml",) + f for f in WERKZEUG}
    assert {(Path(f.path).name, f.line, f.column, f.code, f.field) for f in found} == want


@pytest.mark.parametrize("name, where, message", [
    ("flask-sock-hand-edited.yaml", "9:3", "unknown key 'licence_type' in general"),
    ("werkzeug-shapes.yaml", "16:7", "duplicate key 'symbol'"),
])
def test_build_still_refuses_the_file_with_one_line(tmp_path, name, where, message):
    path = BROKEN / name
    result = build(path, tmp_path)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:{where}: {message}"), result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text, where", [
    ("technology: Flask\ngeneral:\n  license_type: MIT\n  license_restrictions: None\nsections: [\n", "6:1"),
    ("technology: Flask\ngeneral:\n  license_type: 'MIT\n  license_restrictions: None\n", "5:1"),
    ("technology: Flask\n  license_type: MIT\n license_restrictions: None\n", "2:15"),
])
def test_a_file_that_is_not_yaml_gives_rg001_alone(tmp_path, text, where):
    path = notes_file(tmp_path, text)
    result = run("lint", "--format", "json", str(path))
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)
    assert finding["code"] == "RG001" and f"{finding['line']}:{finding['column']}" == where
    assert finding["message"].startswith("YAML syntax error")


def test_tab_indented_notes_are_read_and_every_tab_line_reported(tmp_path):
    path = notes_file(
        tmp_path,
        "technology: Werkzeug\npackage: werkzeug==3.1.8\ngeneral:\n"
        "\tlicense_type: BSD-3-Clause\n\tlicense_restrictions: None\n"
        "sections:\n  - chain:\n"
        "\t- link: https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py#L961\n"
        "\t  text: run_simple() serves.\n",
    )
    got = [(f.line, f.column, f.code) for f in lint([path]).findings]
    assert got == [(4, 1, "RG001"), (5, 1, "RG001"), (5, 24, "RG303"), (8, 1, "RG001"), (8, 10, "RG102"),
                   (9, 1, "RG001")]
    result = build(path, tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}:4:1: a tab indents this line; YAML indents with spaces only " \
                                    "(replace the tabs with spaces)"


def test_other_shapes_do_not_stop_the_rules(tmp_path):
    path = notes_file(
        tmp_path,
        "technology:\ngeneral: MIT, no restrictions\nsections:\n  - title: Server\n    chain:\n"
        "  - title: Links\n    chain:\n"
        "      - link: https://github.com/pallets/werkzeug/tree/main/src/werkzeug\n        text: The package.\n",
    )
    got = [(f.line, f.column, f.code, f.field) for f in lint([path]).findings]
    assert got == [
        (1, 1, "RG001", "technology"),  # required, written with no value
        (2, 10, "RG001", "general"),  # text where the table belongs
        (4, 5, "RG003", "sections[0]"),  # chain: left empty, no explanation
        (8, 15, "RG101", "sections[1].chain[0].link"),  # a folder on a branch
        (8, 15, "RG102", "sections[1].chain[0].link"),
    ]


def test_one_line_texts_yaml_takes_for_syntax_are_read_and_reported(tmp_path):
    """'text: Flask: ...' and 'text: `run()` ...' are YAML errors; lint quotes just those lines,
    reports each at the spot YAML names, and checks everything else."""
    path = notes_file(
        tmp_path,
        "technology: Werkzeug\npackage: werkzeug==3.1.8\ngeneral:\n  license_type: BSD-3-Clause\n"
        "  license_restrictions: N/A\nsections:\n  - chain:\n"
        "      - link: https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py#L961\n"
        "        text: Werkzeug: run_simple() starts the server  # a comment stays a comment\n"
        "\t  - link: https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L1020\n"
        "\t    text: `make_server()` picks the server class\n",
    )
    found = lint([path]).findings
    assert [(f.line, f.column, f.code, f.field) for f in found] == [
        (5, 25, "RG303", "general.license_restrictions"),
        (8, 15, "RG102", "sections[0].chain[0].link"),
        (9, 23, "RG001", "sections[0].chain[0].text"),  # the ': ' YAML stopped at
        (10, 1, "RG001", ""),  # a tab
        (11, 1, "RG001", ""),  # a tab
        (11, 12, "RG001", "sections[0].chain[1].text"),  # the backtick, counted in the line as written
    ]
    assert "the value of 'text' needs quotes" in found[2].message
    from reportgen.notes import load_lenient

    notes, _ = load_lenient(path)
    assert [s.text for s in notes.sections[0].chain] == [
        "Werkzeug: run_simple() starts the server", "`make_server()` picks the server class"]
    result = build(path, tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}:9:23: the value of 'text' needs quotes") and \
        result.output.count("\n") == 1


def test_a_general_cell_with_no_value_is_filled_by_build_and_lint_says_so(tmp_path):
    path = notes_file(
        tmp_path,
        "technology: Werkzeug\npackage: werkzeug==3.1.8\ngeneral:\n  license_type:\n  license_description: ''\n"
        "sections:\n  - chain:\n"
        "      - link: https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L961-L1126\n"
        "        symbol:\n        text: run_simple() serves.\n",
    )
    got = [(f.line, f.code, f.severity) for f in lint([path]).findings]
    assert got == [(4, "RG003", "warning"), (5, "RG003", "error"), (9, "RG003", "info")]
    result = build(path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "BSD-3-Clause" in (tmp_path / "out" / "notes.md").read_text(encoding="utf-8")
