"""Build controls from page elements and from the schema itself, reporting every problem.

An author's element (``{"type": "control", "path": "/contact/email", ...}``) becomes a
:class:`Control`; containers (fieldsets, repeatable sections, variants) then build their
children, inferring a control for each property the author did not list. Inferred controls
take their label from ``title`` (else the property name), their hint from ``description``
(else ``examples``), and their widget from the schema. Schema conditionals (``if``/``then``/
``else``, ``dependentSchemas``, draft-07 ``dependencies``) become conditions on the fields
they declare. A ``$ref`` may recur at most :data:`MAX_RECURSION` times along one path, so a
recursive schema (a person with children who are persons) renders a few levels deep.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from jsonschema.protocols import Validator

from . import composition, pointers, prefill, schemas, widgets
from .conditions import Condition, ConditionBuilder, Not, Test
from .definition import Content, Control, Element
from .inference import autocomplete_token, humanise, options_for, schema_hint
from .problems import Problems
from .schemas import Schema
from .texts import Text, text_problems

CONTENT_KINDS = ("heading", "paragraph", "inset", "details", "warning")
MAX_RECURSION = 3
MAX_DEPTH = 24


class Builder:
    """Builds the controls of one definition; see the module docstring."""

    def __init__(self, root: Schema, conditions: ConditionBuilder, problems: Problems) -> None:
        self.root = root
        self.conditions = conditions
        self.problems = problems
        self._refs: list[str] = []
        self._base: tuple[str, ...] = ()

    def compile(self, schema: Any) -> Validator:
        return self.conditions.compile(schema)

    @contextmanager
    def item_base(self, segments: tuple[str, ...]) -> Iterator[None]:
        """Element paths (and inline conditions) inside are relative to a repeat item."""
        outer, self._base = self._base, segments
        try:
            yield
        finally:
            self._base = outer

    # -- author elements ----------------------------------------------------------------

    def page_element(self, raw: Any, at: str) -> Element | None:
        if not isinstance(raw, Mapping):
            self.problems.add(at, "an element must be an object")
            return None
        kind = raw.get("type", "control")
        if kind == "content":
            return self.content(raw, at)
        if kind != "control":
            self.problems.add(at + "/type", f"unknown element type {kind!r}; use 'control' or 'content'")
            return None
        return self.element(raw, at)

    def content(self, raw: Mapping[str, Any], at: str) -> Content | None:
        kind = raw.get("kind", "paragraph")
        ok = self._text(raw.get("text"), at + "/text")
        if kind == "details":
            ok = self._text(raw.get("summary"), at + "/summary") and ok
        if kind not in CONTENT_KINDS:
            self.problems.add(
                at + "/kind", f"unknown content kind {kind!r}; use one of {', '.join(CONTENT_KINDS)}"
            )
            return None
        condition = self._show_if(raw, at)
        return Content(kind, raw["text"], raw.get("summary"), condition) if ok else None

    def _text(self, value: Any, at: str, *, required: bool = True) -> bool:
        found = text_problems(value, required=required)
        self.problems.extend(at, found)
        return not found

    def _show_if(self, raw: Mapping[str, Any], at: str) -> Condition | None:
        if "showIf" not in raw:
            return None
        return self.conditions.parse(raw["showIf"], at + "/showIf", self._base)

    def element(self, raw: Mapping[str, Any], at: str, base: tuple[str, ...] | None = None) -> Control | None:
        """A control written by a form author; its path is relative to the current item."""
        segments = self._segments(raw, at, self._base if base is None else base)
        texts_ok = self._texts(raw, at)
        if segments is None:
            return None
        schema = self._resolve(segments, at)
        if schema is None:
            return None
        widget = self._widget_name(raw.get("widget"), schema, segments, at)
        label = raw.get("label") or _title(schema)
        if label is None:
            self.problems.add(at + "/label", "a control needs a 'label' (or a 'title' in the schema)")
        if widget is None or label is None or not texts_ok:
            return None
        autocomplete = raw.get("autocomplete")
        if autocomplete is not None and not isinstance(autocomplete, str):
            self.problems.add(at + "/autocomplete", "must be a string such as 'email' or 'name'")
            autocomplete = None
        if autocomplete is None:
            autocomplete = autocomplete_token(segments, widget)
        control = Control(
            pointer=pointers.join(segments),
            segments=segments,
            widget=widget,
            label=label,
            schema=schema,
            required=schemas.is_required(self.root, segments),
            hint=raw.get("hint") or schema_hint(schema),
            short_label=raw.get("shortLabel"),
            options=options_for(self.root, schema, raw.get("options")),
            autocomplete=autocomplete,
            error_messages=raw.get("errorMessages") or {},
            condition=self._show_if(raw, at),
        )
        finished = self._finish(control, raw, at, report=True)
        if finished is not None and "prefill" in raw:
            self.problems.extend(at + "/prefill", prefill.check(finished, raw["prefill"]))
            finished = finished.but(prefill=raw["prefill"])
        return finished

    def _finish(self, control: Control, raw: Mapping[str, Any], at: str, *, report: bool) -> Control | None:
        kind = widgets.get(control.widget)
        control = kind.build(control, raw, self, at)
        found = kind.check(control)
        if report:
            self.problems.extend(at, found)
        return control if report or not found else None

    def _segments(self, raw: Mapping[str, Any], at: str, base: tuple[str, ...]) -> tuple[str, ...] | None:
        path = raw.get("path")
        if not isinstance(path, str):
            self.problems.add(at + "/path", "a control needs a 'path': a JSON Pointer into the data")
            return None
        try:
            segments = base + pointers.split(path)
        except pointers.PointerError as exc:
            self.problems.add(at + "/path", f"{path!r} is not a JSON Pointer: {exc}")
            return None
        if not segments:
            self.problems.add(at + "/path", "the path must point at a property, not the whole document")
            return None
        if segments[0].startswith("_"):
            self.problems.add(at + "/path", "top-level names starting with '_' are reserved for the engine")
            return None
        return segments

    def _resolve(self, segments: tuple[str, ...], at: str) -> Schema | None:
        try:
            found = schemas.resolve(self.root, segments)
        except schemas.SchemaLookupError as exc:
            self.problems.add(at + "/path", str(exc))
            return None
        if found is None:
            where = pointers.display(segments)
            self.problems.add(at + "/path", f"{where!r} is not a property in the schema")
        return found

    def _texts(self, raw: Mapping[str, Any], at: str) -> bool:
        ok = True
        for key in ("label", "hint", "shortLabel"):
            if key in raw:
                ok = self._text(raw[key], f"{at}/{key}") and ok
        for key in ("options", "errorMessages"):
            entries = raw.get(key)
            if entries is None:
                continue
            if not isinstance(entries, Mapping):
                self.problems.add(f"{at}/{key}", "must be an object of texts")
                ok = False
                continue
            for name, value in entries.items():
                ok = self._text(value, f"{at}/{key}{pointers.join([name])}") and ok
        return ok

    def _widget_name(self, named: Any, schema: Schema, segments: tuple[str, ...], at: str) -> str | None:
        if named is None:
            inferred = widgets.infer(schema, self.root)
            if inferred is None:
                where = pointers.display(segments)
                self.problems.add(at + "/path", f"no widget fits {where!r} yet; name one with 'widget'")
            return inferred
        if named not in widgets.names():
            self.problems.add(
                at + "/widget", f"unknown widget {named!r}; known: {', '.join(widgets.names())}"
            )
            return None
        return str(named)

    # -- inferred controls --------------------------------------------------------------

    def inferred(
        self,
        segments: tuple[str, ...],
        schema: Schema,
        at: str,
        *,
        label: Text | str,
        required: bool,
        condition: Condition | None = None,
    ) -> Control | None:
        """A control for a schema no author element describes (dropped if nothing fits)."""
        widget = widgets.infer(schema, self.root)
        if widget is None or len(segments) > MAX_DEPTH:
            return None
        control = Control(
            pointer=pointers.join(segments),
            segments=segments,
            widget=widget,
            label=_title(schema) or label,
            schema=schema,
            required=required,
            hint=schema_hint(schema),
            options=options_for(self.root, schema, None),
            autocomplete=autocomplete_token(segments, widget),
            condition=condition,
        )
        return self._finish(control, {}, at, report=False)

    def object_children(
        self,
        segments: tuple[str, ...],
        schema: Schema,
        at: str,
        *,
        required: bool,
        skip: frozenset[str] = frozenset(),
    ) -> tuple[Control, ...]:
        """A control for every property of an object schema, conditional ones included."""
        shown = schemas.display(self.root, schema)
        needed = schemas.required_names(self.root, shown)
        found: list[Control] = []
        seen = set(skip)
        for name in schemas.property_names(self.root, shown):
            if name in seen:
                continue
            seen.add(name)
            child = self._property(segments, shown, name, at, required and name in needed, None)
            found.extend([child] if child else [])
        for group in composition.conditional_groups(self.root, schema):
            condition = self._group_condition(segments, group)
            also = schemas.required_names(self.root, group.schema)
            for name in schemas.property_names(self.root, group.schema):
                if name not in seen:
                    seen.add(name)
                    child = self._property(
                        segments, group.schema, name, at, required and name in also, condition
                    )
                    found.extend([child] if child else [])
        return tuple(found)

    @contextmanager
    def descend(self, declared: Any) -> Iterator[bool]:
        """Enter a subschema as written; yields ``False`` past the recursion limit."""
        ref = declared.get("$ref") if isinstance(declared, Mapping) else None
        ref = ref if isinstance(ref, str) else ""
        if ref and self._refs.count(ref) >= MAX_RECURSION:
            yield False
            return
        self._refs.append(ref)
        try:
            yield True
        finally:
            self._refs.pop()

    def _property(
        self,
        segments: tuple[str, ...],
        parent: Schema,
        name: str,
        at: str,
        required: bool,
        condition: Condition | None,
    ) -> Control | None:
        declared = parent["properties"][name]
        schema = schemas.as_schema(declared)
        with self.descend(declared) as allowed:
            if not allowed or schema is None:
                return None
            try:
                shown = schemas.display(self.root, schema)
            except schemas.SchemaLookupError:
                return None  # reported once for the whole schema by the loader
            return self.inferred(
                (*segments, name), shown, at, label=humanise(name), required=required, condition=condition
            )

    def _group_condition(self, segments: tuple[str, ...], group: composition.Group) -> Condition:
        if group.present is not None:
            return Test((*segments, group.present))
        test: Condition = Test(segments, self.compile(group.test if group.test is not None else True))
        return Not(test) if group.negate else test


def _title(schema: Schema) -> str | None:
    title = schema.get("title")
    return title if isinstance(title, str) and title.strip() else None
