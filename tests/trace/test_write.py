"""write_chain on real notes files: every byte outside the chain stays, a hand-written chain is only replaced on request."""

from __future__ import annotations

import json

import pytest

from reportgen.errors import InputError, NotesError
from reportgen.lint import lint
from reportgen.notes import load
from reportgen.trace.chain import chain_from_trace
from reportgen.trace.write import write_chain

HEAD = (
    "# yaml-language-server: $schema=https://example.invalid/notes.schema.json\n"
    "# Notes for a CSE312 report on Flask-Sock.  Odd quoting on purpose.\n"
    "template: 'cse312-v2'\n"
    'technology: "Flask-Sock"   # the heading\n'
    "package: flask-sock==0.7.0  # from: installed flask-sock 0.7.0\n"
    "general:\n"
    "  code_repository: https://github.com/miguelgrinberg/flask-sock\n"
    "  license_type: MIT\n"
    "  license_description: >-\n"
    "    Permissive:   keep the notice.\n"
    "  license_restrictions: 'Keep the copyright notice; it''s short.'\n"
    "sections:\n"
    "  - title: Chain of calls (WebSockets)\n"
    "    # Follow the upgrade: where flask-sock checks the handshake headers ...\n"
    "    explanation: |\n"
    "      My own overview.\n"
    "        indented line kept as is\n"
)
SKELETON = (
    "    chain:\n"
    "      # One step per call. Each link: a file of the repository at the release tag,\n"
    "      - link: https://github.com/miguelgrinberg/flask-sock/blob/v0.7.0/src/flask_sock/__init__.py  # from: flask-sock 0.7.0 release tag; add the file's #L lines, then delete this comment\n"
    "        text: >-\n"
    "          TODO: what happens at this step.\n"
)
HAND = (
    "    chain:\n"
    "      - link: \"https://github.com/miguelgrinberg/flask-sock/blob/v0.7.0/src/flask_sock/__init__.py#L58-L90\"\n"
    "        symbol: 'Sock.route'   # mine\n"
    "        text: |\n"
    "          I wrote this.\n"
    "      # a comment between steps\n"
    "      - link: https://github.com/python-hyper/wsproto/blob/1.3.2/src/wsproto/utilities.py#L90-L93\n"
    "        text: And this.  # last line comment\n"
)
HAND_LINKS = ("https://github.com/miguelgrinberg/flask-sock/blob/v0.7.0/src/flask_sock/__init__.py#L58-L90",
              "https://github.com/python-hyper/wsproto/blob/1.3.2/src/wsproto/utilities.py#L90-L93")
TAIL = (
    "\n"
    "  # a second section, after a comment\n"
    "  - title: \"Frames\"\n"
    "    explanation: Later.\n"
)


@pytest.fixture
def steps(recorded_trace):
    return chain_from_trace(recorded_trace, "flask-sock==0.7.0", "WebSockets")


def _write(tmp_path, text: str, crlf: bool = False):
    path = tmp_path / "flask-sock.yaml"
    data = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes(data.encode())
    return path, data.encode()


def _chain_bytes(steps, nl: str = "\n") -> bytes:
    out = []
    for s in steps:
        link = json.dumps(s["link"]) if ": " in s["link"] else s["link"]  # the app's placeholder needs quotes
        out.append(f"      - link: {link}")
        out.append(f"        symbol: {s['symbol']}")
        out.append(f"        text: {s.get('text', 'TODO')}")
    return (nl.join(out) + nl).encode()


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_the_init_skeleton_is_filled_and_nothing_else_moves(tmp_path, steps, crlf):
    path, before = _write(tmp_path, HEAD + SKELETON + TAIL, crlf)
    result = write_chain(path, steps)
    assert result.written and result.reason is None
    after = path.read_bytes()
    nl = b"\r\n" if crlf else b"\n"
    # everything up to the first step's "- " and from the end of the skeleton's last line stays
    head = (HEAD + SKELETON.split("      - link")[0] + "      ").replace("\n", nl.decode()).encode()
    tail = TAIL.replace("\n", nl.decode()).encode()
    assert after.startswith(head) and after.endswith(tail)
    assert after[len(head) - 6 : len(after) - len(tail)] == _chain_bytes(steps, nl.decode())
    assert (b"\r\n" in after) == crlf and (not crlf or b"\n" not in after.replace(b"\r\n", b""))
    notes = load(path)
    assert [(s.link, s.symbol, s.text) for s in notes.sections[0].chain] == [
        (s["link"], s["symbol"], "TODO") for s in steps]
    assert notes.sections[1].title == "Frames" and notes.general.license_restrictions == "Keep the copyright notice; it's short."
    assert "+      - link: https://github.com/miguelgrinberg/flask-sock/blob/v0.7.0/src/flask_sock/__init__.py#L58-L90" in result.diff
    assert before != after


def test_a_hand_written_chain_is_kept_and_the_diff_shows_the_trace(tmp_path, steps):
    path, before = _write(tmp_path, HEAD + HAND + TAIL)
    result = write_chain(path, steps)
    assert not result.written and "--replace" in result.reason
    assert path.read_bytes() == before
    assert "-        symbol: 'Sock.route'   # mine" in result.diff
    assert "+        symbol: Sock.route.decorator.websocket_route" in result.diff
    assert result.diff.startswith(f"--- a/{path}\n+++ b/{path}\n")


def test_replace_replaces_only_the_chain(tmp_path, steps):
    path, before = _write(tmp_path, HEAD + HAND + TAIL, crlf=True)
    result = write_chain(path, steps, replace=True)
    assert result.written
    after = path.read_bytes()
    head = (HEAD + "    chain:\n      ").replace("\n", "\r\n").encode()
    assert after.startswith(head) and after.endswith(TAIL.replace("\n", "\r\n").encode())
    # the steps the student had (same links) keep their texts; their comments and quoting go with the old chain
    kept = {HAND_LINKS[0]: "I wrote this.", HAND_LINKS[1]: "And this."}
    want = [dict(s, text=kept.get(s["link"], "TODO")) for s in steps]
    assert sum(s["text"] != "TODO" for s in want) == 2
    assert after[len(head) - 6 : len(after) - len(TAIL.replace("\n", "\r\n"))] == _chain_bytes(want, "\r\n")
    assert b"# mine" not in after and b"# a comment between steps" not in after


def test_missing_chain_and_missing_sections_are_added(tmp_path, steps):
    path, before = _write(tmp_path, HEAD + TAIL)
    assert write_chain(path, steps).written
    after = path.read_bytes()
    # the chain goes after the section's last value, before the blank line and the next section
    assert after == (HEAD + "    chain:\n").encode() + _chain_bytes(steps) + TAIL.encode()
    bare = tmp_path / "bare.yaml"
    bare.write_bytes(b"technology: Flask-Sock  # no sections yet")
    assert write_chain(bare, steps[:2]).written
    assert bare.read_bytes() == b"technology: Flask-Sock  # no sections yet\nsections:\n  - chain:\n" + _chain_bytes(steps[:2])


def test_an_empty_chain_is_filled_and_its_comment_stays(tmp_path, steps):
    path, _ = _write(tmp_path, HEAD + "    chain: []  # to do\n" + TAIL)
    assert write_chain(path, steps[:1]).written
    assert path.read_bytes() == (HEAD + "    chain:  # to do\n").encode() + _chain_bytes(steps[:1]) + TAIL.encode()


def test_the_written_notes_are_valid_and_lint_asks_for_the_texts(tmp_path, steps):
    path, _ = _write(tmp_path, HEAD + SKELETON + TAIL)
    write_chain(path, steps)
    found = lint([path], select=["RG002"]).findings
    texts = [f for f in found if f.field.endswith(".text") and f.field.startswith("sections[0].chain")]
    assert len(texts) == len(steps)  # text: TODO is for the student to write


def test_bad_input_is_one_line_and_leaves_the_file(tmp_path, steps):
    path, before = _write(tmp_path, HEAD + SKELETON + TAIL)
    with pytest.raises(InputError, match="no section 5"):
        write_chain(path, steps, section=5)
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"technology: [unclosed\n")
    with pytest.raises(NotesError) as err:
        write_chain(broken, steps)
    assert str(err.value).startswith(f"{broken}:") and "\n" not in str(err.value)
    assert broken.read_bytes() == b"technology: [unclosed\n" and path.read_bytes() == before
    flow = tmp_path / "flow.yaml"
    flow.write_bytes(b"technology: X\nsections:\n  - {title: a, chain: [{link: 'https://x/y#L1'}]}\n")
    with pytest.raises(NotesError, match="flow style"):
        write_chain(flow, steps, replace=True)


def test_the_second_section(tmp_path, steps):
    path, _ = _write(tmp_path, HEAD + HAND + TAIL)
    assert write_chain(path, steps[:1], section=1).written
    notes = load(path)
    assert notes.sections[0].chain[0].symbol == "Sock.route"
    assert [s.symbol for s in notes.sections[1].chain] == [steps[0]["symbol"]]


def test_replace_keeps_the_texts_of_steps_that_stay(tmp_path, steps):
    """A second trace replaces the chain, but what the student wrote for a step still there stays."""
    path, _ = _write(tmp_path, HEAD + SKELETON + TAIL)
    write_chain(path, steps)
    text = path.read_text()
    first, accept = steps[0], next(s for s in steps if s["symbol"] == "generate_accept_token")
    mine = "The route wrapper builds the Server:\n  it does the handshake."
    text = text.replace(f"symbol: {first['symbol']}\n        text: TODO",
                        f"symbol: {first['symbol']}\n        text: |\n          The route wrapper builds the Server:\n            it does the handshake.", 1)
    text = text.replace("symbol: generate_accept_token\n        text: TODO",
                        "symbol: generate_accept_token\n        text: SHA-1 of key + GUID, base64.", 1)
    path.write_text(text)
    # the new trace: the same steps, generate_accept_token's lines moved (another version's numbering)
    moved = [dict(s, link=s["link"].replace("#L90-L93", "#L91-L94")) if s is accept else s for s in steps]
    result = write_chain(path, moved)
    assert not result.written  # a chain the student wrote: only with replace
    assert "-          it does the handshake." not in result.diff and "+        text: TODO" not in result.diff
    assert write_chain(path, moved, replace=True).written
    chain = load(path).sections[0].chain
    assert chain[0].text.rstrip("\n") == mine
    by_symbol = {s.symbol: s for s in chain}
    assert by_symbol["generate_accept_token"].text == "SHA-1 of key + GUID, base64."
    assert by_symbol["generate_accept_token"].link.endswith("#L91-L94")
    assert sum(s.text == "TODO" for s in chain) == len(steps) - 2


def test_no_steps_is_an_error(tmp_path):
    path, before = _write(tmp_path, HEAD + SKELETON + TAIL)
    with pytest.raises(InputError, match="no chain steps"):
        write_chain(path, [])
    assert path.read_bytes() == before
