"""Load a notes file: YAML -> validated :class:`Notes`, errors with file:line:col.

The YAML is composed into a node tree, which keeps the position of every key
and value (tools that edit the file in place use :func:`load_roundtrip`, which
keeps the comments too).  The tree is checked against the published JSON Schema
(``notes.schema.json``).  :func:`load` / :func:`load_text` (used by build)
report the first problem as one line pointing at the offending value;
:func:`load_lenient` / :func:`load_text_lenient` (used by lint) return notes
built from everything usable together with every problem, each at its spot.
A key written with no value (``symbol:``) counts as absent in both.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reportgen.errors import Location, NotesError, NotesSchemaError
from reportgen.notes.model import DEFAULT_TEMPLATE, GENERAL_FIELDS, General, Notes, Section, Step

_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the notes format."""
    text = resources.files("reportgen.notes").joinpath("notes.schema.json").read_text("utf-8")
    return json.loads(text)


def _loader_class():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: str) -> Any:
    """Compose YAML text into a node tree (positions kept); syntax errors become a NotesError."""
    import yaml

    try:
        return yaml.compose(text, Loader=_loader_class())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        loc = Location(path, mark.line + 1, mark.column + 1) if mark is not None else Location(path)
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            raise NotesError("YAML syntax error: a tab character here; YAML indents with spaces only", loc,
                             "replace the tab with spaces") from None
        raise NotesError(f"YAML syntax error: {problem}", loc, "fix the YAML at this spot") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise NotesError(f"YAML error: {exc}", Location(path)) from None


def load_roundtrip(text: str) -> Any:
    """The round-trip tree (comments and quoting kept) for tools that edit notes in place."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml.load(text)


def _scalar(node: Any) -> Any:
    """Resolve a scalar node to a Python value with YAML 1.1 core rules (as safe_load would)."""
    import yaml

    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        return node.value
    constructor = yaml.SafeLoader.yaml_constructors.get(tag)
    if constructor is None:
        return node.value
    return constructor(yaml.SafeLoader(""), node)


class _Tree:
    """A composed node tree turned into plain Python values, with what was seen on the way.

    ``positions`` maps every field path (and ``@key:`` + path for its key) to (line, col);
    ``problems`` are the duplicate keys and unreadable values met, in file order.  A mapping
    entry written with no value (``symbol:``) is left out of the data, as if absent, but
    keeps its position (and its path in ``nulls``) so that rules can say it is empty.
    """

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[str, tuple[int, int]] = {"": (1, 1)}
        self.nulls: set[str] = set()
        self.problems: list[NotesError] = []

    def _at(self, node: Any) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def plain(self, node: Any, path: str = "") -> Any:
        import yaml

        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else key_node
                key = key if isinstance(key, str) else str(key)
                child = f"{path}.{key}" if path else key
                if key in out or child in self.nulls:
                    self.problems.append(NotesSchemaError(
                        f"duplicate key '{key}'", self._at(key_node), "keep only one of them", field=child))
                    continue
                key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                blank = isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and not value_node.style
                self.positions[child] = key_at if blank else (value_node.start_mark.line + 1,
                                                              value_node.start_mark.column + 1)
                self.positions["@key:" + child] = key_at
                value = self.plain(value_node, child)
                if value is None:
                    self.nulls.add(child)
                else:
                    out[key] = value
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = f"{path}[{index}]"
                self.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self.plain(item, child))
            return items
        if node is None:
            return None
        try:
            return _scalar(node)
        except (yaml.YAMLError, ValueError) as exc:
            self.problems.append(NotesSchemaError(
                f"cannot read this value: {exc}", self._at(node), "quote it to make it text", field=path))
            return node.value

    def report_repairs(self, repairs: "_Repairs") -> None:
        """Report what was repaired to read the file, and move positions back to the text as written."""
        shift = {line: (old, new) for line, old, new in repairs.tabs}

        def back(line: int, col: int) -> tuple[int, int]:
            if line not in shift:
                return line, col
            old, new = shift[line]
            return line, (col - (new - old) if col > new else min(col, old))

        self.positions = {k: back(*v) for k, v in self.positions.items()}
        for problem in self.problems:
            loc = problem.location
            if loc is not None and loc.line is not None:
                loc.line, loc.column = back(loc.line, loc.column or 1)
        for error, key, line, after_tabs in repairs.quoted:
            loc = error.location
            if after_tabs and loc is not None and loc.line is not None:
                loc.line, loc.column = back(loc.line, loc.column or 1)
            field = next((k[len("@key:"):] for k, v in self.positions.items()
                          if k.startswith("@key:") and v[0] == line and k.rsplit(".", 1)[-1] == key), "")
            problem = error.message.removeprefix("YAML syntax error: ")
            self.problems.append(NotesSchemaError(
                f"the value of '{key}' needs quotes: YAML reads part of it as syntax ({problem})", loc,
                f"put the text in quotes, or write '{key}: >-' and the text on the next lines, indented",
                field=field))
        self.problems += [NotesSchemaError("a tab indents this line; YAML indents with spaces only",
                                           Location(self.file, line, 1), "replace the tabs with spaces")
                          for line, _old, _new in repairs.tabs]
        self.problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0) if p.location else (0, 0))


@dataclass
class _Repairs:
    """What :func:`_read_repaired` changed to read a file YAML rejects."""

    #: lines whose leading tabs became spaces: (line, written indent length, expanded length)
    tabs: list[tuple[int, int, int]] = field(default_factory=list)
    #: one-line texts put in quotes: (the error YAML gave there, the key, its line, whether tabs
    #: were expanded before that error, so that its column counts them as spaces)
    quoted: list[tuple[NotesError, str, int, bool]] = field(default_factory=list)


_TAB_WIDTH = 4  # how most editors show a tab, so the indentation the writer saw
_ONE_LINE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>\S.*?)[ \t]*$")


@lru_cache(maxsize=1)
def _text_keys() -> frozenset[str]:
    """The keys of the notes format whose value is text (from the schema)."""
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and sub.get("type") == "string":
                    keys.add(key)
            for sub in node.values():
                walk(sub)

    walk(schema())
    return frozenset(keys)


def _quoted_line(line: str) -> tuple[str, str] | None:
    """``key: text`` with the text put in double quotes, and the key; None if it is not such a line."""
    match = _ONE_LINE.match(line)
    if match is None or match["key"] not in _text_keys():
        return None
    value = match["value"]
    if " #" in value:  # a trailing comment stays a comment
        value = value[: value.index(" #")].rstrip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        return None  # already quoted: the trouble is elsewhere
    start = match.start("value")
    return line[:start] + json.dumps(value, ensure_ascii=False), match["key"]


def _read_repaired(text: str, path: str, error: NotesError) -> tuple[Any, _Repairs] | None:
    """Read a file YAML rejects for the two slips hand-written notes make most, or None.

    Tabs in the indentation become spaces; a one-line text that YAML takes for syntax
    (``text: Flask: the app``, ``text: `run()` starts``, ``text: *args``, ``text: @app.route``)
    is put in quotes, one line at a time, only where YAML says the error is.  Anything else
    (or a repair that does not help) gives None: the file is not YAML.
    """
    lines = text.split("\n")
    repairs = _Repairs()
    tried: set[int] = set()
    for _attempt in range(len(lines) + 1):
        loc = error.location
        index = loc.line - 1 if loc is not None and loc.line else -1
        if "tab character" in error.message and not repairs.tabs:
            for i, line in enumerate(lines):
                n = len(line) - len(line.lstrip(" \t"))
                if "\t" in line[:n]:
                    indent = line[:n].expandtabs(_TAB_WIDTH)
                    lines[i] = indent + line[n:]
                    repairs.tabs.append((i + 1, n, len(indent)))
        elif 0 <= index < len(lines) and index not in tried:
            tried.add(index)
            fixed = _quoted_line(lines[index])
            if fixed is None:
                return None
            lines[index], key = fixed
            repairs.quoted.append((error, key, index + 1, bool(repairs.tabs)))
        else:
            return None
        try:
            return parse_yaml("\n".join(lines), path), repairs
        except NotesError as exc:
            error = exc
    return None


def _json_path(parts) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def _schema_errors(data: Any):
    """Every schema violation, outermost first (the strict loader reports the first)."""
    from reportgen.notes.validate import iter_errors

    return sorted(iter_errors(schema(), data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))


def _child(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _problems(error, tree: _Tree, path: str) -> list[NotesSchemaError]:
    """One violation as positioned problems (one per unknown or missing key)."""
    positions = tree.positions
    where = _json_path(error.absolute_path)
    line, col = positions.get(where, positions[""])
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for key in (k for k in error.instance if k not in allowed):
            kline, kcol = positions.get("@key:" + _child(where, key), (line, col))
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(allowed)
            out.append(NotesSchemaError(f"unknown key '{key}' in {where or 'the notes'}", Location(path, kline, kcol),
                                        hint, field=_child(where, key)))
        return out
    if error.validator == "type":
        want = error.validator_value
        wants = [want] if isinstance(want, str) else list(want)
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wants)
        return [NotesSchemaError(
            f"'{where}' must be {words}, not {_describe(error.instance)}", Location(path, line, col),
            "quote the value if it is meant as text" if "string" in wants else None, field=where,
        )]
    if error.validator == "required":
        out = []
        inside = where or "the notes"
        for key in (k for k in error.validator_value if not isinstance(error.instance, dict) or k not in error.instance):
            field = _child(where, key)
            if field in tree.nulls:
                kline, kcol = positions[field]
                out.append(NotesSchemaError(f"'{key}' has no value", Location(path, kline, kcol),
                                            f"write the {key} after '{key}:'", field=field))
            else:
                out.append(NotesSchemaError(f"missing required key '{key}' in {inside}", Location(path, line, col),
                                            f"add '{key}:'", field=field))
        return out
    if error.validator == "minLength":
        return [NotesSchemaError(f"'{where}' must not be empty", Location(path, line, col), field=where)]
    return [NotesSchemaError(f"'{where or 'notes'}': {error.message}", Location(path, line, col), field=where)]


def _text(value: Any) -> str | None:
    """A field's text, or None when it is not text (that was reported as a problem)."""
    return value if isinstance(value, str) else None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _lists_of_one(data: dict[str, Any], tree: _Tree) -> None:
    """``sections:`` or ``chain:`` written as one mapping (the ``- `` left out) becomes a list of one.

    The mistake is reported; the positions and the problems already found move to the
    ``[0]`` paths, so that the schema then checks what is inside.
    """
    def wrap(holder: dict[str, Any], key: str, path: str) -> None:
        if not isinstance(holder.get(key), dict):
            return
        holder[key] = [holder[key]]
        for old in [k for k in tree.positions if k.startswith(path + ".") or k.startswith("@key:" + path + ".")]:
            head, _, tail = old.partition(path + ".")
            tree.positions[f"{head}{path}[0].{tail}"] = tree.positions.pop(old)
        tree.positions[f"{path}[0]"] = tree.positions[path]
        for problem in tree.problems:
            if getattr(problem, "field", "").startswith(path + "."):
                problem.field = f"{path}[0]." + problem.field[len(path) + 1:]
        line, col = tree.positions[path]
        tree.problems.append(NotesSchemaError(
            f"'{path}' must be a list, not a mapping", Location(tree.file, line, col),
            f"write '- ' before the first key of each {'section' if key == 'sections' else 'step'}", field=path))

    wrap(data, "sections", "sections")
    for si, section in enumerate(data.get("sections") or []):
        if isinstance(section, dict):
            wrap(section, "chain", f"sections[{si}].chain")


def _looks_like_link(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://", "www.", "github.com/"))


def _step(value: Any) -> Step:
    if isinstance(value, str):  # a bare '- https://...' item: the link, or else the text, of a step
        return Step(link=value.strip(), text="") if _looks_like_link(value) else Step(link="", text=value)
    item = value if isinstance(value, dict) else {}
    symbol = _text(item.get("symbol"))
    return Step(
        link=_text(item.get("link")) or "",
        symbol=symbol if symbol and symbol.strip() else None,
        text=_text(item.get("text")) or "",
    )


def _section(value: Any) -> Section:
    item = value if isinstance(value, dict) else {}
    chain = _as_list(item.get("chain"))
    return Section(
        title=_text(item.get("title")),
        purpose=_text(item.get("purpose")),
        explanation=_text(item.get("explanation")),
        chain=[_step(c) for c in chain],
    )


def _build(data: dict[str, Any], tree: _Tree, path: str, problems: list[NotesError]) -> Notes:
    """Notes from whatever in ``data`` has a usable shape; the rest was reported in ``problems``."""
    general = data.get("general") if isinstance(data.get("general"), dict) else {}
    who = general.get("who_worked")
    who = who if isinstance(who, list) else ([who] if who is not None else [])
    sections = _as_list(data.get("sections"))
    template = _text(data.get("template"))
    return Notes(
        path=path,
        technology=_text(data.get("technology")) or "",
        template=template if template and template.strip() else DEFAULT_TEMPLATE,
        topic=_text(data.get("topic")),
        package=_text(data.get("package")) or None,
        general=General(**{k: _text(general.get(k)) for k in GENERAL_FIELDS},
                        who_worked=[w for w in who if isinstance(w, str)]),
        sections=[_section(s) for s in sections],
        positions=tree.positions,
        problems=problems,
    )


def load_text_lenient(text: str, path: str) -> tuple[Notes | None, list[NotesError]]:
    """Notes from everything usable in ``text``, and every problem with the notes format.

    Each problem is a :class:`~reportgen.errors.NotesSchemaError` at its line and column, with
    the field path it is about.  Unknown keys and values of the wrong type are left out
    (one mapping where a list belongs counts as a list of one; a bare text step is its link
    or its text), a key with no value counts as absent, a missing ``technology`` is "".
    Tabs in the indentation and one-line texts YAML takes for syntax are repaired to read
    the file (and reported).  Notes is None only when the text is still not YAML, is
    empty, or is not a mapping of keys; the one problem then says why.
    """
    try:
        node, repairs = parse_yaml(text, path), _Repairs()
    except NotesError as exc:
        repaired = _read_repaired(text, path, exc)
        if repaired is None:
            return None, [exc]
        node, repairs = repaired
    tree = _Tree(path)
    data = tree.plain(node)
    tree.report_repairs(repairs)
    if data is None:
        return None, [NotesError("the notes file is empty", Location(path, 1, 1), "start with 'technology: NAME'")]
    if not isinstance(data, dict):
        return None, [NotesError(f"the notes must be a mapping of keys, not {_describe(data)}", Location(path, 1, 1),
                                 "start with 'technology: NAME'")]
    _lists_of_one(data, tree)
    problems: list[NotesError] = list(tree.problems)
    for error in _schema_errors(data):
        problems.extend(_problems(error, tree, path))
    return _build(data, tree, path, problems), problems


def load_text(text: str, path: str) -> Notes:
    """Validate notes given as text; ``path`` is used in messages.  The first problem is raised."""
    notes, problems = load_text_lenient(text, path)
    if problems:
        raise problems[0]
    return notes


def _read_text(p: Path, display: str) -> str:
    """The file's text; unreadable files raise, a file that is not UTF-8 raises with its position."""
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise NotesError("no such notes file", Location(display), "check the path") from None
    except IsADirectoryError:
        raise NotesError("is a folder, not a notes file", Location(display)) from None
    except PermissionError:
        raise NotesError("cannot read the notes file (permission denied)", Location(display)) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise NotesError("the file is not UTF-8 text", Location(display, line, col), "save it as UTF-8") from None


def load_lenient(path: str | Path) -> tuple[Notes | None, list[NotesError]]:
    """Read one notes file as :func:`load_text_lenient` does.

    A file that cannot be read raises :class:`NotesError` (no line); one that is not UTF-8
    comes back as (None, [its error]).
    """
    display = str(path)
    try:
        text = _read_text(Path(path), display)
    except NotesError as exc:
        if exc.location is not None and exc.location.line is not None:
            return None, [exc]
        raise
    return load_text_lenient(text, display)


def load(path: str | Path) -> Notes:
    """Read and validate one notes file (the first problem is raised)."""
    return load_text(_read_text(Path(path), str(path)), str(path))


def find_notes(paths: list[str] | tuple[str, ...], default_dir: str = "reports") -> list[Path]:
    """Expand files and folders into the notes files to work on.

    A folder gives its ``*.yaml`` / ``*.yml`` files, less the recorded traces saved
    beside the notes (``*.trace.yaml``, see :mod:`reportgen.trace.model`).
    """
    from reportgen.trace.model import SUFFIX as trace_suffix

    if not paths:
        if not Path(default_dir).is_dir():
            raise NotesError(
                f"no {default_dir}/ folder here", hint="run in your project's root, or name the notes files"
            )
        paths = (default_dir,)
    found: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found.extend(
                sorted(
                    q
                    for q in p.iterdir()
                    if q.suffix in (".yaml", ".yml") and not q.name.endswith(trace_suffix) and q.is_file()
                )
            )
        else:
            found.append(p)
    return found
