"""Jinja2 filters that turn note values into safe GitHub-flavoured Markdown.

Two kinds of user text reach a report:

* *plain values* (table cells, names, the technology): every character that
  Markdown would read as markup is escaped, line breaks are folded, and URLs
  become ``<url>`` autolinks left untouched (so ``__init__.py`` stays intact);
* *Markdown values* (explanations, step texts): the author's Markdown is kept,
  but raw HTML is neutralised and links with a scheme other than http(s) are
  reduced to their text.

The HTML stage sanitises again on its own (see :mod:`reportgen.render.html`);
these filters make the Markdown file itself clean and safe.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_URL_RE = re.compile(r"https?://[^\s<>\"'`|]+", re.IGNORECASE)
# Characters that trail a URL in prose rather than belong to it.
_URL_TRAIL = ".,;:!?)]}*_~"

#: inline-markup characters escaped with a backslash in plain values
_MD_SPECIAL = set("\\`*_[]|~#!")
_ENTITY_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _split_urls(text: str):
    """Yield (is_url, piece) for ``text``, with trailing punctuation kept out of URLs."""
    pos = 0
    for match in _URL_RE.finditer(text):
        url = match.group(0)
        # drop trailing punctuation, but keep a ')' that closes a '(' in the URL
        while url and url[-1] in _URL_TRAIL:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        start, end = match.start(), match.start() + len(url)
        if start > pos:
            yield False, text[pos:start]
        yield True, url
        pos = end
    if pos < len(text):
        yield False, text[pos:]


def md_url(url: str) -> str:
    """A URL made safe to put inside ``<...>`` or ``(...)`` in Markdown, otherwise unchanged.

    Only characters that would end or break the destination are percent-encoded;
    underscores and everything else stay as written.
    """
    url = str(url).strip()
    out = []
    for ch in url:
        if ch in " <>()|\\`\"" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def is_safe_url(url: str) -> bool:
    """True for http(s) URLs and relative references; False for any other scheme."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(str(url)))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    if match is None:
        return True
    return match.group(1).lower() in ("http", "https")


def _escape_plain(text: str) -> str:
    # '&' only needs care where it would start an entity such as &lt;
    text = _ENTITY_RE.sub(lambda m: "&amp;" + m.group(0)[1:], text)
    out = []
    for ch in text:
        if ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        else:
            out.append(ch)
    return "".join(out)


def md_escape(value) -> str:
    """Escape plain text for inline Markdown; URLs become ``<url>`` autolinks."""
    if value is None:
        return ""
    parts = []
    for is_url, piece in _split_urls(str(value)):
        parts.append(f"<{md_url(piece)}>" if is_url else _escape_plain(piece))
    return "".join(parts)


def md_cell(value) -> str:
    """Plain text for one table cell: one line, no markup, pipes escaped, URLs autolinked."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return md_escape(text)


def md_code(value) -> str:
    """An inline code span that holds ``value`` verbatim, whatever backticks it contains."""
    text = " ".join(str(value).splitlines())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link_label(url: str) -> str:
    """The short name of a code link: ``src/pkg/__init__.py#L553-L720`` for a repository file URL."""
    parts = urlsplit(str(url).strip())
    segments = [s for s in parts.path.split("/") if s]
    path = None
    # GitHub / Gitea: /owner/repo/blob/REF/path ; GitLab: /group/repo/-/blob/REF/path
    for marker in ("blob", "tree", "src"):
        if marker in segments:
            at = segments.index(marker)
            if at >= 2 and len(segments) > at + 2:
                path = "/".join(segments[at + 2 :])
                break
    if path is None:
        path = "/".join(segments) or parts.netloc or str(url)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def md_link(url, text=None) -> str:
    """A Markdown link to ``url``: ``[`label`](url)``; unsafe schemes give plain text only."""
    url = str(url).strip()
    if not is_safe_url(url):
        return md_code(text if text is not None else url)
    label = md_code(text if text is not None else link_label(url))
    return f"[{label}]({md_url(url)})"


def autolink(url) -> str:
    """``<url>`` for an http(s) URL, escaped plain text for anything else."""
    url = str(url).strip()
    if re.match(r"https?://", url, re.IGNORECASE):
        return f"<{md_url(url)}>"
    return md_escape(url)


# --- Markdown values -------------------------------------------------------

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK_RE = re.compile(r"<(https?://[^\s<>]*)>", re.IGNORECASE)
# [text](dest) with the destination's scheme captured
_LINK_RE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFDEF_RE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
_HTMLISH_RE = re.compile(r"[<>]")


def _clean_inline(text: str) -> str:
    """Neutralise raw HTML and unsafe links in Markdown outside code spans."""
    out = []
    pos = 0
    for match in _CODE_SPAN_RE.finditer(text):
        out.append(_clean_prose(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_clean_prose(text[pos:]))
    return "".join(out)


def _clean_prose(text: str) -> str:
    def fix_link(m: re.Match) -> str:
        bang, label, dest = m.group(1), m.group(2), m.group(3)
        if not is_safe_url(dest):
            return label
        if bang:  # images would be fetched from the network: keep a link instead
            return f"[{label or 'image'}]({dest})"
        return m.group(0)

    text = _LINK_RE.sub(fix_link, text)
    text = _REFDEF_RE.sub(lambda m: m.group(0) if is_safe_url(m.group(1)) else "", text)
    # keep <https://...> autolinks, escape every other angle bracket
    pieces = []
    pos = 0
    for m in _AUTOLINK_RE.finditer(text):
        pieces.append(_escape_angles(text[pos : m.start()]))
        pieces.append(f"<{md_url(m.group(1))}>")
        pos = m.end()
    pieces.append(_escape_angles(text[pos:]))
    return "".join(pieces)


def _escape_angles(text: str) -> str:
    # without '<' no HTML tag, comment or processing instruction can start
    return text.replace("<", "&lt;")


def md_text(value) -> str:
    """Markdown written in the notes, kept as Markdown but without raw HTML or unsafe links."""
    if value is None:
        return ""
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    out: list[str] = []
    block: list[str] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence is None:
            if match:
                out.append(_clean_inline("\n".join(block))) if block else None
                block = []
                fence = match.group(1)
                out.append(line)
            else:
                block.append(line)
        else:
            out.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
    if block:
        out.append(_clean_inline("\n".join(block)))
    return "\n".join(out).rstrip()


FILTERS = {
    "md_cell": md_cell,
    "md_text": md_text,
    "md_escape": md_escape,
    "md_code": md_code,
    "md_link": md_link,
    "md_url": md_url,
    "link_label": link_label,
    "autolink": autolink,
}
