"""Finding report templates and running them in a strict Jinja2 environment.

Built-in templates (``cse312-v2``, ``cse312-v1``) are the files
``<name>.md.j2`` in the installed ``reportgen/templates`` folder (put there by
the wheel) or, in a source checkout, in the top-level ``templates/`` folder.
Any other template is a path to a Jinja2 file.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from reportgen.errors import Location, TemplateError

SUFFIX = ".md.j2"
DEFAULT = "cse312-v2"


def template_dirs() -> list[Path]:
    """Folders holding the built-in templates, the installed one first."""
    package = Path(__file__).resolve().parent.parent  # .../reportgen
    candidates = [package / "templates", package.parent / "templates"]
    return [d for d in candidates if d.is_dir()]


def builtin_names() -> list[str]:
    names: set[str] = set()
    for folder in template_dirs():
        names.update(p.name[: -len(SUFFIX)] for p in folder.glob("*" + SUFFIX) if not p.name.startswith("_"))
    return sorted(names)


def looks_like_path(spec: str) -> bool:
    return "/" in spec or "\\" in spec or spec.endswith((".j2", ".jinja", ".jinja2", ".md", ".tmpl"))


def resolve(spec: str, base_dir: str | Path = ".", where: Location | None = None) -> Path:
    """The template file for ``spec``: a built-in name, or a path relative to ``base_dir``.

    ``where`` is the place the spec was written (the notes' ``template:`` value), used in errors.
    """
    spec = str(spec).strip()
    if looks_like_path(spec):
        path = Path(spec).expanduser()
        if not path.is_absolute():
            path = Path(base_dir) / path
        if not path.is_file():
            shown = str(path)
            raise TemplateError(
                f"template file '{shown}' not found" + (" (relative to the notes file)" if where else ""),
                where,
                "give a path to a Jinja2 file, or a built-in name: " + ", ".join(builtin_names()),
            )
        return path
    for folder in template_dirs():
        candidate = folder / (spec + SUFFIX)
        if candidate.is_file():
            return candidate
    names = builtin_names()
    close = difflib.get_close_matches(spec, names, n=1, cutoff=0.6)
    if not names:
        hint = "the built-in templates are missing from this installation; reinstall reportgen"
    elif close:
        hint = f"did you mean '{close[0]}'?"
    else:
        hint = "built-in templates: " + ", ".join(names) + "; or give a path to a Jinja2 file"
    raise TemplateError(f"unknown template '{spec}'", where, hint)


def environment(template_path: Path):
    """A Jinja2 environment that loads ``template_path`` (and its includes) strictly.

    One environment per search path is kept for the life of the process, so a build of
    several reports compiles each included template once (Jinja2 reloads an include
    whose file changed, by its modification time).
    """
    search = (str(template_path.parent),) + tuple(str(d) for d in template_dirs() if d != template_path.parent)
    return _environment(search)


@lru_cache(maxsize=16)
def _environment(search: tuple[str, ...]):
    import jinja2

    from reportgen.render.filters import FILTERS

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(search)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def _template_line(exc: BaseException, files: set[str]) -> tuple[str, int] | None:
    """The innermost template frame of a rendering error: (file, line)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name in files or name.endswith((".j2", ".jinja", ".jinja2", ".tmpl")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


@lru_cache(maxsize=32)
def _compiled(env, source: str, name: str, filename: str):
    """The compiled code of a template's source (keyed by the text itself, so never stale)."""
    return env.compile(source, name=name, filename=filename)


def render_file(template_path: Path, context: dict) -> str:
    """Render the template at ``template_path``; every failure becomes a one-line TemplateError."""
    import jinja2

    env = environment(template_path)
    shown = str(template_path)
    try:
        source = template_path.read_text("utf-8")
    except UnicodeDecodeError:
        raise TemplateError("the template is not UTF-8 text", Location(shown), "save it as UTF-8") from None
    except OSError as exc:
        raise TemplateError(f"cannot read the template ({exc.strerror})", Location(shown)) from None
    try:
        template = env.template_class.from_code(
            env, _compiled(env, source, template_path.name, shown), env.make_globals(None), None
        )
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax error: {exc.message}",
            Location(exc.filename or shown, exc.lineno or 1, 1),
            "fix the Jinja2 syntax at this line",
        ) from None
    try:
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:  # in an included template
        raise TemplateError(
            f"template syntax error: {exc.message}", Location(exc.filename or shown, exc.lineno or 1, 1)
        ) from None
    except jinja2.TemplateNotFound as exc:
        where = _template_line(exc, {shown})
        loc = Location(where[0], where[1], 1) if where else Location(shown)
        raise TemplateError(f"template '{exc.name}' not found", loc, "includes are looked up next to the template") from None
    except jinja2.UndefinedError as exc:
        where = _template_line(exc, {shown})
        loc = Location(where[0], where[1], 1) if where else Location(shown)
        raise TemplateError(f"template error: {exc.message}", loc, "check the variable names the template uses") from None
    except TemplateError:
        raise
    except Exception as exc:  # a filter or expression failed inside the template
        where = _template_line(exc, {shown})
        loc = Location(where[0], where[1], 1) if where else Location(shown)
        kind = type(exc).__name__
        raise TemplateError(f"template failed: {kind}: {exc}", loc) from None
