"""Parse code-host URLs (GitHub first) into their parts, keeping every oddity seen.

A chain-of-calls link should look like
``https://github.com/OWNER/REPO/blob/REF/PATH#L10-L20``.  Real reports carry
every kind of damage: anchors pasted twice (``#L553-#L720``), the line number
fused into the file name (``app.py553``), text fragments (``#:~:text=``),
paths mangled by a word processor (``_initpy``).  :func:`parse` never raises;
it records what it saw so that each rule can judge one aspect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

#: Well-formed GitHub line anchors: L10, L10-L20, with optional columns (L10C5-L12C9).
ANCHOR_RE = re.compile(r"^L(\d+)(?:C(\d+))?(?:-L(\d+)(?:C(\d+))?)?$")
_SHA_RE = re.compile(r"^[0-9a-f]{7,40}$")
_URL_RE = re.compile(r"https?://[^\s<>()\[\]\"',]+", re.I)

#: Branch names that move; a link at one of them shows other code tomorrow.
BRANCH_NAMES = {
    "main", "master", "develop", "development", "dev", "trunk", "head", "default",
    "stable", "latest", "next", "canary", "nightly", "gh-pages", "release", "staging",
}
_VERSION_BRANCH_RES = (
    re.compile(r"^v?\d+(\.\d+)*\.x$", re.I),  # 2.2.x, 3.x
    re.compile(r"^\d+(\.\d+)*-(maintenance|maint|stable|branch)$", re.I),
    re.compile(r"^(maint|maintenance|stable|branch|release)[/-]v?\d+(\.\d+)*(\.x)?$", re.I),
)
#: Repositories whose branches are named like bare versions (cpython: 3.11 is a branch, v3.11.7 a tag).
_BARE_VERSION_BRANCH_REPOS = {"python/cpython"}


@dataclass
class Link:
    """One URL taken apart.  ``kind`` is 'blob', 'tree', 'raw', 'repo', 'other-github' or 'web'."""

    url: str
    host: str
    kind: str
    owner: str | None = None
    repo: str | None = None
    ref: str | None = None
    path: str | None = None  # repository path, '/'-separated, URL-decoded
    anchor: str | None = None  # the raw fragment, without '#'
    start: int | None = None
    end: int | None = None
    problems: list[str] = field(default_factory=list)  # anchor / path damage seen while parsing
    fused_line: int | None = None  # line number found glued to the file name (app.py553)

    @property
    def slug(self) -> str | None:
        return f"{self.owner}/{self.repo}".lower() if self.owner and self.repo else None

    @property
    def has_lines(self) -> bool:
        return self.start is not None

    @property
    def lines(self) -> tuple[int, int] | None:
        if self.start is None:
            return None
        return (self.start, self.end if self.end is not None else self.start)


def find_urls(text: str) -> list[str]:
    """Every http(s) URL in a piece of text, trailing punctuation trimmed."""
    return [u.rstrip(".;:") for u in _URL_RE.findall(text or "")]


def is_commit(ref: str | None) -> bool:
    return bool(ref) and bool(_SHA_RE.match(ref.lower()))


def branch_kind(ref: str | None, slug: str | None = None) -> str | None:
    """'branch' or 'version-branch' when ``ref`` names a moving branch, else None."""
    if not ref:
        return None
    low = ref.lower()
    if low in BRANCH_NAMES:
        return "branch"
    if any(rx.match(low) for rx in _VERSION_BRANCH_RES):
        return "version-branch"
    if slug in _BARE_VERSION_BRANCH_REPOS and re.match(r"^\d+\.\d+$", low):
        return "version-branch"
    return None


def parse_anchor(anchor: str) -> tuple[int | None, int | None, list[str]]:
    """Lines cited by a fragment and the problems seen in it."""
    problems: list[str] = []
    if not anchor:
        return None, None, problems
    m = ANCHOR_RE.match(anchor)
    if m:
        start = int(m.group(1))
        end = int(m.group(3)) if m.group(3) else None
        if end is not None and end < start:
            problems.append(f"range runs backwards (L{start} to L{end})")
        return start, end, problems
    if anchor.startswith(":~:") or "text=" in anchor:
        problems.append("a text fragment (#:~:text=) is not a line anchor")
        return None, None, problems
    # Damaged but readable forms: L553-#L720, LL54C1-L54C1, l10, L10-20, L10:L20, L10-L20-L30
    nums = [int(n) for n in re.findall(r"\d+(?=C\d+|\b|$|-|:)", re.sub(r"C\d+", "", anchor, flags=re.I))]
    if re.match(r"^#?L+\d", anchor, re.I) and nums:
        start = nums[0]
        end = nums[1] if len(nums) > 1 else None
        problems.append(f"damaged line anchor '#{anchor}'")
        if end is not None and end < start:
            problems.append(f"range runs backwards (L{start} to L{end})")
        return start, end, problems
    problems.append(f"'#{anchor}' is not a line anchor")
    return None, None, problems


def suggested_anchor(link: Link) -> str | None:
    """The well-formed anchor for a damaged one, when the lines are clear."""
    if link.start is None:
        return None
    start, end = link.start, link.end
    if end is not None and end < start:
        start, end = end, start
    return f"L{start}" if end is None or end == start else f"L{start}-L{end}"


@lru_cache(maxsize=4096)
def parse(url: str) -> Link:
    """Take a URL apart; never raises."""
    raw = url.strip()
    try:
        parts = urlsplit(raw if "://" in raw else "https://" + raw)
    except ValueError:
        return Link(url=url, host="", kind="web", problems=["not a URL"])
    host = (parts.hostname or "").lower()
    fragment = parts.fragment
    segments = [unquote(s) for s in parts.path.split("/") if s != ""]
    if host in ("github.com", "www.github.com"):
        link = Link(url=url, host="github.com", kind="other-github")
        if len(segments) >= 2:
            link.owner, link.repo = segments[0], segments[1]
            if link.repo.endswith(".git"):
                link.repo = link.repo[:-4]
        if len(segments) == 2:
            link.kind = "repo"
        elif len(segments) >= 4 and segments[2] in ("blob", "tree", "raw", "blame"):
            link.kind = "tree" if segments[2] == "tree" else "blob"
            link.ref = segments[3]
            link.path = "/".join(segments[4:]) or None
        elif len(segments) == 3 and segments[2] in ("tree", "blob"):
            link.kind = "repo"
    elif host == "raw.githubusercontent.com" and len(segments) >= 4:
        link = Link(url=url, host=host, kind="raw", owner=segments[0], repo=segments[1], ref=segments[2],
                    path="/".join(segments[3:]))
    else:
        return Link(url=url, host=host, kind="web", anchor=fragment or None, path=parts.path)
    if fragment:
        link.anchor = fragment
        link.start, link.end, link.problems = parse_anchor(fragment)
    if link.path:
        _check_fused_line(link)
    return link


def _check_fused_line(link: Link) -> None:
    """``serving.py553`` or ``serving.py#553``-style damage: a line number glued to the name."""
    name = link.path.rsplit("/", 1)[-1]
    m = re.match(r"^(.+\.[A-Za-z]{1,5}?)(?:L|:|#|%23)?L?(\d+)$", name)
    if m and re.search(r"\.(py|js|ts|jsx|tsx|go|rb|c|h|java|rs|pyx)$", m.group(1)):
        link.fused_line = int(m.group(2))
        link.problems.append(f"line number fused into the file name '{name}'")
        link.path = link.path[: -len(name)] + m.group(1)
        if link.start is None:
            link.start = link.fused_line


def line_anchor(start: int, end: int | None = None) -> str:
    """``L10`` or ``L10-L20``."""
    return f"L{start}" if end is None or end == start else f"L{start}-L{end}"


def relink(link: Link, ref: str | None = None, start: int | None = None, end: int | None = None) -> str:
    """The link's URL at another ref and/or other lines (``start`` given: the anchor is replaced)."""
    url = link.url
    if ref and link.ref and ref != link.ref:
        url = url.replace(f"/{link.ref}/", f"/{ref}/", 1)
    if start is not None:
        url = url.split("#", 1)[0] + "#" + line_anchor(start, end)
    return url


def repo_slug(url: str | None) -> str | None:
    """owner/repo (lower case) for a GitHub URL, else None."""
    if not url:
        return None
    link = parse(url)
    return link.slug if link.host in ("github.com", "raw.githubusercontent.com") else None
