"""reportgen update: only the auto-filled values change, byte for byte."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.project import update as project_update
from reportgen.project.facts import Fact, derive, package_value
from reportgen.project.init import LINK_SOURCE, render_notes
from reportgen.project.yamltext import scan



# ------------------------------------------------------------ version bump
HAND_EDITS = [
    # (text init wrote, what the student made of it)
    ("technology: flask-sock\n", "technology: Flask-Sock   # the name the course uses\n"),
    ("    explanation: |\n      TODO: an overview of the chain below, in your own words.\n",
     "    # my overview\n    explanation: |\n      `@sock.route` wraps the view; flask-sock 0.6.0 hands the socket to\n"
     "      simple-websocket.\n"),
    ("template: cse312-v2\n", "template: 'cse312-v2'\n# team: Ana and Ben\n"),
]


@pytest.mark.slow
def test_update_after_version_bump_changes_only_fact_values(tmp_path, run_cli, venvs):
    python = venvs.make(tmp_path / "venv", "--no-deps", "flask-sock==0.6.0")
    root = tmp_path / "app"
    root.mkdir()
    (root / "requirements.txt").write_text("flask-sock\n")
    code, out, err = run_cli("init", root, "--package", "flask-sock", "--python", python)
    assert code == 0, err
    notes_file = root / "reports" / "flask-sock.yaml"
    text = notes_file.read_text()
    assert "flask-sock==0.6.0" in text and "/blob/v0.6.0/" in text
    for before, after in HAND_EDITS:
        assert before in text
        text = text.replace(before, after)
    # a second step the student wrote by hand, pinned to 0.6.0 on purpose: must stay
    text += (
        "      - link: https://github.com/miguelgrinberg/flask-sock/blob/v0.6.0/src/flask_sock/__init__.py#L30-L42\n"
        "        text: \"Then `Sock.route` calls the view.\"  # checked 0.6.0\n"
    )
    notes_file.write_bytes(text.encode())
    hand = notes_file.read_bytes()

    assert run_cli("update", notes_file, "--python", python)[0] == 0  # nothing due yet
    assert notes_file.read_bytes() == hand

    venvs.pip(python, "--no-deps", "flask-sock==0.7.0")
    code, out, err = run_cli("update", notes_file, "--check", "--python", python)
    assert code == 1, err
    assert "+package: flask-sock==0.7.0" in out
    assert notes_file.read_bytes() == hand  # --check writes nothing

    code, out, err = run_cli("update", notes_file, "--python", python)
    assert code == 0, err
    expected = "".join(
        line.replace("0.6.0", "0.7.0") if "# from:" in line else line
        for line in hand.decode().splitlines(keepends=True)
    )
    assert notes_file.read_bytes().decode() == expected
    assert run_cli("update", notes_file, "--check", "--python", python)[0] == 0


def test_values_without_marker_are_never_touched(tmp_path):
    facts = derive("click", python=sys.executable)
    text = render_notes(facts, ["tcp"]).replace("  # from: ", "  # was: ")
    path = tmp_path / "click.yaml"
    path.write_text(text)
    result = project_update.update_file(path, lambda eco, name: _moved(facts))
    assert not result.changed and result.skipped


def test_broken_notes_are_reported_not_rewritten(tmp_path, run_cli):
    path = tmp_path / "reports" / "x.yaml"
    path.parent.mkdir()
    path.write_text("technology: x\npackage: click==1  # from: environment\ngeneral:\n  licence_type: MIT\n")
    code, out, err = run_cli("update", path)
    assert code == 2
    assert err.startswith(f"{path}:4:3: unknown key 'licence_type'")
    assert "Traceback" not in err


# ------------------------------------------------------------ properties
def _moved(facts):
    """The same package as ``facts`` but at another version, license and repository (an 'old' file)."""
    old_version = "0.0.1"
    label = f"{facts.name} {old_version}"
    values = dict(facts.values)
    values["license_type"] = Fact("MIT", f"{label} METADATA:License")
    values["code_repository"] = Fact(values["code_repository"].value + "-old", f"{label} METADATA:Home-page")
    return dataclasses.replace(
        facts, version=old_version, values=values,
        package=Fact(package_value(facts.name, facts.ecosystem, old_version), "environment"),
    )


@pytest.fixture(scope="module")
def click_facts():
    return derive("click", python=sys.executable)


_COMMENT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85\ufeff"),
    max_size=30,
)


def _decorate(text: str, inserts: dict[int, str], trailing: dict[int, str], indent_of: dict[int, int]) -> str:
    """Add full-line comments before, and comments after, the lines allowed by ``_slots``."""
    lines = text.splitlines(keepends=True)
    out = []
    for i, line in enumerate(lines):
        if i in inserts:
            out.append(" " * indent_of.get(i, 0) + "#" + inserts[i] + "\n")
        if i in trailing:
            line = line.rstrip("\n") + "  #" + trailing[i] + "\n"
        out.append(line)
    return "".join(out)


def _slots(text: str):
    """Lines before which a comment line may go, and lines that may take a trailing comment."""
    inside = set()
    for span in scan(text).values():
        if span.style in ("|", ">"):
            first = text.count("\n", 0, span.start) + 1
            last = text.count("\n", 0, span.end)
            inside.update(range(first, last))
    lines = text.splitlines()
    before = [i for i in range(len(lines)) if i not in inside]
    after = [i for i, l in enumerate(lines) if i not in inside and "#" not in l and not l.rstrip().endswith(("|", ">-"))]
    indent = {i: len(l) - len(l.lstrip()) for i, l in enumerate(lines)}
    return before, after, indent


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), topics=st.sampled_from([["tcp"], ["websockets"], ["tcp", "http-headers"], []]),
       template=st.sampled_from(["cse312-v2", "cse312-v1"]))
def test_update_is_a_no_op_when_nothing_changed_and_exact_when_facts_moved(click_facts, data, topics, template):
    new_text = render_notes(click_facts, topics, template=template)
    old_text = render_notes(_moved(click_facts), topics, template=template)
    before, after, indent = _slots(new_text)
    assert _slots(old_text) == (before, after, indent)  # same shape, so the same decoration fits both
    inserts = data.draw(st.dictionaries(st.sampled_from(before), _COMMENT, max_size=8))
    trailing = data.draw(st.dictionaries(st.sampled_from(after), _COMMENT, max_size=8))
    current = _decorate(new_text, inserts, trailing, indent)
    outdated = _decorate(old_text, inserts, trailing, indent)

    facts_for = lambda eco, name: click_facts  # noqa: E731
    same, changes, _ = project_update.plan(current, "click.yaml", facts_for)
    assert same == current and changes == []
    refreshed, changes, _ = project_update.plan(outdated, "click.yaml", facts_for)
    assert refreshed == current
    assert {c.field for c in changes} >= {"package", "general.license_type", "general.code_repository"}


def test_skeleton_link_provenance_matches_init(click_facts):
    text = render_notes(click_facts, ["tcp"])
    assert "# from: " + LINK_SOURCE.format(label=f"{click_facts.name} {click_facts.version}") in text


def test_files_with_crlf_line_ends_keep_them(click_facts):
    """A notes file written on Windows (CRLF) is updated in place with CRLF everywhere,
    folded values included."""
    moved = _moved(click_facts)
    values = dict(moved.values)
    values["license_description"] = Fact("An older description, long enough to be folded over more than one "
                                         "line when it is written back as a folded block scalar by update.",
                                         f"{moved.name} {moved.version} knowledge")
    moved = dataclasses.replace(moved, values=values)
    current = render_notes(click_facts, ["tcp"]).replace("\n", "\r\n")
    outdated = render_notes(moved, ["tcp"]).replace("\n", "\r\n")
    assert outdated != current
    refreshed, changes, _ = project_update.plan(outdated, "click.yaml", lambda eco, name: click_facts)
    assert "general.license_description" in {c.field for c in changes}
    assert "\n" not in refreshed.replace("\r\n", "")  # no bare LF
    assert refreshed == current
