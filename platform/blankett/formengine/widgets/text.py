"""Free-text widgets: ``text``, ``email`` and ``textarea``."""

from __future__ import annotations

from typing import Any, ClassVar

from ..definition import Control
from ..schemas import Schema, main_type
from .base import FieldView, FormSource, Parsed, Widget, form_string
from .registry import widget


def _is_string(schema: Schema) -> bool:
    return main_type(schema) in (None, "string")


@widget("text")
class TextInput(Widget):
    """``<input type="text">`` for a string."""

    template = "text.html"
    inference_rank: ClassVar[int | None] = 90
    input_type = "text"
    spellcheck: bool | None = None

    def accepts(self, schema: Schema) -> bool:
        return _is_string(schema)

    def check(self, control: Control) -> list[tuple[str, str]]:
        if _is_string(control.schema):
            return []
        return [("/path", f"the {self.name!r} widget needs a string property")]

    def parse(self, control: Control, form: FormSource) -> Parsed:
        value = form_string(form, control.name)
        return Parsed(value) if value else Parsed()

    def variables(self, view: FieldView) -> dict[str, Any]:
        value = view.value
        return {
            "input_type": self.input_type,
            "spellcheck": self.spellcheck,
            "maxlength": view.control.schema.get("maxLength"),
            "text_value": "" if value is None else str(value),
        }


@widget("email")
class EmailInput(TextInput):
    """``<input type="email" spellcheck="false">`` for a ``format: email`` string."""

    inference_rank = 40
    input_type = "email"
    spellcheck = False

    def accepts(self, schema: Schema) -> bool:
        return _is_string(schema) and schema.get("format") == "email"


@widget("textarea")
class Textarea(TextInput):
    """A five-row ``<textarea>``; never inferred, authors ask for it."""

    template = "textarea.html"
    inference_rank = None

    def parse(self, control: Control, form: FormSource) -> Parsed:
        # Browsers post line breaks as CRLF but count them as one character for maxlength,
        # so normalise before the schema's maxLength is checked.
        value = form_string(form, control.name).replace("\r\n", "\n").replace("\r", "\n")
        return Parsed(value) if value else Parsed()
