"""RG105 link-mangled-path."""
import difflib
import re

from reportgen.lint.base import Rule
from reportgen.lint.registry import register

_INIT_LIKE = re.compile(r"^_{0,2}init_{0,2}\.?py$", re.I)


def mangled(path: str) -> tuple[str, str | None] | None:
    """(what is wrong, the likely real name or None) for a path that cannot be a real file."""
    name = path.rsplit("/", 1)[-1]
    if re.search(r"\s|\u200b|\u00a0|[\u2018\u2019\u201c\u201d]", path):
        return "the path holds spaces or typographic characters", re.sub(r"\s|\u200b|\u00a0", "", path)
    if _INIT_LIKE.match(name) and name != "__init__.py":
        return f"'{name}' looks like '__init__.py' mangled (underscores or dot lost)", "__init__.py"
    if re.match(r"^[\w.-]*[^.]py$", name) and not name.endswith(".py") and "." not in name:
        return f"'{name}' has lost the dot before 'py'", name[:-2].rstrip("_") + ".py" if not name.startswith("_") else None
    if name.endswith(".") or ".." in name:
        return f"'{name}' has a stray dot", None
    return None


@register
class LinkMangledPath(Rule):
    """Find file paths that cannot exist, as left by a word processor or a bad paste.

    ## What it does
    Reports names like `_initpy` or `init.py` (from `__init__.py`, with the underscores
    taken as italics or the dot lost), `servingpy`, and paths with spaces or curly quotes.
    The real file is suggested from the package's file list when the package is installed.

    ## Why is this bad
    The link opens GitHub's 404 page, so the step cites nothing.

    ## Example (bad)
    ```yaml
    - link: https://github.com/miguelgrinberg/flask-sock/blob/v0.7.0/src/flask_sock/_initpy#L30
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/miguelgrinberg/flask-sock/blob/v0.7.0/src/flask_sock/__init__.py#L30
    ```
    """

    code = "RG105"
    name = "link-mangled-path"

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind not in ("blob", "raw", "tree") or not link.path:
                continue
            found = mangled(link.path)
            if found is None:
                continue
            what, guess = found
            res = ctx.resolver.resolve(link, ctx.package_name()) if ctx.resolver else None
            names = [s.rsplit("/", 1)[-1] for s in (res.siblings if res else [])]
            if names:
                name = link.path.rsplit("/", 1)[-1]
                close = [g for g in ([guess] if guess else []) if g in names] or difflib.get_close_matches(name, names, n=1, cutoff=0.5)
                guess = close[0] if close else guess
            fix = None
            if guess:
                real = guess if "/" in guess else link.path.rsplit("/", 1)[0] + "/" + guess
                if res is not None and res.siblings and guess in names:
                    fix = link.url.replace(link.url.split("/blob/", 1)[-1].split("/", 1)[-1].split("#", 1)[0], real, 1) if "/blob/" in link.url else None
                what += f"; did you mean '{real.rsplit('/', 1)[-1]}'?"
            yield ctx.finding(self, info.path + ".link", what, fix=fix)
