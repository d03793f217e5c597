"""Turn the elements of a page into :class:`Control` and :class:`Content` objects, reporting
every problem (unknown path, missing text, widget that does not fit the schema)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import pointers, schemas, widgets
from .definition import Content, Control, Element, Option
from .problems import Problems
from .schemas import Schema
from .texts import Text, text_problems

CONTENT_KINDS = ("paragraph", "inset")


def build_element(raw: Any, at: str, root: Schema | None, problems: Problems) -> Element | None:
    """One page element, or ``None`` when it is too broken to use."""
    if not isinstance(raw, Mapping):
        problems.add(at, "an element must be an object")
        return None
    kind = raw.get("type", "control")
    if kind == "content":
        return _build_content(raw, at, problems)
    if kind != "control":
        problems.add(at + "/type", f"unknown element type {kind!r}; use 'control' or 'content'")
        return None
    return build_control(raw, at, root, problems)


def _build_content(raw: Mapping[str, Any], at: str, problems: Problems) -> Content | None:
    kind = raw.get("kind", "paragraph")
    ok = _check_text(raw.get("text"), at + "/text", problems)
    if kind not in CONTENT_KINDS:
        problems.add(at + "/kind", f"unknown content kind {kind!r}; use one of {', '.join(CONTENT_KINDS)}")
        return None
    return Content(kind, raw["text"]) if ok else None


def _check_text(value: Any, at: str, problems: Problems, *, required: bool = True) -> bool:
    found = text_problems(value, required=required)
    problems.extend(at, found)
    return not found


def _segments(raw: Mapping[str, Any], at: str, problems: Problems) -> tuple[str, ...] | None:
    path = raw.get("path")
    if not isinstance(path, str):
        problems.add(at + "/path", "a control needs a 'path': a JSON Pointer into the data")
        return None
    try:
        segments = pointers.split(path)
    except pointers.PointerError as exc:
        problems.add(at + "/path", f"{path!r} is not a JSON Pointer: {exc}")
        return None
    if not segments:
        problems.add(at + "/path", "the path must point at a property, not the whole document")
        return None
    if segments[0].startswith("_"):
        problems.add(at + "/path", "top-level names starting with '_' are reserved for the engine")
        return None
    return segments


def _resolve(root: Schema, segments: tuple[str, ...], at: str, problems: Problems) -> Schema | None:
    try:
        found = schemas.resolve(root, segments)
    except schemas.SchemaLookupError as exc:
        problems.add(at + "/path", str(exc))
        return None
    if found is None:
        problems.add(at + "/path", f"{pointers.join(segments)!r} is not a property in the schema")
    return found


def build_control(
    raw: Mapping[str, Any],
    at: str,
    root: Schema | None,
    problems: Problems,
    *,
    default_label: str | None = None,
) -> Control | None:
    """A control from an element written by a form author (or inferred for a fieldset)."""
    segments = _segments(raw, at, problems)
    texts_ok = _check_texts(raw, at, problems)
    if segments is None or root is None:
        return None
    schema = _resolve(root, segments, at, problems)
    if schema is None:
        return None
    widget = _widget_name(raw.get("widget"), schema, segments, at, problems)
    title = schema.get("title")
    label = raw.get("label") or (title if isinstance(title, str) else default_label)
    if label is None:
        problems.add(at + "/label", "a control needs a 'label' (or a 'title' in the schema)")
    if widget is None or label is None or not texts_ok:
        return None
    children: tuple[Control, ...] = ()
    if widget == "fieldset":
        children = _children(raw, segments, schema, at, root, problems)
    autocomplete = raw.get("autocomplete")
    if autocomplete is not None and not isinstance(autocomplete, str):
        problems.add(at + "/autocomplete", "must be a string such as 'email' or 'name'")
        autocomplete = None
    control = Control(
        pointer=pointers.join(segments),
        segments=segments,
        widget=widget,
        label=label,
        schema=schema,
        required=schemas.is_required(root, segments),
        hint=raw.get("hint"),
        short_label=raw.get("shortLabel"),
        options=_options(raw.get("options"), schema),
        autocomplete=autocomplete,
        error_messages=raw.get("errorMessages") or {},
        children=children,
    )
    problems.extend(at, widgets.get(widget).check(control))
    return control


def _check_texts(raw: Mapping[str, Any], at: str, problems: Problems) -> bool:
    ok = True
    for key in ("label", "hint", "shortLabel"):
        if key in raw:
            ok = _check_text(raw[key], f"{at}/{key}", problems) and ok
    for key in ("options", "errorMessages"):
        entries = raw.get(key)
        if entries is None:
            continue
        if not isinstance(entries, Mapping):
            problems.add(f"{at}/{key}", "must be an object of texts")
            ok = False
            continue
        for name, value in entries.items():
            ok = _check_text(value, f"{at}/{key}{pointers.join([name])}", problems) and ok
    return ok


def _widget_name(
    named: Any, schema: Schema, segments: tuple[str, ...], at: str, problems: Problems
) -> str | None:
    if named is None:
        inferred = widgets.infer(schema)
        if inferred is None:
            where = pointers.join(segments)
            problems.add(at + "/path", f"no widget fits {where!r} yet; name one with 'widget'")
        return inferred
    if named not in widgets.names():
        problems.add(at + "/widget", f"unknown widget {named!r}; known: {', '.join(widgets.names())}")
        return None
    return str(named)


def option_key(value: Any) -> str:
    """The HTML value for an enum value: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _options(raw: Mapping[str, Text] | None, schema: Schema) -> tuple[Option, ...]:
    enum = schema.get("enum")
    values = enum if isinstance(enum, list) else []
    if raw is not None:
        by_key = {option_key(v): v for v in values}
        return tuple(Option(by_key.get(key, key), key, label) for key, label in raw.items())
    return tuple(Option(v, option_key(v), option_key(v)) for v in values)


def _children(
    raw: Mapping[str, Any],
    segments: tuple[str, ...],
    schema: Schema,
    at: str,
    root: Schema,
    problems: Problems,
) -> tuple[Control, ...]:
    """Explicit ``elements`` under the object, else one inferred control per property."""
    listed = raw.get("elements")
    if listed is None:
        return tuple(_inferred_children(segments, schema, at, root, problems))
    if not isinstance(listed, list):
        problems.add(at + "/elements", "must be a list of controls")
        return ()
    found = []
    for index, entry in enumerate(listed):
        where = f"{at}/elements/{index}"
        child = build_control(entry, where, root, problems) if isinstance(entry, Mapping) else None
        if child is None:
            continue
        if child.segments[: len(segments)] != segments or len(child.segments) == len(segments):
            problems.add(where + "/path", f"must point inside {pointers.join(segments)!r}")
            continue
        found.append(child)
    return tuple(found)


def _inferred_children(
    segments: tuple[str, ...], schema: Schema, at: str, root: Schema, problems: Problems
) -> list[Control]:
    found = []
    for name in schemas.property_names(root, schema):
        path = pointers.join((*segments, name))
        child = build_control({"path": path}, at, root, problems, default_label=name)
        if child is not None:
            found.append(child)
    return found
