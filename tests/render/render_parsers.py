"""Parsers used to read rendered reports back (no rendering code of ours in here)."""

from __future__ import annotations

from html.parser import HTMLParser


def gfm_tables(markdown_text: str) -> list[list[list[str]]]:
    """Every table of a GFM document as rows of cell texts, read by markdown-it-py (CommonMark + tables)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(markdown_text)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            tables[-1].append(row)
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
    return tables


class Collect(HTMLParser):
    """All start tags with their attributes, and the table rows' cell texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse_html(text: str) -> Collect:
    parser = Collect()
    parser.feed(text)
    parser.close()
    return parser
