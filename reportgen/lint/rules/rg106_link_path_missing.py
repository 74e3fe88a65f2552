"""RG106 link-path-missing."""
import difflib

from reportgen.lint import links as _links
from reportgen.lint.base import Rule
from reportgen.lint.registry import register
from reportgen.lint.rules.rg105_link_mangled_path import mangled


@register
class LinkPathMissing(Rule):
    """Find links to files that do not exist in the library at that version.

    ## What it does
    Maps the link to the installed package's files (its RECORD) when the link's tag is
    the installed version, to the standard library for python/cpython links, or, with
    `--online`, asks the code host for the file at that ref. A file that is not there is
    reported with the closest real file name. A link on a branch (`master`, `main`) to
    `flask_socketio/__init__.py` in a repository that keeps its code under `src/`
    (`prefix` in tag_formats.toml) names a path the branch no longer has: it is reported
    with the `src/` path, pinned to the installed version's tag, as fix.

    ## Why is this bad
    The link opens a 404 page; often the file was renamed or moved between versions
    (werkzeug's `wsgi.py` code moved to `sansio/`), so the text describes code the reader
    cannot find.

    ## Example (bad)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/servering.py#L10
    ```

    ## Use instead (good)
    ```yaml
    - link: https://github.com/pallets/werkzeug/blob/3.1.3/src/werkzeug/serving.py#L10
    ```
    """

    code = "RG106"
    name = "link-path-missing"
    needs_source = True

    def check(self, ctx):
        for info in ctx.steps():
            link = info.link
            if link.kind not in ("blob", "raw") or not link.path or mangled(link.path):
                continue
            res = ctx.resolve(link)
            if not res.missing:
                continue
            if res.moved_to:
                tag, path = res.moved_to
                fix = _links.relink(link, ref=tag).replace(f"/{tag}/{link.path}", f"/{tag}/{path}", 1)
                yield ctx.finding(self, info.path + ".link", f"'{link.path}' does not exist in {res.missing_where}; "
                                  f"the file is '{path}'", fix=fix)
                continue
            name = link.path.rsplit("/", 1)[-1]
            names = [s.rsplit("/", 1)[-1] for s in res.siblings]
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            yield ctx.finding(self, info.path + ".link", f"'{link.path}' does not exist in {res.missing_where}{hint}")
