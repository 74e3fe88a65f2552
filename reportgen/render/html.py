"""Markdown -> one standalone HTML page (embedded CSS), with all user text escaped.

Raw HTML never passes through: the Markdown parser's HTML block and inline HTML
handlers are switched off (so ``<script>`` comes out as text), and a final
tree pass keeps only http(s), relative and in-page links, drops event-handler
attributes, and turns images into plain links (a report never fetches
anything).
"""

from __future__ import annotations

import html as _html
import re
from importlib import resources

from reportgen.render.filters import is_safe_url

_COMMENT_LINE = re.compile(r"^<!--[^\n]*?-->[ \t]*$", re.MULTILINE)
_ALLOWED_ATTRS = {"href", "title", "id", "class", "align", "start", "colspan", "rowspan", "style", "rev", "rel"}


def stylesheet() -> str:
    """The CSS embedded in every report page (also used for the PDF)."""
    return resources.files("reportgen.render").joinpath("report.css").read_text("utf-8")


def _sanitizer_class():
    from markdown.treeprocessors import Treeprocessor

    class Sanitize(Treeprocessor):
        """Keep only safe links and attributes; images become links."""

        def run(self, root):
            for el in root.iter():
                if el.tag == "img":
                    src, alt, tail = el.get("src", ""), el.get("alt") or "image", el.tail
                    el.clear()
                    el.tag = "a" if src and is_safe_url(src) else "span"
                    if el.tag == "a":
                        el.set("href", src)
                    el.text, el.tail = alt, tail
            for el in root.iter():
                for name in list(el.attrib):
                    lowered = name.lower()
                    if lowered.startswith("on") or lowered not in _ALLOWED_ATTRS:
                        del el.attrib[name]
                    elif lowered == "style" and el.tag not in ("td", "th"):
                        del el.attrib[name]
                    elif lowered == "style" and not re.fullmatch(r"text-align:\s*(left|right|center);?", el.attrib[name]):
                        del el.attrib[name]
                href = el.get("href")
                if href is not None and not is_safe_url(href):
                    del el.attrib["href"]
                    if el.tag == "a":
                        el.tag = "span"
            return None

    return Sanitize


def _converter():
    """A Markdown converter set up for reports (tables, fenced code, footnotes; no raw HTML)."""
    import markdown

    md = markdown.Markdown(
        extensions=["tables", "fenced_code", "footnotes", "sane_lists"],
        output_format="html",
    )
    # Raw HTML in the source is shown as text, never passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("automail")
    md.treeprocessors.register(_sanitizer_class()(md), "reportgen-sanitize", 0)
    md.treeprocessors.register(_AnnotateHook(md), "reportgen-annotate", -1)
    return md


class _AnnotateHook:
    """Runs after the sanitizer: hands the finished tree to the caller's ``annotate`` (if any)."""

    def __init__(self, md):
        self.md = md
        self.annotate = None

    def run(self, root):
        if self.annotate is not None:
            self.annotate(root)
        return None


_CONVERTERS: list = []  # one idle converter, reused (setting one up costs more than a short conversion)


def to_html_fragment(markdown_text: str, annotate=None) -> str:
    """The body HTML for ``markdown_text``: tables, fenced code, footnotes; no raw HTML.

    ``annotate(root)``, if given, may change the sanitized element tree before it is
    written out (``reportgen preview`` marks table rows and chain steps with it); the
    text it adds is escaped like any other.
    """
    try:
        md = _CONVERTERS.pop()
    except IndexError:  # none idle (first use, or another thread has it)
        md = _converter()
    text = _COMMENT_LINE.sub("", markdown_text)
    hook = md.treeprocessors["reportgen-annotate"]
    hook.annotate = annotate
    try:
        return md.convert(text)
    finally:
        hook.annotate = None
        md.reset()  # forgets footnotes and references of this document
        _CONVERTERS.append(md)


def render(markdown_text: str, title: str) -> str:
    """A standalone HTML page for the report in ``markdown_text``."""
    body = to_html_fragment(markdown_text)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="reportgen">\n'
        f"<title>{_html.escape(title)}</title>\n"
        f"<style>\n{stylesheet()}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"{body}\n"
        "</main>\n</body>\n</html>\n"
    )
