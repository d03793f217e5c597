"""Choice widgets: ``radios`` (one of a list) and ``checkbox`` (a single yes/no box)."""

from __future__ import annotations

from typing import Any

from .. import pointers
from ..definition import Control
from ..schemas import Schema, main_type
from ..texts import pair, text
from .base import FieldView, FormSource, Parsed, Widget, form_string
from .registry import widget

YES_NO = (pair("Ja", "Yes"), pair("Nej", "No"))


@widget("radios")
class Radios(Widget):
    """Radio buttons in a fieldset; options come from the element or the schema ``enum``."""

    template = "radios.html"
    inference_rank = 10

    def accepts(self, schema: Schema) -> bool:
        return isinstance(schema.get("enum"), list)

    def check(self, control: Control) -> list[tuple[str, str]]:
        if not control.options:
            return [("", "radios need an 'options' map or an 'enum' in the schema")]
        enum = control.schema.get("enum")
        if not isinstance(enum, list):
            return []
        return [
            (
                "/options" + pointers.join([option.key]),
                f"{option.key!r} is not one of the schema's enum values",
            )
            for option in control.options
            if option.value not in enum
        ]

    def parse(self, control: Control, form: FormSource) -> Parsed:
        key = form_string(form, control.name)
        if not key:
            return Parsed()
        # An unknown key is kept as sent so that the enum check reports it.
        chosen = next((o.value for o in control.options if o.key == key), key)
        return Parsed(chosen)

    def variables(self, view: FieldView) -> dict[str, Any]:
        control = view.control
        items = [
            {
                "id": control.id if index == 0 else f"{control.id}-{index + 1}",
                "key": option.key,
                "label": text(option.label, view.lang),
                "checked": view.value is not None and option.value == view.value,
            }
            for index, option in enumerate(control.options)
        ]
        return {"items": items}

    def format(self, control: Control, value: Any, lang: str) -> str:
        option = next((o for o in control.options if o.value == value), None)
        return text(option.label, lang) if option else str(value)


@widget("checkbox")
class Checkbox(Widget):
    """One checkbox for a boolean: ticked is ``true``, unticked ``false``."""

    template = "checkbox.html"
    inference_rank = 20
    marks_optional = False  # it always has a value; "(valfritt)" would only confuse

    def accepts(self, schema: Schema) -> bool:
        return main_type(schema) == "boolean"

    def check(self, control: Control) -> list[tuple[str, str]]:
        if self.accepts(control.schema):
            return []
        return [("/path", "the 'checkbox' widget needs a boolean property")]

    def parse(self, control: Control, form: FormSource) -> Parsed:
        # Browsers post nothing for an unticked box, so absence means false.
        return Parsed(bool(form_string(form, control.name)))

    def variables(self, view: FieldView) -> dict[str, Any]:
        return {"checked": view.value is True}

    def format(self, control: Control, value: Any, lang: str) -> str:
        return text(YES_NO[0] if value is True else YES_NO[1], lang)
