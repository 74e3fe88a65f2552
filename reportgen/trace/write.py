"""Write a traced chain into a notes file in place, keeping every byte the student wrote.

Like ``reportgen update`` (:mod:`reportgen.project.update`), the file is only
*composed* (ruamel.yaml gives every node its exact place in the text) and one
region is rewritten: the items of one section's ``chain:``, or the place where
an empty or missing chain goes.  Comments, quoting, key order, CRLF line ends
and every other value stay byte for byte; the result is parsed again and
checked against the old file with :func:`reportgen.project.yamltext.scan`.

A chain that is missing, empty (``chain:``, ``chain: []``) or still the
skeleton ``reportgen init`` wrote (links ``TODO`` or without lines, texts
``TODO``) is filled.  A chain the student wrote is never replaced unless asked
(``replace=True``); otherwise nothing is written and the diff shows what the
trace would give.  Either way, a step that is already in the chain (the same link,
or the same file and symbol) keeps the text the student wrote for it; only new
steps say ``text: TODO``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import InputError, Location, NotesError
from reportgen.fsutil import write_if_changed
from reportgen.notes import load, load_text
from reportgen.project.update import UpdateResult
from reportgen.project.yamltext import render_block, render_flow, scan

_PLACEHOLDER = re.compile(r"^\s*(TODO|TBD|FIXME|XXX)\b", re.I)


@dataclass
class WriteResult:
    path: Path
    old_text: str
    new_text: str  # the file with the traced chain (what was written, or what --replace would write)
    written: bool
    reason: str | None = None  # why nothing was written (a chain already there ...)

    @property
    def diff(self) -> str:
        """The unified diff of the notes file: old text -> text with the traced chain."""
        return UpdateResult(self.path, self.old_text, self.new_text).diff()


def _newline(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _render_value(key: str, value: str, lead: str, indent: int) -> list[str]:
    """``key: value`` lines: one line, or a literal block for text of several lines."""
    if "\n" in value.rstrip("\n") and all(l == l.rstrip() for l in value.split("\n")) and not value[:1].isspace():
        return [f"{lead}{key}: |" + ("" if value.endswith("\n") else "-"), *render_block(value, "|", indent + 4)]
    return [f"{lead}{key}: {render_flow(value, 'plain')}"]


def render_steps(steps: list[dict], indent: int, newline: str = "\n") -> str:
    """Chain items as block YAML lines at ``indent`` (each line ends with ``newline``)."""
    pad = " " * indent
    out: list[str] = []
    for step in steps:
        keys = [k for k in ("link", "symbol", "text") if step.get(k) is not None]
        for n, key in enumerate(keys):
            out.extend(_render_value(key, str(step[key]), pad + ("- " if n == 0 else "  "), indent))
    return "".join(line + newline for line in out)


def _same_place(a: str, b: str) -> bool:
    """Two links to the same file at the same ref (the lines may differ)."""
    return a.split("#", 1)[0] == b.split("#", 1)[0]


def keep_texts(steps: list[dict], existing) -> list[dict]:
    """The traced steps, each with the text already written for the same function (link, or file and symbol).

    So a chain written again from a new trace (``--replace``) keeps the words the student
    wrote for the steps that are still there; only steps that are new say TODO.
    """
    out = []
    for step in steps:
        mine = next((s for s in existing if s.link == step["link"]), None) or next(
            (s for s in existing if s.symbol and s.symbol == step.get("symbol") and _same_place(s.link, step["link"])), None)
        text = mine.text if mine is not None and mine.text.strip() and not _PLACEHOLDER.match(mine.text) else None
        out.append(dict(step, text=text.rstrip("\n")) if text else step)
    return out


def _line_end(text: str, index: int) -> int:
    """Index after the newline of the line holding ``index`` (or the end of the text)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _content_end(text: str, spans, prefix: str, fallback: int) -> int:
    """After the last line holding a value under ``prefix`` (a trailing comment on it included)."""
    ends = [s.end for p, s in spans.items() if p == prefix or p.startswith(prefix + ".") or p.startswith(prefix + "[")]
    if not ends:
        return fallback
    last = max(ends)
    # a block scalar's end is already past its last line's newline
    return last if last > 0 and text[last - 1] == "\n" else _line_end(text, last)


def _is_placeholder_chain(chain, spans, where: str) -> bool:
    """The skeleton ``init`` writes: every link TODO or a marked link without lines, every text TODO."""
    for index, step in enumerate(chain):
        link_span = spans.get(f"{where}.chain[{index}].link")
        skeleton = link_span is not None and link_span.marked and "#" not in step.link
        if not (skeleton or not step.link.strip() or _PLACEHOLDER.match(step.link)):
            return False
        if step.symbol and step.symbol.strip() and not _PLACEHOLDER.match(step.symbol):
            return False
        if step.text.strip() and not _PLACEHOLDER.match(step.text):
            return False
    return True


def _compose(text: str, path: str):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").compose(text)
    except YAMLError as exc:  # load_text has already reported syntax errors; this is a safety net
        raise NotesError(f"YAML syntax error: {exc}", Location(path)) from None


def _key(mapping, name: str):
    for key, value in mapping.value:
        if str(key.value) == name:
            return key, value
    return None, None


def _empty_value_edit(text: str, key, value, body: str, newline: str) -> tuple[int, int, str]:
    """Edit for ``key:`` with no value, ``key: []`` or ``key: ~``: the items go on the lines below."""
    from ruamel.yaml.nodes import ScalarNode

    line_end = _line_end(text, key.end_mark.index)
    start = end = line_end
    if value is not None and not (isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index):
        v0, v1 = value.start_mark.index, value.end_mark.index
        if v1 <= line_end:  # "[]" / "~" / "null" on the key's line: remove it (a comment after it stays)
            while v0 > 0 and text[v0 - 1] in " \t":
                v0 -= 1
            rest = text[v1:line_end].rstrip("\r\n")
            gap = "  " if rest.strip() else ""
            return v0, line_end, gap + rest.lstrip(" \t") + newline + body
    if line_end == len(text) and not text.endswith("\n"):
        return start, end, newline + body
    return start, end, body


def plan(text: str, path: str, steps: list[dict], *, replace: bool = False, section: int = 0) -> tuple[str, str | None, bool]:
    """(the text with the traced chain, why it must not be written or None, whether a chain was written by hand)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    notes = load_text(text, path)  # broken notes: one-line error with the spot, nothing half-written
    if not steps:
        raise InputError("the trace gives no chain steps", Location(path), "record it again: no work point was reached")
    spans = scan(text, path)
    newline = _newline(text)
    root = _compose(text, path)
    sections_key, sections = _key(root, "sections")
    count = len(notes.sections)
    if section < 0 or section > max(count - 1, 0):
        raise InputError(f"the notes have {count} section(s); there is no section {section}",
                         Location(path), f"choose a section from 0 to {max(count - 1, 0)}")
    where = f"sections[{section}]"
    if count == 0:
        # no section yet: one with the chain, at the end of the file (or under an empty 'sections:')
        body = "  - chain:" + newline + render_steps(steps, 6, newline)
        if sections_key is not None:
            start, end, new = _empty_value_edit(text, sections_key, sections, body, newline)
        else:
            start = end = len(text)
            new = ("" if not text or text.endswith("\n") else newline) + "sections:" + newline + body
        out = text[:start] + new + text[end:]
        _check(out, spans, path, where, steps, section)
        return out, None, False
    item = sections.value[section]
    if not isinstance(item, MappingNode) or item.flow_style or (isinstance(sections, SequenceNode) and sections.flow_style):
        raise NotesError(f"section {section} is written in flow style ({{...}} / [...]); cannot add the chain in place",
                         Location(path, item.start_mark.line + 1, item.start_mark.column + 1),
                         "write the section in block style (one key per line)")
    chain_key, chain = _key(item, "chain")
    existing = notes.sections[section].chain
    by_hand = bool(existing) and not _is_placeholder_chain(existing, spans, where)
    steps = keep_texts(steps, existing)
    if chain_key is None:
        indent = item.value[0][0].start_mark.column
        body = " " * indent + "chain:" + newline + render_steps(steps, indent + 2, newline)
        start = end = _content_end(text, spans, where, item.end_mark.index)
        new = (newline if start == len(text) and not text.endswith("\n") else "") + body
    elif not existing:
        start, end, new = _empty_value_edit(text, chain_key, chain, render_steps(steps, chain_key.start_mark.column + 2, newline), newline)
    else:
        if chain.flow_style:
            raise NotesError("the chain is written in flow style ([...]); cannot replace it in place",
                             Location(path, chain.start_mark.line + 1, chain.start_mark.column + 1),
                             "write the chain in block style (one '- link:' per step)")
        start, column = chain.start_mark.index, chain.start_mark.column  # the first item's "-"
        end = _content_end(text, spans, f"{where}.chain", chain.end_mark.index)
        new = render_steps(steps, column, newline)[column:]
    out = text[:start] + new + text[end:]
    _check(out, spans, path, where, steps, section)
    if by_hand and not replace:
        return out, f"section {section} already has a chain of {len(existing)} step(s); pass --replace to replace it", True
    return out, None, by_hand


def _check(new: str, old_spans, path: str, where: str, steps: list[dict], section: int) -> None:
    """The new text is valid notes, holds the steps, and every value outside the chain is unchanged."""
    notes = load_text(new, path)
    got = [{"link": s.link, "symbol": s.symbol, "text": s.text} for s in notes.sections[section].chain]
    want = [{"link": s["link"], "symbol": s.get("symbol"), "text": s.get("text") or ""} for s in steps]
    got = [dict(g, text=g["text"].rstrip("\n")) for g in got]
    after = scan(new, path)
    chain = f"{where}.chain"
    moved = [p for p, s in old_spans.items() if not (p == chain or p.startswith(chain + "["))
             and (p not in after or after[p].value != s.value)]
    if got != want or moved:
        what = f"'{moved[0]}'" if moved else "the chain"
        raise NotesError(f"writing the chain in place would change {what}", Location(path),
                         "please report this; the file was left as it is")


def write_chain(notes_path: str | Path, steps: list[dict], *, replace: bool = False, section: int = 0) -> WriteResult:
    """Write ``steps`` as the chain of one section of a notes file, in place and atomically.

    An empty, missing or skeleton chain is filled; a chain written by hand is replaced only
    with ``replace=True`` (otherwise nothing is written, and ``.diff`` shows the change).
    """
    p = Path(notes_path)
    load(p)  # missing, unreadable, not UTF-8 or not valid notes: one-line error with the spot
    text = p.read_bytes().decode("utf-8")
    new_text, reason, _ = plan(text, str(notes_path), steps, replace=replace, section=section)
    written = False
    if reason is None and new_text != text:
        written = write_if_changed(p, new_text)
    return WriteResult(p, text, new_text, written, reason)


__all__ = ["WriteResult", "keep_texts", "plan", "render_steps", "write_chain"]
