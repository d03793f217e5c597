"""``select`` (one of many, as a native ``<select>`` that an autocomplete script can enhance)
and ``checkboxes`` (several of a list: an array whose items are choices)."""

from __future__ import annotations

from typing import Any

from .. import composition
from ..definition import Control
from ..schemas import Schema, display, item_schema, main_type
from .base import FieldView, FormSource, Parsed, Widget, form_list
from .choice import (
    CHOICE_ALIASES,
    MANY,
    Radios,
    choose,
    option_items,
    option_label,
    option_problems,
    same_value,
)
from .registry import widget


@widget("select")
class Select(Radios):
    """A native ``<select>`` with an empty first option; inferred for long lists."""

    template = "select.html"
    inference_rank = 9

    def accepts(self, schema: Schema, root: Schema) -> bool:
        found = composition.choices(root, schema)
        return found is not None and len(found) > MANY

    def variables(self, view: FieldView) -> dict[str, Any]:
        found = super().variables(view)
        found["autocomplete"] = view.control.autocomplete
        return found


@widget("checkboxes")
class Checkboxes(Widget):
    """Checkboxes in a fieldset; the value is the list of ticked options in option order."""

    template = "checkboxes.html"
    inference_rank = 8
    aliases = CHOICE_ALIASES

    def accepts(self, schema: Schema, root: Schema) -> bool:
        if main_type(schema) != "array":
            return False
        items = item_schema(schema)
        return items is not None and composition.choices(root, display(root, items)) is not None

    def check(self, control: Control) -> list[tuple[str, str]]:
        if main_type(control.schema) != "array":
            return [("/path", "the 'checkboxes' widget needs an array property")]
        return option_problems(control)

    def parse(self, control: Control, form: FormSource) -> Parsed:
        keys = form_list(form, control.name)
        if not keys:
            return Parsed()
        known = [o.value for o in control.options if o.key in keys]
        unknown = [k for k in dict.fromkeys(keys) if all(o.key != k for o in control.options)]
        return Parsed(known + [choose(control, k) for k in unknown])

    def variables(self, view: FieldView) -> dict[str, Any]:
        chosen = view.value if isinstance(view.value, list) else []
        return {"items": option_items(view, lambda v: any(same_value(v, c) for c in chosen))}

    def format(self, control: Control, value: Any, lang: str) -> str:
        values = value if isinstance(value, list) else [value]
        return ", ".join(option_label(control, v, lang) for v in values)
