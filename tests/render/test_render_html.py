"""HTML rendering: golden files, a standalone page, and no way for notes to inject markup."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES
from render_parsers import parse_html

from reportgen.notes import load
from reportgen.render import html, markdown

SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "p", "em", "strong", "code",
    "pre", "a", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "div", "hr", "sup", "span", "br",
    "blockquote",
}


@pytest.mark.parametrize("template", ["cse312-v2", "cse312-v1"])
@pytest.mark.parametrize("sample", ["socketio-v2", "werkzeug-v1"])
def test_html_golden(sample, template, golden):
    notes = load(FIXTURES / f"{sample}.yaml")
    golden(f"{sample}.{template}.html", html.render(markdown.render(notes, template), notes.technology))


def test_standalone_page_with_table_and_links():
    notes = load(FIXTURES / "socketio-v2.yaml")
    page = html.render(markdown.render(notes), notes.technology)
    doc = parse_html(page)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "DejaVu Sans" in page
    assert not [t for t, a in doc.tags if t in ("link", "script") or a.get("src")]  # nothing external
    table = [r for r in doc.rows if r]
    assert [r[0] for r in table[1:]] == ["Code Repository", "License Type", "License Description", "License Restrictions"]
    hrefs = [a["href"] for t, a in doc.tags if t == "a"]
    assert "https://github.com/miguelgrinberg/Flask-SocketIO/blob/v5.3.6/src/flask_socketio/__init__.py#L553-L720" in hrefs
    assert "Ελληνικά" in page


def _assert_safe(page: str) -> None:
    doc = parse_html(page)
    for tag, attrs in doc.tags:
        assert tag in SAFE_TAGS, f"unexpected tag <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name == "href":
                assert re.match(r"(https?://|#|[^:/?#]*(?:[/?#]|$))", value), value
                assert not re.search(r"(javascript|vbscript|data):", value, re.IGNORECASE), value
    assert "<script" not in page.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", page, re.IGNORECASE)


def test_hostile_notes_are_escaped():
    notes = load(FIXTURES / "hostile.yaml")
    page = html.render(markdown.render(notes), notes.technology)
    _assert_safe(page)
    doc = parse_html(page)
    table = [r for r in doc.rows if r]
    assert len(table) == 5 and all(len(r) == 2 for r in table)
    text = "".join(doc.text)
    # the hostile text is shown, as text
    assert "<script>alert(3)</script>" in text
    assert "MIT | <b>GPL</b>" in text
    assert "line one line two | with pipe" in text
    hrefs = [a.get("href") for t, a in doc.tags if t == "a"]
    assert "https://example.org/a_b__init__.py" in hrefs and "docs/page.md" in hrefs
    assert "https://github.com/a/b/blob/v1/src/x/__init__.py#L1-L2" in hrefs


HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "<div onclick=alert(1)>x</div>",
    "text <img src=x onerror=alert(1)> more",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "![x](https://example.org/tracker.png)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<mailto:a@b.c> <a@b.c>",
    "<svg><script>alert(1)</script></svg>",
    "<!-- x --><iframe src=javascript:alert(1)></iframe>",
    "`<script>` and ``` <b> ```",
    "| a | b |\n|---|---|\n| <script>x</script> | [y](javascript:z) |",
]


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_raw_markdown_cannot_inject(source):
    """html.render sanitises on its own, whatever Markdown it is given."""
    _assert_safe(html.render(source, "t <script>"))


def test_title_is_escaped():
    assert "<title>a &lt;script&gt; &amp; b</title>" in html.render("x", "a <script> & b")


def test_reused_converter_gives_the_same_html_as_a_fresh_one():
    """to_html_fragment reuses one Markdown converter; nothing of one document leaks into the next."""
    from reportgen.render import html as html_module

    first = "Text[^a] and a [ref][r].\n\n[^a]: a footnote\n\n[r]: https://example.org/one\n"
    second = "Other text[^a] and [ref][r].\n\n[^a]: another note\n"
    html_module._CONVERTERS.clear()
    fresh = [html_module.to_html_fragment(first), html_module.to_html_fragment(second)]
    reused_second = html_module.to_html_fragment(second)
    assert reused_second == fresh[1]
    assert "example.org/one" not in fresh[1]
    html_module._CONVERTERS.clear()
    assert html_module.to_html_fragment(second) == fresh[1]
