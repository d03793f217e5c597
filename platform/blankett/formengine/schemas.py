"""Read a data schema the way the renderer needs it: the subschema behind a control's pointer.

Validation always uses the full ``jsonschema`` validator; this module only answers "what is
at ``/contact/email``?" for choosing and configuring widgets. It follows ``properties``, local
``$ref`` (into ``$defs`` or anywhere in the document) and the branches of ``allOf``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from . import pointers

Schema = Mapping[str, Any]

MAX_REF_DEPTH = 32


class SchemaLookupError(ValueError):
    """A ``$ref`` could not be followed."""


def deref(root: Schema, schema: Schema) -> Schema:
    """Follow ``$ref`` chains; keywords next to a ``$ref`` win over the target's."""
    seen = 0
    while isinstance(schema.get("$ref"), str):
        seen += 1
        if seen > MAX_REF_DEPTH:
            raise SchemaLookupError("$ref chain is too deep or circular")
        target = _local_target(root, schema["$ref"])
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**target, **siblings}
    return schema


def _local_target(root: Schema, ref: str) -> Schema:
    if not ref.startswith("#"):
        raise SchemaLookupError(f"only local $ref values ('#/$defs/...') are supported, not {ref!r}")
    try:
        target = pointers.get(root, pointers.split(unquote(ref[1:])))
    except pointers.PointerError as exc:
        raise SchemaLookupError(f"$ref {ref!r} is not a JSON Pointer: {exc}") from None
    if not isinstance(target, Mapping):
        raise SchemaLookupError(f"$ref {ref!r} does not point at a schema")
    return target


def _branches(root: Schema, schema: Schema) -> list[Schema]:
    """The schema itself plus its ``allOf`` branches, dereferenced."""
    schema = deref(root, schema)
    found = [schema]
    all_of = schema.get("allOf")
    for branch in all_of if isinstance(all_of, list) else ():
        if isinstance(branch, Mapping):
            found.extend(_branches(root, branch))
    return found


def child(root: Schema, schema: Schema, name: str) -> Schema | None:
    """The schema of property ``name`` of an object schema, or ``None``."""
    for branch in _branches(root, schema):
        properties = branch.get("properties")
        if isinstance(properties, Mapping) and isinstance(properties.get(name), Mapping):
            return deref(root, properties[name])
    return None


def resolve(root: Schema, segments: tuple[str, ...]) -> Schema | None:
    """The subschema at a data pointer, or ``None`` when no property matches."""
    schema: Schema | None = deref(root, root)
    for name in segments:
        if schema is None:
            return None
        schema = child(root, schema, name)
    return schema


def required_names(root: Schema, schema: Schema) -> set[str]:
    """Property names an object schema requires (including its ``allOf`` branches)."""
    names: set[str] = set()
    for branch in _branches(root, schema):
        required = branch.get("required")
        if isinstance(required, list):
            names.update(n for n in required if isinstance(n, str))
    return names


def is_required(root: Schema, segments: tuple[str, ...]) -> bool:
    """True when the value and every object around it are required."""
    schema: Schema | None = deref(root, root)
    for name in segments:
        if schema is None or name not in required_names(root, schema):
            return False
        schema = child(root, schema, name)
    return True


def property_names(root: Schema, schema: Schema) -> list[str]:
    """Property names of an object schema in definition order."""
    names: dict[str, None] = {}
    for branch in _branches(root, schema):
        properties = branch.get("properties")
        if isinstance(properties, Mapping):
            names.update(dict.fromkeys(properties))
    return list(names)


def main_type(schema: Schema) -> str | None:
    """``type``, or the first non-null entry of a type union."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None
