"""Edit scalar values of a YAML file in place, leaving every other byte alone.

A round-trip dump can still reflow text, change indentation or quotes.  Here the
YAML is only *composed* (ruamel gives each scalar node its exact start and end in
the text); an edit replaces the characters of one value (and of its ``# from:``
comment) and nothing else.  The result is parsed again and checked.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

from reportgen.errors import Location, NotesError

#: The comment that marks a value as filled by reportgen (and so refreshed by ``update``).
MARKER_RE = re.compile(r"#[ \t]*from:[ \t]*(?P<source>[^\n]*?)[ \t]*$", re.IGNORECASE)
_BLOCK_HEADER_RE = re.compile(r"(?P<indicator>[|>][-+0-9]*)(?P<gap>[ \t]*)(?P<comment>#[^\n\r]*?)?[ \t]*\r?$")


@dataclass(frozen=True)
class ScalarSpan:
    """Where one scalar value is in the text."""

    path: str  # "general.license_type", "sections[0].chain[1].link"
    start: int  # index of the first character of the value (block: of the indicator)
    end: int  # index after the value (block: after the last content line's newline)
    style: str  # "plain", "'", '"', "|", ">"
    value: str  # the parsed value, as text
    line: int  # 0-based line of the start
    comment_start: int | None = None  # the "# from: ..." comment, if any
    comment_end: int | None = None
    provenance: str | None = None  # what follows "from:"
    content_indent: int = 0  # block scalars: the indent of the content lines

    @property
    def marked(self) -> bool:
        return self.provenance is not None


def _parse_error(exc, path: str) -> NotesError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    loc = Location(path, mark.line + 1, mark.column + 1) if mark is not None else Location(path)
    return NotesError(f"YAML syntax error: {getattr(exc, 'problem', None) or exc}", loc, "fix the YAML at this spot")


def scan(text: str, path: str = "<notes>") -> dict[str, ScalarSpan]:
    """Every scalar value of a mapping/sequence tree, by field path."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    try:
        root = YAML(typ="rt").compose(text)
    except YAMLError as exc:
        raise _parse_error(exc, path) from None
    spans: dict[str, ScalarSpan] = {}

    def walk(node, where: str) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                name = str(key.value)
                walk(value, f"{where}.{name}" if where else name)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{where}[{index}]")
        elif isinstance(node, ScalarNode):
            spans[where] = _span(text, node, where)

    if root is not None:
        walk(root, "")
    return spans


def _value(node) -> str:
    # ruamel marks the places where a folded scalar was folded with "\a"; they are not part of the value
    return str(node.value).replace("\a", "")


def _span(text: str, node, where: str) -> ScalarSpan:
    start, end = node.start_mark.index, node.end_mark.index
    style = node.style or "plain"
    if style in ("|", ">"):
        header_end = text.find("\n", start)
        header_end = len(text) if header_end < 0 else header_end
        header = _BLOCK_HEADER_RE.match(text, start, header_end)
        comment_start = comment_end = provenance = None
        if header and header.group("comment"):
            found = MARKER_RE.fullmatch(header.group("comment"))
            if found:
                comment_start, comment_end = header.start("comment"), header.end("comment")
                provenance = found.group("source")
        # the value ends after the last line that holds text (trailing blank lines stay)
        body = text[header_end + 1 : end] if header_end < end else ""
        lines = body.split("\n")
        kept = len(lines)
        while kept and not lines[kept - 1].strip():
            kept -= 1
        content_end = header_end + 1 + sum(len(l) + 1 for l in lines[:kept]) if kept else min(header_end + 1, len(text))
        content_end = min(content_end, len(text))
        indent = min((len(l) - len(l.lstrip(" ")) for l in lines[:kept] if l.strip()), default=0)
        return ScalarSpan(where, start, content_end, style, _value(node), node.start_mark.line,
                          comment_start, comment_end, provenance, indent)
    # flow scalars: a "# from:" comment after the value, on the value's last line
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    comment_start = comment_end = provenance = None
    stripped = rest.lstrip(" \t")
    if stripped.startswith("#") and rest[: len(rest) - len(stripped)]:
        found = MARKER_RE.fullmatch(stripped.rstrip("\r"))
        if found:
            comment_start = end + (len(rest) - len(stripped))
            comment_end = comment_start + len(stripped.rstrip("\r").rstrip(" \t"))
            provenance = found.group("source")
    if style == "plain" and start == end and node.value in ("", None):
        style = "empty"
        before = text[:start].rstrip(" \t")
        if not before.endswith((":", "-")):  # an empty value that ruamel places at the next token: leave it alone
            comment_start = comment_end = provenance = None
    return ScalarSpan(where, start, end, style, _value(node), node.start_mark.line,
                      comment_start, comment_end, provenance)


# ------------------------------------------------------------------ rendering
def _loads_scalar(fragment: str):
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="safe", pure=True).load("k: " + fragment + "\n")
    except Exception:
        return None
    return data.get("k") if isinstance(data, dict) else None


def render_flow(value: str, style: str) -> str:
    """A value as a one-line scalar in the given style (plain falls back to double quotes when it must)."""
    if style == "'":
        out = "'" + value.replace("'", "''") + "'"
    elif style == '"':
        out = json.dumps(value, ensure_ascii=False)
    else:
        out = value
        if not value or value != value.strip() or "\n" in value or _loads_scalar(out) != value:
            out = json.dumps(value, ensure_ascii=False)
    if _loads_scalar(out) != value:
        out = json.dumps(value, ensure_ascii=False)
    return out


def render_block(value: str, indicator: str, indent: int, width: int = 88) -> list[str]:
    """Content lines of a block scalar holding ``value`` (folded: wrapped; literal: as is)."""
    pad = " " * indent
    if indicator.startswith("|"):
        return [pad + line if line else "" for line in value.rstrip("\n").split("\n")]
    paragraphs = value.rstrip("\n").split("\n")
    lines: list[str] = []
    for i, para in enumerate(paragraphs):
        if i:
            lines.append("")
        wrapped = textwrap.wrap(para, width=max(30, width - indent), break_long_words=False, break_on_hyphens=False)
        lines.extend(pad + w for w in (wrapped or [""]))
    return lines


def _block_value_ok(value: str, indicator: str) -> bool:
    """Whether render_block reads back as ``value`` (else the value is written double-quoted)."""
    if indicator.startswith("|"):
        return bool(value.strip()) and all(l == l.rstrip() and not l.startswith((" ", "\t")) for l in value.split("\n"))
    return bool(value) and value == " ".join(value.split())


def replace(text: str, spans: dict[str, ScalarSpan], changes: dict[str, tuple[str, str | None]], path: str = "<notes>") -> str:
    """Replace the values (and ``# from:`` comments) at the given paths.

    ``changes`` maps a field path to (new value, new provenance or None to keep
    the comment as it is).  Every other character stays where it was.
    """
    edits: list[tuple[int, int, str]] = []
    for where, (value, provenance) in changes.items():
        span = spans[where]
        if span.style in ("|", ">"):
            header_end = text.find("\n", span.start)
            header_end = len(text) if header_end < 0 else header_end
            # new lines end as the value's header line does (CRLF in a file written on Windows)
            newline = "\r\n" if text[header_end - 1 : header_end] == "\r" else "\n"
            header = text[span.start : header_end].rstrip("\r")
        if span.style in ("|", ">") and _block_value_ok(value, span.style):
            if provenance is not None and span.comment_start is not None:
                header = (text[span.start : span.comment_start] + f"# from: {provenance}"
                          + text[span.comment_end : header_end].rstrip("\r"))
            indicator = _BLOCK_HEADER_RE.match(header).group("indicator")
            body = render_block(value, indicator, span.content_indent or 2)
            edits.append((span.start, span.end, header + newline + newline.join(body) + newline))
            continue
        if span.style in ("|", ">"):  # a value a block cannot hold as is: one double-quoted line
            comment = ""
            if span.comment_start is not None:
                comment = "  " + (f"# from: {provenance}" if provenance is not None else text[span.comment_start : span.comment_end])
            edits.append((span.start, span.end, render_flow(value, '"') + comment + newline))
            continue
        style = span.style if span.style in ("'", '"') else "plain"
        new_value = render_flow(value, style)
        if span.style == "empty":
            if not text[: span.start].rstrip(" \t").endswith((":", "-")):
                raise NotesError(f"could not rewrite '{where}' in place", Location(path, span.line + 1, 1),
                                 "write a value after the key by hand")
            new_value = " " + new_value
        edits.append((span.start, span.end, new_value))
        if provenance is not None and span.comment_start is not None:
            edits.append((span.comment_start, span.comment_end, f"# from: {provenance}"))
    out = text
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:start] + new + out[end:]
    # check: every changed value reads back as intended, and nothing else moved
    after = scan(out, path)
    for where, (value, _) in changes.items():
        got = after[where].value if where in after else None
        if got is None or got.rstrip("\n") != value.rstrip("\n"):
            raise NotesError(f"could not rewrite '{where}' in place", Location(path, spans[where].line + 1, 1),
                             "edit the value by hand, or remove its '# from:' comment")
    for where, span in spans.items():
        if where not in changes and (where not in after or after[where].value != span.value):
            raise NotesError(f"rewriting would change '{where}'", Location(path, span.line + 1, 1),
                             "please report this; the file was left as it is")
    return out
