"""Free-text widgets: ``text``, ``email``, ``url`` and ``textarea``."""

from __future__ import annotations

from typing import Any, ClassVar

from ..definition import Control
from ..schemas import Schema, types
from .base import FieldView, FormSource, Parsed, Widget, form_string
from .registry import widget

LONG_TEXT = 500  # a string that may be this long gets a textarea when no widget is named


def is_string(schema: Schema) -> bool:
    """No type (any value, typed as text) or a type that includes string."""
    kinds = types(schema)
    return not kinds or "string" in kinds


def shown_text(view: FieldView) -> str:
    """The value for an input: nothing for a write-only answer (never echoed back)."""
    if view.value is None or view.control.schema.get("writeOnly"):
        return ""
    return str(view.value)


@widget("text")
class TextInput(Widget):
    """``<input type="text">`` for a string."""

    template = "text.html"
    inference_rank: ClassVar[int | None] = 90
    input_type: ClassVar[str] = "text"
    spellcheck: ClassVar[bool | None] = None
    inputmode: ClassVar[str | None] = None
    width: ClassVar[str | None] = None  # a CSS width class for short inputs

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return is_string(schema)

    def check(self, control: Control) -> list[tuple[str, str]]:
        if is_string(control.schema):
            return []
        return [("/path", f"the {self.name!r} widget needs a string property")]

    def parse(self, control: Control, form: FormSource) -> Parsed:
        value = form_string(form, control.name)
        return Parsed(value) if value else Parsed()

    def variables(self, view: FieldView) -> dict[str, Any]:
        return {
            "input_type": self.input_type,
            "spellcheck": self.spellcheck,
            "inputmode": self.inputmode,
            "width": self.width,
            "autocomplete": view.control.autocomplete,
            "maxlength": view.control.schema.get("maxLength"),
            "text_value": view.raw.get("text", "") if view.raw else self.input_text(view),
        }

    def input_text(self, view: FieldView) -> str:
        """The stored value as the input shows it."""
        return shown_text(view)


@widget("email")
class EmailInput(TextInput):
    """``<input type="email" spellcheck="false">`` for a ``format: email`` string."""

    inference_rank = 40
    input_type = "email"
    spellcheck = False
    default_autocomplete = "email"

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return is_string(schema) and schema.get("format") in ("email", "idn-email")


@widget("url")
class UrlInput(TextInput):
    """``<input type="url" spellcheck="false">`` for a ``format: uri`` string."""

    inference_rank = 40
    input_type = "url"
    spellcheck = False

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return is_string(schema) and schema.get("format") in ("uri", "iri", "uri-reference")


@widget("textarea")
class Textarea(TextInput):
    """A five-row ``<textarea>``, inferred for strings that may be long."""

    template = "textarea.html"
    inference_rank = 85

    def accepts(self, schema: Schema, root: Schema) -> bool:
        limit = schema.get("maxLength")
        return is_string(schema) and isinstance(limit, int) and limit >= LONG_TEXT

    def parse(self, control: Control, form: FormSource) -> Parsed:
        # Browsers post line breaks as CRLF but count them as one character for maxlength,
        # so normalise before the schema's maxLength is checked.
        value = form_string(form, control.name).replace("\r\n", "\n").replace("\r", "\n")
        return Parsed(value) if value else Parsed()
