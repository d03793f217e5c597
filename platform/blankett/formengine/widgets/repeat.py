"""``repeat``: an array asked as a repeatable section (GOV.UK's "add another" without
JavaScript). Fixed positions (``prefixItems``) are the ``tuple`` widget in :mod:`.positions`.

A repeatable section shows one fieldset per item with a "Ta bort" button, and a "Lägg till"
button after them. Both are submit buttons posting back to the same page, named
:data:`ADD` and :data:`REMOVE` with the pointer of the section or item as value, so they work
without JavaScript and every answer on the page is read (and kept) first. Items are objects
(one control per property) or plain values (one control each); the item's controls may also
be listed in ``elements`` with paths relative to the item.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import pointers, schemas
from ..definition import Control
from ..raw import raw_input, shift_items
from ..schemas import Schema, main_type
from ..texts import Text, pair, text
from .base import FieldView, FormSource, Parsed, Widget
from .fieldset import is_object
from .registry import get, infer, widget

if TYPE_CHECKING:
    from ..building import Builder

ADD = "_add"
REMOVE = "_remove"
MAX_ITEMS = 100  # shown at most, whatever maxItems says
ADD_LABEL = pair("Lägg till", "Add")
ADD_ANOTHER_LABEL = pair("Lägg till en till", "Add another")
REMOVE_LABEL = pair("Ta bort", "Remove")


def with_index(label: Text | str) -> Text | str:
    if isinstance(label, str):
        return label + " {index}"
    return {lang: value + " {index}" for lang, value in label.items()}


def index_label(label: Text | str, number: int) -> Text | str:
    if isinstance(label, str):
        return label.replace("{index}", str(number))
    return {lang: value.replace("{index}", str(number)) for lang, value in label.items()}


def item_count(control: Control, answers: Mapping[str, Any]) -> int:
    """Items to show: those answered, plus a blank one asked for, at least ``minItems``."""
    value = pointers.get(answers, control.segments)
    count = len(value) if isinstance(value, list) else 0
    note = raw_input(answers, control.pointer) or {}
    count += 1 if note.get("blank") else 0
    least = control.schema.get("minItems")
    return min(max(count, least if isinstance(least, int) else 0), MAX_ITEMS)


def empty_item(item: Control) -> Any:
    """A new item: ``None`` for a plain value, else an object with the schema's defaults."""
    if item.settings.get("scalar"):
        return None
    return {c.segments[-1]: c.schema["default"] for c in item.children if "default" in c.schema}


@widget("repeat")
class Repeat(Widget):
    template = "repeat.html"
    inference_rank = 37
    parses = False

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return main_type(schema) == "array"

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        segments = (*control.segments, pointers.ITEM)
        declared = control.schema.get("items")
        item_schema = schemas.child(builder.root, control.schema, pointers.ITEM) or {}
        children: tuple[Control, ...] = ()
        scalar = not is_object(item_schema)
        # A plain object's fields go straight into the item; anything else (a value, variants,
        # an address) is one control that takes the item's title.
        single = scalar or infer(item_schema, builder.root) != "fieldset"
        title = raw.get("itemTitle") or with_index(control.label)
        with builder.descend(declared) as allowed:
            if allowed and isinstance(raw.get("elements"), list):
                children = _listed(raw["elements"], segments, builder, at)
                scalar = single = False
            elif allowed and not single:
                children = builder.object_children(segments, item_schema, at, required=True)
            elif allowed:
                inner = builder.inferred(segments, item_schema, at, label=title, required=True)
                children = (inner,) if inner else ()
        item = Control(
            pointer=pointers.join(segments),
            segments=segments,
            widget="repeat-item",
            label=title,
            schema=item_schema,
            required=True,
            children=children,
            settings={"scalar": scalar, "single": single},
        )
        settings = {"item": item, **{key: raw[key] for key in ("addLabel",) if key in raw}}
        return control.but(children=(item,), settings=settings)

    def check(self, control: Control) -> list[tuple[str, str]]:
        if main_type(control.schema) != "array":
            return [("/path", "the 'repeat' widget needs an array property")]
        if not control.settings["item"].children:
            return [("/path", "the items have nothing to ask for")]
        return []

    def expand(
        self, control: Control, answers: Mapping[str, Any]
    ) -> tuple[tuple[Control, ...], tuple[Control, ...]]:
        item = control.settings["item"]
        count = item_count(control, answers)
        least = control.schema.get("minItems")
        removable = count > (least if isinstance(least, int) else 0)
        shown = []
        for index in range(count):
            bound = item.bind((*control.segments, str(index)))
            label = index_label(item.label, index + 1)
            children = bound.children
            if item.settings.get("single"):
                children = tuple(c.but(label=label) for c in children)
            settings = {**item.settings, "index": index, "removable": removable}
            shown.append(bound.but(label=label, settings=settings, children=children))
        return tuple(shown), ()

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        """Make room for the items shown, so that their controls can be read into them."""
        if not control.children:
            return
        value = pointers.get(answers, control.segments)
        items = list(value) if isinstance(value, list) else []
        scalar = control.settings["item"].settings.get("scalar")
        for index in range(len(control.children)):
            if index >= len(items):
                items.append(None if scalar else {})
            elif not scalar and not isinstance(items[index], dict):
                items[index] = {}
        pointers.put(answers, control.segments, items)

    def finish(self, control: Control, answers: dict[str, Any], raw_store: dict[str, Any]) -> None:
        """Drop empty plain values (and an optional section left empty)."""
        raw_store.pop(control.pointer, None)  # a blank row was shown; it is read now
        value = pointers.get(answers, control.segments)
        if not isinstance(value, list):
            return
        scalar = bool(control.settings["item"].settings.get("scalar"))
        for index in reversed(range(len(value))):
            kept = f"{control.pointer}/{index}" in raw_store
            if scalar and value[index] is None and not kept:
                remove_item(answers, raw_store, control, index)
        value = pointers.get(answers, control.segments)
        typed = any(k.startswith(control.pointer + "/") for k in raw_store)
        if (
            isinstance(value, list)
            and all(v in ({}, None) for v in value)
            and not (control.required or typed)
        ):
            pointers.remove(answers, control.segments)

    def anchor(self, control: Control) -> str:
        for child in control.children:
            return get(child.widget).anchor(child)
        return f"{control.id}-add"

    def variables(self, view: FieldView) -> dict[str, Any]:
        control = view.control
        label = control.settings.get("addLabel") or (ADD_ANOTHER_LABEL if control.children else ADD_LABEL)
        return {"add_name": ADD, "can_add": self.can_add(control), "add_label": text(label, view.lang)}

    def shown_value(self, control: Control, value: Any, lang: str) -> str | None:
        return None if control.children else ""

    def add(self, control: Control, answers: dict[str, Any], raw_store: dict[str, Any]) -> None:
        """Add an empty item (the "Lägg till" button), within ``maxItems``."""
        if not self.can_add(control):
            return
        item = control.settings["item"]
        if item.settings.get("scalar"):
            raw_store[control.pointer] = {"blank": "1"}
            return
        value = pointers.get(answers, control.segments)
        items = value if isinstance(value, list) else []
        items.append(empty_item(item))
        pointers.put(answers, control.segments, items)

    def can_add(self, control: Control) -> bool:
        most = control.schema.get("maxItems")
        return len(control.children) < min(most if isinstance(most, int) else MAX_ITEMS, MAX_ITEMS)

    def remove(
        self, control: Control, index: int, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        """Remove item ``index`` (its "Ta bort" button); an empty list goes."""
        remove_item(answers, raw_store, control, index)
        if pointers.get(answers, control.segments) == []:
            pointers.remove(answers, control.segments)


def remove_item(answers: dict[str, Any], raw_store: dict[str, Any], control: Control, index: int) -> None:
    """Take item ``index`` out of the section's list, moving later items' raw input up."""
    value = pointers.get(answers, control.segments)
    if isinstance(value, list) and index < len(value):
        del value[index]
    shift_items(raw_store, control.pointer, index)


def _listed(listed: list[Any], segments: tuple[str, ...], builder: Builder, at: str) -> tuple[Control, ...]:
    found = []
    with builder.item_base(segments):
        for index, entry in enumerate(listed):
            where = f"{at}/elements/{index}"
            if not isinstance(entry, Mapping):
                builder.problems.add(where, "an element must be an object")
                continue
            child = builder.element(entry, where)
            if child is not None:
                found.append(child)
    return tuple(found)


@widget("repeat-item")
class RepeatItem(Widget):
    """One item of a repeatable section (built by ``repeat``, never named by authors)."""

    template = "repeat_item.html"
    parses = False

    def anchor(self, control: Control) -> str:
        for child in control.children:
            return get(child.widget).anchor(child)
        return control.id

    def variables(self, view: FieldView) -> dict[str, Any]:
        settings = view.control.settings
        return {
            "remove_name": REMOVE,
            "removable": settings.get("removable", False),
            "remove_label": text(REMOVE_LABEL, view.lang),
            "single": settings.get("single", False),
        }

    def parse(self, control: Control, form: FormSource) -> Parsed:  # pragma: no cover
        raise TypeError("items hold no value of their own")
