"""Values the person does not type: ``readonly`` (shown, never taken from the client) and
``hidden`` (not shown: a ``const`` or a value set by the platform).

Neither reads the posted form. When the page is read, a missing value is set from the
schema's ``const`` (else ``default``), so a client can neither change nor remove it.
"""

from __future__ import annotations

from typing import Any

from .. import pointers
from ..definition import Control
from ..schemas import Schema, main_type
from .base import FieldView, FormSource, Widget
from .registry import get, infer, widget


def fixed_value(schema: Schema) -> tuple[bool, Any]:
    for key in ("const", "default"):
        if key in schema:
            return True, schema[key]
    return False, None


class Fixed(Widget):
    marks_optional = False

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        found, value = fixed_value(control.schema)
        if found and not pointers.has(answers, control.segments):
            pointers.put(answers, control.segments, value)
        raw_store.pop(control.pointer, None)


@widget("readonly")
class ReadOnly(Fixed):
    """The value as text under its label (a one-row description list)."""

    template = "readonly.html"
    inference_rank = 1

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return schema.get("readOnly") is True

    def variables(self, view: FieldView) -> dict[str, Any]:
        value = view.value
        if value is None:
            value = fixed_value(view.control.schema)[1]  # what reading the page will set
        return {"shown": "" if value is None else self.format(view.control, value, view.lang)}

    def format(self, control: Control, value: Any, lang: str) -> str:
        # Show it the way the widget that would otherwise ask for it would.
        editable = {k: v for k, v in control.schema.items() if k != "readOnly"}
        other = infer(editable, {})
        if other is None or other == self.name or not get(other).parses:
            return str(value)
        return get(other).format(control, value, lang)


@widget("hidden")
class Hidden(Fixed):
    """Nothing on the page and no summary row; inferred for a non-boolean ``const``."""

    template = "hidden.html"
    inference_rank = 2

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return "const" in schema and main_type(schema) != "boolean"

    def shown_value(self, control: Control, value: Any, lang: str) -> str | None:
        return None
