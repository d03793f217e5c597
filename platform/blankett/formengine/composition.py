"""What the composition keywords of a schema mean for a form.

* ``enum``, or ``oneOf``/``anyOf`` whose branches are each a ``const`` (with a ``title``): a
  choice between values (radios, select, checkboxes) — :func:`choices`.
* ``oneOf``/``anyOf`` of object schemas: alternative sets of fields, chosen with radios —
  :func:`variants`, with the property that tells them apart from :func:`discriminator`.
* ``if``/``then``/``else``, ``dependentSchemas`` and draft-07 schema ``dependencies``:
  fields that apply only when a condition holds — :func:`conditional_groups`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .schemas import Schema, as_schema, deref, display, main_type


@dataclass(frozen=True)
class Choice:
    value: Any
    title: str | None = None


@dataclass(frozen=True)
class Variant:
    raw: Schema  # the branch as written (compiled into a validator to recognise answers)
    schema: Schema  # the branch for display
    title: str | None


@dataclass(frozen=True)
class Group:
    """Properties of ``schema`` apply when the object validates against ``test`` (or, with
    ``negate``, does not), or when property ``present`` is given."""

    schema: Schema
    test: Any = None
    negate: bool = False
    present: str | None = None


def const_of(schema: Schema) -> tuple[bool, Any]:
    """``(True, value)`` for ``{"const": value}`` or a one-value ``enum``."""
    if "const" in schema:
        return True, schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return True, enum[0]
    return False, None


def _title(schema: Schema) -> str | None:
    title = schema.get("title")
    return title if isinstance(title, str) and title.strip() else None


def _branches(root: Schema, schema: Schema, key: str) -> list[Schema] | None:
    listed = schema.get(key)
    if not isinstance(listed, list) or not listed:
        return None
    found = [deref(root, b) for b in listed if isinstance(b, Mapping)]
    return found if len(found) == len(listed) else None


def choices(root: Schema, schema: Schema) -> list[Choice] | None:
    """The values to choose between, or ``None`` when the schema is not a choice."""
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return [Choice(value) for value in enum]
    for key in ("oneOf", "anyOf"):
        branches = _branches(root, schema, key)
        if branches is None:
            continue
        found = []
        for branch in branches:
            fixed, value = const_of(branch)
            if not fixed:
                break
            found.append(Choice(value, _title(branch)))
        else:
            return found
    return None


def _is_object(schema: Schema) -> bool:
    return main_type(schema) == "object" or "properties" in schema


def variants(root: Schema, schema: Schema) -> list[Variant] | None:
    """Alternative object schemas under ``oneOf`` (or ``anyOf``), or ``None``."""
    for key in ("oneOf", "anyOf"):
        listed = schema.get(key)
        if not isinstance(listed, list) or len(listed) < 2:
            continue
        raws = [b for b in listed if isinstance(b, Mapping)]
        shown = [display(root, b) for b in raws]
        if len(raws) == len(listed) and all(_is_object(s) for s in shown):
            return [Variant(r, s, _title(s)) for r, s in zip(raws, shown, strict=True)]
    return None


def discriminator(root: Schema, schema: Schema, found: list[Variant]) -> str | None:
    """The property whose ``const`` differs in every variant (OpenAPI's ``discriminator``
    names it explicitly; otherwise the first such property)."""
    named = schema.get("discriminator")
    candidates: list[str] = []
    if isinstance(named, Mapping) and isinstance(named.get("propertyName"), str):
        candidates.append(named["propertyName"])
    first = found[0].schema.get("properties")
    candidates.extend(first if isinstance(first, Mapping) else ())
    for name in candidates:
        values = [discriminating_value(root, v, name) for v in found]
        if all(fixed for fixed, _ in values) and len({repr(v) for _, v in values}) == len(values):
            return name
    return None


def discriminating_value(root: Schema, variant: Variant, name: str) -> tuple[bool, Any]:
    properties = variant.schema.get("properties")
    value = as_schema(properties.get(name)) if isinstance(properties, Mapping) else None
    return const_of(display(root, value)) if value is not None else (False, None)


def _sources(root: Schema, schema: Schema, depth: int = 0) -> Iterator[Schema]:
    """The schema and its ``allOf`` branches (dereferenced), where conditionals may sit."""
    schema = deref(root, schema)
    yield schema
    all_of = schema.get("allOf")
    for branch in all_of if isinstance(all_of, list) and depth < 8 else ():
        if isinstance(branch, Mapping):
            yield from _sources(root, branch, depth + 1)


def conditional_groups(root: Schema, schema: Schema) -> list[Group]:
    """Every conditional set of properties of an object schema, in declaration order."""
    groups: list[Group] = []
    for source in _sources(root, schema):
        test = source.get("if")
        for key, negate in (("then", False), ("else", True)):
            branch = as_schema(source.get(key)) if key in source and "if" in source else None
            if branch:
                groups.append(Group(display(root, branch), test, negate))
        for key in ("dependentSchemas", "dependencies"):
            entries = source.get(key)
            for name, value in entries.items() if isinstance(entries, Mapping) else ():
                if isinstance(value, Mapping):
                    groups.append(Group(display(root, value), present=name))
    return groups
