"""The widget contract: one class per widget type owns everything about that type (style G8).

A widget knows which schemas it fits, how to read its value from a posted form, which message
keys fit its errors, how to present itself (a Jinja2 template plus the variables it needs) and
how to show a stored value on the check-answers page and receipts. Containers (fieldsets,
repeatable sections, variants) also build their children and choose which to show. Add a
widget by subclassing :class:`Widget` in a module of this package and decorating it::

    @widget("postnummer")
    class Postnummer(TextInput):
        def parse(self, control: Control, form: FormSource) -> Parsed:
            value = form_string(form, control.name).replace(" ", "")
            return Parsed(value) if value else Parsed()
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from markupsafe import Markup

from .. import pointers
from ..definition import Control
from ..schemas import Schema, allows_null
from ..texts import Text

if TYPE_CHECKING:  # the builder imports the widgets; widgets only need its type
    from ..building import Builder


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


def form_list(form: FormSource, name: str) -> list[str]:
    """Every posted value of a repeated name (checkboxes), stripped, empty ones dropped."""
    getlist = getattr(form, "getlist", None)
    values = getlist(name) if callable(getlist) else form.get(name)
    if not isinstance(values, list | tuple):
        values = [] if values is None else [values]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def store(control: Control, parsed: Parsed, answers: dict[str, Any], raw_store: dict[str, Any]) -> None:
    """Put a parsed value into the answers (or remove it) and keep or drop its raw input."""
    if parsed.value is not MISSING:
        pointers.put(answers, control.segments, parsed.value)
    elif parsed.raw is None and control.schema.get("writeOnly") and pointers.has(answers, control.segments):
        pass  # a write-only value is never shown, so an empty input keeps it
    elif parsed.raw is None and allows_null(control.schema):
        pointers.put(answers, control.segments, None)
    else:
        pointers.remove(answers, control.segments)
    if parsed.raw is None:
        raw_store.pop(control.pointer, None)
    else:
        raw_store[control.pointer] = dict(parsed.raw)


class Widget:
    """Base class for widget types; see the module docstring for an example."""

    name: ClassVar[str] = ""
    template: ClassVar[str] = ""
    inference_rank: ClassVar[int | None] = None  # lower wins when the widget is not named
    parses: ClassVar[bool] = True  # False for containers whose children hold the values
    marks_optional: ClassVar[bool] = True  # show "(valfritt)" when the value is optional
    collapses: ClassVar[bool] = False  # one summary row for the whole control (an address)
    chooses: ClassVar[bool] = False  # a container that is also a question (a variant chooser)
    aliases: ClassVar[Mapping[str, str]] = {}  # keyword → the keyword whose message fits
    default_autocomplete: ClassVar[str | None] = None  # the token for a personal field

    def accepts(self, schema: Schema, root: Schema) -> bool:
        """Whether to pick this widget for ``schema`` when the element names none."""
        return False

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        """Complete a control when the definition is loaded (containers add children)."""
        return control

    def check(self, control: Control) -> list[tuple[str, str]]:
        """Definition problems as ``(pointer relative to the element, message)`` pairs."""
        return []

    def expand(
        self, control: Control, answers: Mapping[str, Any]
    ) -> tuple[tuple[Control, ...], tuple[Control, ...]]:
        """The children to show for these answers, and those hidden (their values are cleared)."""
        return control.children, ()

    def parse(self, control: Control, form: FormSource) -> Parsed:
        """Read this control's value from a posted form."""
        raise NotImplementedError  # pragma: no cover

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        """Read the control from the form into ``answers``; containers prepare their value."""
        if self.parses:
            store(control, self.parse(control, form), answers, raw_store)

    def finish(self, control: Control, answers: dict[str, Any], raw_store: dict[str, Any]) -> None:
        """Tidy the value after the children were read (repeatable sections compact lists)."""

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        """Why kept raw input is not a value (only widgets that keep raw input)."""
        return None

    def anchor(self, control: Control) -> str:
        """The id of the first input, the target of error-summary links."""
        return control.id

    def message_keys(self, keyword: str) -> tuple[str, ...]:
        """Catalogue keys to try for an error, most specific first."""
        keyword = self.aliases.get(keyword, keyword)
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

    def files(self, control: Control, value: Any) -> tuple[Mapping[str, Any], ...]:
        """File references in a stored value, for lists of attachments (only ``file``)."""
        return ()

    def shown_value(self, control: Control, value: Any, lang: str) -> str | None:
        """The summary text of a control (``value`` is ``None`` when nothing is given, and
        ``""`` then reads "Ej angivet"), or ``None`` for no row of its own (containers)."""
        if not self.parses:
            return None
        return "" if value is None else self.format(control, value, lang)
