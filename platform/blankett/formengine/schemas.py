"""Read a data schema the way the renderer needs it: the subschema behind a control's pointer.

Validation always uses the full ``jsonschema`` validator; this module only answers "what is
at ``/contact/email``?" for choosing and configuring widgets. It follows ``properties``, array
positions (``prefixItems``, ``items``, draft-07 tuple ``items`` and ``additionalItems``), local
``$ref`` (into ``$defs``, ``definitions`` or anywhere in the document), the branches of
``allOf`` (merged for display), and the conditional and alternative branches (``then``,
``else``, ``dependentSchemas``, draft-07 ``dependencies``, ``oneOf``/``anyOf``) where a
property may be declared only there. The one ``$ref`` that may leave the document is to the
schemas the platform ships (:data:`SHIPPED`: the file reference a ``file`` answer holds).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import unquote

from . import pointers

Schema = Mapping[str, Any]

MAX_REF_DEPTH = 32
_CONDITIONAL = ("if", "then", "else", "dependentSchemas", "dependencies")


FILE_REFERENCE_ID = "https://blankett.se/schemas/file-reference/v1.json"
SHIPPED = {FILE_REFERENCE_ID: "file-reference-v1.json"}  # $id -> file in schema/


class SchemaLookupError(ValueError):
    """A ``$ref`` could not be followed."""


@cache
def shipped_schema(schema_id: str) -> Mapping[str, Any]:
    """A schema the platform ships, by its ``$id`` (see :data:`SHIPPED`)."""
    name = SHIPPED[schema_id]
    loaded: Mapping[str, Any] = json.loads(
        resources.files("blankett.formengine").joinpath("schema", name).read_text("utf-8")
    )
    return loaded


def as_schema(value: Any) -> Schema | None:
    """A subschema as a mapping: ``true`` is ``{}``, ``false`` (nothing allowed) is ``None``."""
    if isinstance(value, Mapping):
        return value
    return {} if value is True else None


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
    if ref.rstrip("#") in SHIPPED:
        return shipped_schema(ref.rstrip("#"))
    if not ref.startswith("#"):
        raise SchemaLookupError(
            f"only local $ref values ('#/$defs/...') and {FILE_REFERENCE_ID} are supported, not {ref!r}"
        )
    if len(ref) > 1 and not ref.startswith("#/"):
        found = _anchor(root, ref[1:])
        if found is None:
            raise SchemaLookupError(
                f"$ref {ref!r} names no $anchor (or draft-07 '$id': {ref!r}) in the schema"
            )
        return found
    try:
        target = pointers.get(root, pointers.split(unquote(ref[1:])))
    except pointers.PointerError as exc:
        raise SchemaLookupError(f"$ref {ref!r} is not a JSON Pointer: {exc}") from None
    found = as_schema(target)
    if found is None:
        raise SchemaLookupError(f"$ref {ref!r} does not point at a schema")
    return found


def _anchor(node: Any, name: str, depth: int = 0) -> Schema | None:
    """The subschema with ``"$anchor": name`` (or draft-07 ``"$id": "#name"``)."""
    if isinstance(node, Mapping):
        if node.get("$anchor") == name or node.get("$id") == "#" + name:
            return node
        children: Any = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children if depth < 64 else ():
        found = _anchor(child, name, depth + 1)
        if found is not None:
            return found
    return None


def display(root: Schema, schema: Schema, _depth: int = 0) -> Schema:
    """The schema as one mapping for display: ``$ref`` followed, ``allOf`` branches merged in
    (the first declaration of a keyword wins; ``properties`` and ``required`` are united), and a
    nullable ``anyOf``/``oneOf`` pair (``[X, {"type": "null"}]``) read as X that allows null.
    ``allOf`` itself stays, so that the conditionals of each branch can still be found."""
    schema = deref(root, schema)
    if _depth > MAX_REF_DEPTH:
        return schema
    merged: dict[str, Any] = dict(schema)
    all_of = schema.get("allOf")
    branches = [as_schema(b) for b in all_of] if isinstance(all_of, list) else []
    nullable = _nullable_branch(root, schema)
    if nullable is not None:
        merged.pop("anyOf", None)
        merged.pop("oneOf", None)
        branches.append(nullable)
    for branch in branches:
        if branch is not None:
            _merge(merged, display(root, branch, _depth + 1))
    kinds = types(merged)
    if nullable is not None and kinds and "null" not in kinds:
        merged["type"] = [*kinds, "null"]
    return merged


def _merge(into: dict[str, Any], branch: Schema) -> None:
    for key, value in branch.items():
        if key in _CONDITIONAL or key == "allOf":
            continue  # read from each branch by composition.conditional_groups
        if key == "properties" and isinstance(value, Mapping):
            known = into.get("properties") or {}
            into["properties"] = {**known, **{k: v for k, v in value.items() if k not in known}}
        elif key == "required" and isinstance(value, list):
            into["required"] = list(dict.fromkeys([*(into.get("required") or []), *value]))
        else:
            into.setdefault(key, value)


def _nullable_branch(root: Schema, schema: Schema) -> Schema | None:
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if not (isinstance(branches, list) and len(branches) == 2):
            continue
        resolved = [deref(root, b) if isinstance(b, Mapping) else None for b in branches]
        nulls = [b for b in resolved if b is not None and b.get("type") == "null"]
        others = [b for b in resolved if b is not None and b.get("type") != "null"]
        if len(nulls) == 1 and len(others) == 1:
            return others[0]
    return None


def alternatives(root: Schema, schema: Schema, _depth: int = 0) -> Iterator[Schema]:
    """Branches that may declare more properties: conditional and alternative subschemas,
    also those inside ``allOf`` branches."""
    for key in ("then", "else"):
        found = as_schema(schema.get(key)) if key in schema else None
        if found:
            yield found
    for key in ("dependentSchemas", "dependencies"):
        entries = schema.get(key)
        for value in entries.values() if isinstance(entries, Mapping) else ():
            if isinstance(value, Mapping):
                yield value
    for key in ("oneOf", "anyOf", "allOf"):
        branches = schema.get(key)
        for value in branches if isinstance(branches, list) else ():
            if isinstance(value, Mapping) and key != "allOf":
                yield value
            elif isinstance(value, Mapping) and _depth < 8:
                yield from alternatives(root, deref(root, value), _depth + 1)


def child(root: Schema, schema: Schema, name: str, _depth: int = 0) -> Schema | None:
    """The display schema of property (or array position) ``name``, or ``None``."""
    schema = display(root, schema)
    if main_type(schema) == "array" or "items" in schema or "prefixItems" in schema:
        return _position(root, schema, name)
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and name in properties:
        found = as_schema(properties[name])
        return display(root, found) if found is not None else None
    if _depth < 8:
        for branch in alternatives(root, schema):
            found = child(root, branch, name, _depth + 1)
            if found is not None:
                return found
    return None


def _position(root: Schema, schema: Schema, name: str) -> Schema | None:
    prefix = prefix_items(schema)
    if name.isdecimal() and int(name) < len(prefix):
        found = as_schema(prefix[int(name)])
    elif name.isdecimal() or name == pointers.ITEM:
        found = item_schema(schema)
    else:
        return None
    return display(root, found) if found is not None else None


def prefix_items(schema: Schema) -> list[Any]:
    """Fixed positions: ``prefixItems`` (2020-12) or a list under ``items`` (draft-07)."""
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list):
        return prefix
    items = schema.get("items")
    return items if isinstance(items, list) else []


def item_schema(schema: Schema) -> Schema | None:
    """The schema of items after the fixed positions (``items``, draft-07 ``additionalItems``)."""
    items = schema.get("items")
    if isinstance(items, list):
        return as_schema(schema.get("additionalItems", True))
    return as_schema(items) if "items" in schema else {}


def resolve(root: Schema, segments: tuple[str, ...]) -> Schema | None:
    """The display subschema at a data pointer, or ``None`` when no property matches."""
    schema: Schema | None = display(root, root)
    for name in segments:
        if schema is None:
            return None
        schema = child(root, schema, name)
    return schema


def required_names(root: Schema, schema: Schema) -> set[str]:
    """Property names an object schema requires (including its ``allOf`` branches)."""
    required = display(root, schema).get("required")
    return {n for n in required if isinstance(n, str)} if isinstance(required, list) else set()


def is_required(root: Schema, segments: tuple[str, ...]) -> bool:
    """True when the value and every object around it are required (an array item is
    required once it exists)."""
    schema: Schema | None = display(root, root)
    for name in segments:
        if schema is None:
            return False
        is_array = main_type(schema) == "array"
        if not is_array and name not in required_names(root, schema):
            return False
        schema = child(root, schema, name)
    return True


def property_names(root: Schema, schema: Schema) -> list[str]:
    """Property names of an object schema in definition order (``allOf`` included)."""
    properties = display(root, schema).get("properties")
    return [n for n, v in properties.items() if v is not False] if isinstance(properties, Mapping) else []


def types(schema: Schema) -> tuple[str, ...]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return (kind,)
    return tuple(k for k in kind if isinstance(k, str)) if isinstance(kind, list) else ()


def main_type(schema: Schema) -> str | None:
    """``type``, or the first non-null entry of a type union."""
    return next((k for k in types(schema) if k != "null"), None)


def allows_null(schema: Schema) -> bool:
    return "null" in types(schema)
