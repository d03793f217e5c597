"""The ``number`` widget: a text input with a numeric keyboard (GOV.UK advice: not
``type="number"``), read tolerantly ("3,5", "1 000"). Integers are stored as ``int``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..definition import Control
from ..numbers import format_number, parse_decimal, to_json
from ..schemas import Schema, main_type
from .base import FieldView, FormSource, Parsed, RawProblem, form_string
from .registry import widget
from .text import TextInput


def _is_number(schema: Schema) -> bool:
    return main_type(schema) in ("integer", "number")


@widget("number")
class NumberInput(TextInput):
    inference_rank = 50
    spellcheck = False
    width = "input-width-10"

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return _is_number(schema)

    def check(self, control: Control) -> list[tuple[str, str]]:
        if _is_number(control.schema):
            return []
        return [("/path", "the 'number' widget needs an integer or number property")]

    def parse(self, control: Control, form: FormSource) -> Parsed:
        typed = form_string(form, control.name)
        if not typed:
            return Parsed()
        number = parse_decimal(typed)
        if number is None or (
            main_type(control.schema) == "integer" and number != number.to_integral_value()
        ):
            return Parsed(raw={"text": typed})
        return Parsed(to_json(number))

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        number = parse_decimal(str(raw.get("text") or ""))
        if number is None:
            return RawProblem("number:invalid")
        return RawProblem("number:integer")

    def variables(self, view: FieldView) -> dict[str, Any]:
        found = super().variables(view)
        found["inputmode"] = "numeric" if main_type(view.control.schema) == "integer" else "decimal"
        return found

    def input_text(self, view: FieldView) -> str:
        if view.control.schema.get("writeOnly"):
            return ""
        return "" if view.value is None else format_number(view.value, view.lang, grouped=False)

    def format(self, control: Control, value: Any, lang: str) -> str:
        return format_number(value, lang)
