"""RG101 link-not-code."""
import re

from reportgen.lint import hosts
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules.rg002_placeholder_left import placeholder

_GH_NOT_CODE = {"issues": "an issue", "pull": "a pull request", "wiki": "the wiki", "releases": "a release page",
                "discussions": "a discussion", "commit": "a commit page", "commits": "a commit list",
                "actions": "CI runs", "compare": "a comparison", "tags": "the tag list", "search": "a search"}
_DOCS_FOLDER = re.compile(r"(^|/)(docs?|documentation)/", re.I)
_TEMPLATE_FOLDER = re.compile(r"(^|/)(templates?|static|public)/", re.I)


def _is_docs_file(path: str) -> bool:
    """A file of a docs folder, a Markdown/reST/text file, or an HTML page that is not an app's
    template or static page (``templates/layout.html`` is code the app renders)."""
    if _DOCS_FOLDER.search(path) or re.search(r"\.(md|rst|txt)$", path, re.I):
        return True
    return bool(re.search(r"\.html?$", path, re.I)) and not _TEMPLATE_FOLDER.search(path)


_WORDS = {"docs": "a documentation site", "q&a": "a Q&A site", "blog": "a blog/tutorial/video site",
          "other": "a page that is not a code host"}


@register
class LinkNotCode(Rule):
    """Find chain links that point at documentation, Q&A, blogs or other pages instead of code.

    ## What it does
    Checks each chain step's link: documentation sites (docs.python.org, *.readthedocs.io,
    *.github.io, flask.palletsprojects.com ...), Stack Overflow, Medium, GeeksforGeeks,
    videos, GitHub issue or release pages, folders and docs files are reported. An HTML
    file under `templates/` or `static/` (a Flask or Django template, the app's page) is
    code the app serves, not documentation.

    ## Why is this bad
    The chain of calls must show the code itself, at the lines that do the work;
    documentation describes the code but is not it.

    ## Example (bad)
    ```yaml
    chain:
      - link: https://werkzeug.palletsprojects.com/en/stable/serving/
    ```

    ## Use instead (good)
    ```yaml
    chain:
      - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L1020-L1100
    ```
    """

    code = "RG101"
    name = "link-not-code"

    def check(self, ctx):
        for info in ctx.steps():
            link, field = info.link, info.path + ".link"
            if not link.url.strip():
                continue
            if "://" not in link.url and placeholder(link.url):
                continue  # "TODO: permalink to app.py lines 10-11" is no page at all: RG002 reports it
            if link.host in ("github.com",):
                if link.kind == "other-github":
                    parts = link.url.split("github.com/", 1)[-1].split("/")
                    what = _GH_NOT_CODE.get(parts[2] if len(parts) > 2 else "", "a GitHub page that is not a file")
                    yield ctx.finding(self, field, f"link points at {what}, not at code")
                elif link.kind == "repo":
                    yield ctx.finding(self, field, "link points at the whole repository, not at a file and lines")
                elif link.kind == "tree":
                    yield ctx.finding(self, field, f"link points at a folder ('{link.path or '/'}'), not at a file")
                elif link.path and _is_docs_file(link.path):
                    yield ctx.finding(self, field, f"link points at documentation ('{link.path}'), not at code")
                continue
            cat = hosts.category(link.host)
            if cat != "code":
                yield ctx.finding(self, field, f"link points at {_WORDS[cat]} ({link.host}), not at the library's code")
