"""Load a notes file: YAML -> validated :class:`Notes`, errors with file:line:col.

The YAML is read with ruamel.yaml in round-trip mode, which keeps the position
of every key and value (and the comments, for tools that edit the file).  The
tree is checked against the published JSON Schema (``notes.schema.json``); the
first problem found is reported as one line pointing at the offending value.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reportgen.errors import Location, NotesError
from reportgen.notes.model import DEFAULT_TEMPLATE, General, Notes, Section, Step

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
        raise NotesError(f"YAML syntax error: {problem}", loc, "fix the YAML at this spot") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise NotesError(f"YAML error: {exc}", Location(path)) from None


def load_roundtrip(text: str) -> Any:
    """The round-trip tree (comments and quoting kept) for tools that edit notes in place."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml.load(text)


_BOOL = {"true", "false", "yes", "no", "on", "off"}


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


def _plain(node: Any, path: str, positions: dict[str, tuple[int, int]], file: str) -> Any:
    """Convert a composed node tree to plain Python values, recording the position of every value."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else key_node
            key = key if isinstance(key, str) else str(key)
            child = f"{path}.{key}" if path else key
            if key in out:
                raise NotesError(
                    f"duplicate key '{key}'", Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    "keep only one of them",
                )
            positions[child] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            positions["@key:" + child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _plain(value_node, child, positions, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_plain(item, child, positions, file))
        return items
    if node is None:
        return None
    try:
        return _scalar(node)
    except (yaml.YAMLError, ValueError) as exc:
        raise NotesError(
            f"cannot read this value: {exc}", Location(file, node.start_mark.line + 1, node.start_mark.column + 1),
            "quote it to make it text",
        ) from None


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


def _first_error(data: Any):
    from reportgen.notes.validate import iter_errors

    errors = sorted(iter_errors(schema(), data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    return errors[0] if errors else None


def _error_message(error, data: Any, positions: dict[str, tuple[int, int]], path: str) -> NotesError:
    where = _json_path(error.absolute_path)
    line, col = positions.get(where, positions.get("", (1, 1)))
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        key = extras[0]
        child = f"{where}.{key}" if where else key
        line, col = positions.get("@key:" + child, (line, col))
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(allowed)
        return NotesError(f"unknown key '{key}' in {where or 'the notes'}", Location(path, line, col), hint)
    if error.validator == "type":
        want = error.validator_value
        wants = [want] if isinstance(want, str) else list(want)
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wants)
        return NotesError(
            f"'{where}' must be {words}, not {_describe(error.instance)}",
            Location(path, line, col),
            "quote the value if it is meant as text" if "string" in wants else None,
        )
    if error.validator == "required":
        missing = [k for k in error.validator_value if not isinstance(error.instance, dict) or k not in error.instance]
        field = missing[0] if missing else "?"
        inside = where or "the notes"
        return NotesError(f"missing required key '{field}' in {inside}", Location(path, line, col), f"add '{field}:'")
    if error.validator == "minLength":
        return NotesError(f"'{where}' must not be empty", Location(path, line, col))
    return NotesError(f"'{where or 'notes'}': {error.message}", Location(path, line, col))


def load_text(text: str, path: str) -> Notes:
    """Validate notes given as text; ``path`` is used in messages."""
    tree = parse_yaml(text, path)
    positions: dict[str, tuple[int, int]] = {"": (1, 1)}
    data = _plain(tree, "", positions, path)
    if data is None:
        raise NotesError("the notes file is empty", Location(path, 1, 1), "start with 'technology: NAME'")
    if not isinstance(data, dict):
        raise NotesError(
            f"the notes must be a mapping of keys, not {_describe(data)}", Location(path, 1, 1),
            "start with 'technology: NAME'",
        )
    error = _first_error(data)
    if error is not None:
        raise _error_message(error, data, positions, path)
    general = data.get("general") or {}
    notes = Notes(
        path=path,
        technology=data["technology"],
        template=data.get("template") or DEFAULT_TEMPLATE,
        topic=data.get("topic"),
        package=data.get("package"),
        general=General(
            code_repository=general.get("code_repository"),
            license_type=general.get("license_type"),
            license_description=general.get("license_description"),
            license_restrictions=general.get("license_restrictions"),
            who_worked=list(general.get("who_worked") or []),
        ),
        sections=[
            Section(
                title=s.get("title"),
                purpose=s.get("purpose"),
                explanation=s.get("explanation"),
                chain=[Step(link=c["link"], symbol=c.get("symbol"), text=c.get("text") or "") for c in s.get("chain") or []],
            )
            for s in data.get("sections") or []
        ],
        positions=positions,
    )
    return notes


def load(path: str | Path) -> Notes:
    """Read and validate one notes file."""
    p = Path(path)
    display = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise NotesError("no such notes file", Location(display), "check the path") from None
    except IsADirectoryError:
        raise NotesError("is a folder, not a notes file", Location(display)) from None
    except PermissionError:
        raise NotesError("cannot read the notes file (permission denied)", Location(display)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise NotesError("the file is not UTF-8 text", Location(display, line, col), "save it as UTF-8") from None
    return load_text(text, display)


def find_notes(paths: list[str] | tuple[str, ...], default_dir: str = "reports") -> list[Path]:
    """Expand files and folders into the notes files to work on (folders: their *.yaml / *.yml)."""
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
            found.extend(sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file()))
        else:
            found.append(p)
    return found
