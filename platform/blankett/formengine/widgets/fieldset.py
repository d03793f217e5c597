"""The ``fieldset`` widget: an object whose properties are asked together under one legend."""

from __future__ import annotations

from typing import Any

from ..definition import Control
from ..schemas import Schema, main_type
from .base import FormSource, Parsed, Widget
from .registry import get, widget


@widget("fieldset")
class Fieldset(Widget):
    """Renders its children inside ``<fieldset><legend>``; the children hold the values."""

    template = "fieldset.html"
    inference_rank = 30
    parses = False

    def accepts(self, schema: Schema) -> bool:
        return main_type(schema) == "object" or "properties" in schema

    def check(self, control: Control) -> list[tuple[str, str]]:
        if not self.accepts(control.schema):
            return [("/path", "the 'fieldset' widget needs an object property")]
        if not control.children:
            return [("/path", "the object has no properties to ask for")]
        return []

    def parse(self, control: Control, form: FormSource) -> Parsed:  # pragma: no cover
        raise TypeError("fieldsets hold no value of their own")

    def anchor(self, control: Control) -> str:
        if control.children:
            first = control.children[0]
            return get(first.widget).anchor(first)
        return control.id

    def format(self, control: Control, value: Any, lang: str) -> str:
        return ""
