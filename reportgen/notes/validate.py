"""A small validator for the subset of JSON Schema the notes schema uses.

The notes schema (``notes.schema.json``) is the single source of truth; this
module walks it for the keywords it uses (``type``, ``properties``,
``additionalProperties: false``, ``required``, ``minLength``, ``items``,
local ``$ref``).  A full JSON Schema library would do the same job, but its
import alone costs more than building a report; the tests check that the
``jsonschema`` package agrees with this validator on every example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}

_KNOWN = {"type", "properties", "additionalProperties", "required", "minLength", "items", "$ref",
          "description", "default", "examples", "title", "$schema", "$id", "$defs"}


@dataclass
class SchemaError:
    """One violation, shaped like ``jsonschema.ValidationError`` where the loader reads it."""

    validator: str
    validator_value: Any
    instance: Any
    schema: dict[str, Any]
    absolute_path: list[Any] = field(default_factory=list)

    @property
    def message(self) -> str:
        return f"fails '{self.validator}': {self.validator_value!r}"


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, not {ref}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def iter_errors(root: dict[str, Any], instance: Any, node: dict[str, Any] | None = None,
                path: tuple[Any, ...] = ()) -> Iterator[SchemaError]:
    """Yield every violation of ``instance`` against the schema ``root`` (or a sub-schema ``node``)."""
    node = _resolve(root, root if node is None else node)
    unknown = set(node) - _KNOWN
    if unknown:
        raise ValueError(f"schema keyword(s) not supported: {sorted(unknown)}")
    kind = node.get("type")
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else kind
        if not any(_TYPES[k](instance) for k in kinds):
            yield SchemaError("type", kind, instance, node, list(path))
            return
    if isinstance(instance, str) and "minLength" in node and len(instance) < node["minLength"]:
        yield SchemaError("minLength", node["minLength"], instance, node, list(path))
    if isinstance(instance, dict):
        props = node.get("properties", {})
        if node.get("additionalProperties") is False and any(k not in props for k in instance):
            yield SchemaError("additionalProperties", False, instance, node, list(path))
        missing = [k for k in node.get("required", []) if k not in instance]
        if missing:
            yield SchemaError("required", node["required"], instance, node, list(path))
        for key, value in instance.items():
            if key in props:
                yield from iter_errors(root, value, props[key], path + (key,))
    if isinstance(instance, list) and "items" in node:
        for index, item in enumerate(instance):
            yield from iter_errors(root, item, node["items"], path + (index,))
