"""Choice widgets: ``radios`` (one of a list), ``yesno`` (a boolean as Ja/Nej radios) and
``checkbox`` (a single box, e.g. a declaration).

Options come from the element's ``options`` map or from the schema: ``enum``, or
``oneOf``/``anyOf`` of ``{"const": ..., "title": ...}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .. import composition, pointers
from ..definition import Control, Option
from ..schemas import Schema, main_type
from ..texts import pair, text
from .base import FieldView, FormSource, Parsed, Widget, form_string
from .registry import widget

if TYPE_CHECKING:
    from ..building import Builder

YES_NO = (pair("Ja", "Yes"), pair("Nej", "No"))
CHOICE_ALIASES = {"oneOf": "enum", "anyOf": "enum", "const": "enum", "type": "enum"}
MANY = 10  # more options than this get a select when no widget is named


def option_problems(control: Control) -> list[tuple[str, str]]:
    """Options that are not among the schema's values (when the schema lists them)."""
    if not control.options:
        return [("", f"{control.widget} need an 'options' map or an 'enum' in the schema")]
    schema = control.schema
    if main_type(schema) == "array" and isinstance(schema.get("items"), Mapping):
        schema = schema["items"]
    listed = schema.get("enum")
    if not isinstance(listed, list):
        return []
    return [
        ("/options" + pointers.join([o.key]), f"{o.key!r} is not one of the schema's enum values")
        for o in control.options
        if o.value not in listed
    ]


def same_value(a: Any, b: Any) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


def choose(control: Control, key: str) -> Any:
    """The value of the option posted as ``key``; an unknown key is kept as sent so that the
    schema reports it."""
    return next((o.value for o in control.options if o.key == key), key)


def option_items(view: FieldView, chosen: Callable[[Any], bool]) -> list[dict[str, Any]]:
    control = view.control
    return [
        {
            "id": control.id if index == 0 else f"{control.id}-{index + 1}",
            "key": option.key,
            "label": text(option.label, view.lang),
            "checked": chosen(option.value),
        }
        for index, option in enumerate(control.options)
    ]


def option_label(control: Control, value: Any, lang: str) -> str:
    option = next((o for o in control.options if same_value(o.value, value)), None)
    return text(option.label, lang) if option else str(value)


@widget("radios")
class Radios(Widget):
    """Radio buttons in a fieldset."""

    template = "radios.html"
    inference_rank = 10
    aliases = CHOICE_ALIASES

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return composition.choices(root, schema) is not None

    def check(self, control: Control) -> list[tuple[str, str]]:
        return option_problems(control)

    def parse(self, control: Control, form: FormSource) -> Parsed:
        key = form_string(form, control.name)
        return Parsed(choose(control, key)) if key else Parsed()

    def variables(self, view: FieldView) -> dict[str, Any]:
        value = view.value
        return {"items": option_items(view, lambda v: value is not None and same_value(v, value))}

    def format(self, control: Control, value: Any, lang: str) -> str:
        return option_label(control, value, lang)


@widget("yesno")
class YesNo(Radios):
    """A boolean asked as two radios, Ja and Nej: the person must choose (GOV.UK pattern)."""

    inference_rank = 25

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return main_type(schema) == "boolean"

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        labels = raw.get("options") or {}
        yes, no = labels.get("true", YES_NO[0]), labels.get("false", YES_NO[1])
        return control.but(options=(Option(True, "true", yes), Option(False, "false", no)))

    def check(self, control: Control) -> list[tuple[str, str]]:
        if self.accepts(control.schema, {}):
            return []
        return [("/path", "the 'yesno' widget needs a boolean property")]


@widget("checkbox")
class Checkbox(Widget):
    """One checkbox for a boolean: ticked is ``true``, unticked ``false``. Inferred for a
    ``const`` boolean (a declaration to tick)."""

    template = "checkbox.html"
    inference_rank = 20
    marks_optional = False  # it always has a value; "(valfritt)" would only confuse

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return main_type(schema) == "boolean" and "const" in schema

    def check(self, control: Control) -> list[tuple[str, str]]:
        if main_type(control.schema) == "boolean":
            return []
        return [("/path", "the 'checkbox' widget needs a boolean property")]

    def parse(self, control: Control, form: FormSource) -> Parsed:
        # Browsers post nothing for an unticked box, so absence means false.
        return Parsed(bool(form_string(form, control.name)))

    def variables(self, view: FieldView) -> dict[str, Any]:
        return {"checked": view.value is True}

    def format(self, control: Control, value: Any, lang: str) -> str:
        return text(YES_NO[0] if value is True else YES_NO[1], lang)
