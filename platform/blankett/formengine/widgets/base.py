"""The widget contract: one class per widget type owns everything about that type (style G8).

A widget knows how to read its value from a posted form, which message keys fit its errors,
how to present itself (a Jinja2 template plus the variables it needs) and how to show a
stored value on the check-answers page and receipts. Add a widget by subclassing
:class:`Widget` in a module of this package and decorating it::

    @widget("postnummer")
    class Postnummer(TextInput):
        template = "text.html"

        def parse(self, control: Control, form: FormSource) -> Parsed:
            value = form_string(form, control.name).replace(" ", "")
            return Parsed(value) if value else Parsed()
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from markupsafe import Markup

from ..definition import Control
from ..schemas import Schema
from ..texts import Text


class FormSource(Protocol):
    """A posted form: a plain ``dict`` or starlette's ``FormData``."""

    def get(self, key: str, /) -> Any: ...


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""The control has no value: the key is removed from the answers so ``required`` can fire."""


@dataclass(frozen=True)
class Parsed:
    """What a widget read from a form: a value (or :data:`MISSING`) and, when the input could
    not be turned into a value, the raw parts to show again."""

    value: Any = MISSING
    raw: Mapping[str, str] | None = None


@dataclass(frozen=True)
class RawProblem:
    """Input that never became a value (e.g. 31 February). ``parts`` are the inputs at fault."""

    keyword: str
    params: Mapping[str, Text | str] = field(default_factory=dict)
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldView:
    """What every widget template gets as ``f``: texts already in the page's language."""

    control: Control
    lang: str
    label: str
    optional: str  # " (valfritt)" or ""
    hint: str
    error: str
    error_prefix: str
    value: Any
    raw: Mapping[str, str] | None
    children: Markup = field(default_factory=Markup)

    @property
    def id(self) -> str:
        return self.control.id

    @property
    def name(self) -> str:
        return self.control.name

    @property
    def hint_id(self) -> str:
        return f"{self.control.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.control.id}-error"

    @property
    def describedby(self) -> str:
        ids = [self.hint_id] if self.hint else []
        if self.error:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def autocomplete(self) -> str | None:
        return self.control.autocomplete


def form_string(form: FormSource, name: str) -> str:
    """A posted text value, stripped; files and missing keys read as ``""``."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


class Widget:
    """Base class for widget types; see the module docstring for an example."""

    name: ClassVar[str] = ""
    template: ClassVar[str] = ""
    inference_rank: ClassVar[int | None] = None  # lower wins when the widget is not named
    parses: ClassVar[bool] = True  # False for containers whose children hold the values
    marks_optional: ClassVar[bool] = True  # show "(valfritt)" when the value is optional

    def accepts(self, schema: Schema) -> bool:
        """Whether to pick this widget for ``schema`` when the element names none."""
        return False

    def check(self, control: Control) -> list[tuple[str, str]]:
        """Definition problems as ``(pointer relative to the element, message)`` pairs."""
        return []

    def parse(self, control: Control, form: FormSource) -> Parsed:
        """Read this control's value from a posted form."""
        raise NotImplementedError  # pragma: no cover

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        """Why kept raw input is not a value (only widgets that keep raw input)."""
        return None

    def anchor(self, control: Control) -> str:
        """The id of the first input, the target of error-summary links."""
        return control.id

    def message_keys(self, keyword: str) -> tuple[str, ...]:
        """Catalogue keys to try for an error, most specific first."""
        keys = [keyword] if keyword.startswith(self.name + ":") else [f"{self.name}:{keyword}", keyword]
        if ":" in keyword:
            keys.append(keyword.split(":", 1)[0])
        return tuple(keys)

    def variables(self, view: FieldView) -> dict[str, Any]:
        """Extra template variables besides ``f``."""
        return {}

    def format(self, control: Control, value: Any, lang: str) -> str:
        """A stored value as text for check-answers and receipts (never ``None``)."""
        return str(value)
