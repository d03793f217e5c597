"""The typed, read-only model of a form definition (built by :mod:`.loader`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jsonschema.protocols import Validator

from blankett.errors import NotFound

from . import pointers, schemas
from .conditions import Condition
from .schemas import Schema
from .texts import Text

PAGE_KINDS = ("question", "exit")


@dataclass(frozen=True)
class Option:
    """One choice of a radios, select or checkboxes control."""

    value: Any  # the JSON value stored in the answers
    key: str  # the HTML ``value`` attribute
    label: Text | str


@dataclass(frozen=True, eq=False)
class Control:
    """A question bound to a JSON Pointer in the answers.

    ``required`` means the value and every object around it are required by the schema; the
    renderer marks the others "(valfritt)". ``children`` are set for containers (fieldsets,
    repeatable sections, variants). Inside a repeatable section the segments are a template
    holding :data:`~.pointers.ITEM`; :meth:`bind` makes a control for one item. ``condition``
    hides the control (its value is cleared, so it is not required) when it does not hold.
    ``settings`` are widget-specific (item titles, the variant chooser's discriminator ...).
    ``prefill`` names where a logged-in person's first value comes from (:mod:`.prefill`).
    """

    pointer: str
    segments: tuple[str, ...]
    widget: str
    label: Text | str
    schema: Schema
    required: bool
    hint: Text | str | None = None
    short_label: Text | None = None
    options: tuple[Option, ...] = ()
    autocomplete: str | None = None
    error_messages: Mapping[str, Text] = field(default_factory=dict)
    children: tuple[Control, ...] = ()
    condition: Condition | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    prefill: str | None = None

    @cached_property
    def name(self) -> str:
        return pointers.field_name(self.segments)

    @cached_property
    def id(self) -> str:
        return pointers.field_id(self.segments)

    def walk(self) -> Iterator[Control]:
        """This control and its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def bind(self, prefix: tuple[str, ...]) -> Control:
        """This control (and its children) with the leading segments replaced by ``prefix``."""
        segments = prefix + self.segments[len(prefix) :]
        if segments == self.segments:
            return self
        settings = self.settings
        if any(isinstance(v, Control | tuple) for v in settings.values()):
            settings = {k: _bind_setting(v, prefix) for k, v in settings.items()}
        return dataclasses.replace(
            self,
            pointer=pointers.join(segments),
            segments=segments,
            children=tuple(c.bind(prefix) for c in self.children),
            settings=settings,
        )

    def but(self, **changes: Any) -> Control:
        """A copy with some fields changed (used when a page is shown)."""
        return dataclasses.replace(self, **changes)


def _bind_setting(value: Any, prefix: tuple[str, ...]) -> Any:
    """Templates kept in a container's settings (a section's item, the variants) bind too."""
    if isinstance(value, Control):
        return value.bind(prefix)
    if isinstance(value, tuple) and all(isinstance(v, Control) for v in value):
        return tuple(v.bind(prefix) for v in value)
    return value


@dataclass(frozen=True, eq=False)
class Content:
    """Static text on a page: ``heading``, ``paragraph``, ``inset``, ``details`` or ``warning``.

    Texts other than headings are limited Markdown; ``summary`` is the title of ``details``."""

    kind: str
    text: Text
    summary: Text | None = None
    condition: Condition | None = None


Element = Control | Content


@dataclass(frozen=True, eq=False)
class Page:
    """A question page, or an exit page (``kind == "exit"``) that ends the path with ``text``."""

    id: str
    title: Text | str
    elements: tuple[Element, ...]
    kind: str = "question"
    condition: Condition | None = None
    text: Text | None = None

    @cached_property
    def controls(self) -> tuple[Control, ...]:
        """Every control on the page, containers and their children included, in order."""
        return tuple(c for e in self.elements if isinstance(e, Control) for c in e.walk())

    @property
    def is_exit(self) -> bool:
        return self.kind == "exit"


@dataclass(frozen=True, eq=False)
class FormDefinition:
    """A loaded, checked form. Build it with :func:`blankett.formengine.load_definition`.

    ``validator`` is compiled once when the definition is loaded; every request reuses it. Its
    class comes from the schema's ``$schema`` (draft-07 ... 2020-12).
    """

    id: str
    version: str
    title: Text
    summary: Text | None
    start: Mapping[str, Text]
    schema: Schema
    pages: tuple[Page, ...]
    hash: str
    raw: Mapping[str, Any]
    source: str
    validator: Validator = field(repr=False)
    conditions: Mapping[str, Condition] = field(default_factory=dict, repr=False)

    @cached_property
    def _pages_by_id(self) -> dict[str, int]:
        return {page.id: index for index, page in enumerate(self.pages)}

    @cached_property
    def _controls(self) -> dict[str, tuple[Page, Control]]:
        found: dict[str, tuple[Page, Control]] = {}
        for page in self.pages:
            for control in page.controls:
                found.setdefault(control.pointer, (page, control))
        return found

    def page(self, page_id: str) -> Page:
        """The page with this id; :class:`~blankett.errors.NotFound` if there is none."""
        try:
            return self.pages[self._pages_by_id[page_id]]
        except KeyError:
            raise NotFound(f"form {self.id!r} has no page {page_id!r}") from None

    def resolve_page(self, page: Page | str) -> Page:
        return self.page(page) if isinstance(page, str) else page

    def index_of(self, page: Page | str) -> int:
        return self._pages_by_id[self.resolve_page(page).id]

    @property
    def first_page(self) -> Page:
        return self.pages[0]

    def next_page(self, page_id: str) -> Page | None:
        """The page after ``page_id`` in the file, or ``None`` after the last one (conditions
        are not applied: see :func:`blankett.formengine.visible_pages`)."""
        index = self._pages_by_id[self.page(page_id).id] + 1
        return self.pages[index] if index < len(self.pages) else None

    def previous_page(self, page_id: str) -> Page | None:
        """The page before ``page_id``, or ``None`` before the first one."""
        index = self._pages_by_id[self.page(page_id).id] - 1
        return self.pages[index] if index >= 0 else None

    def control(self, pointer: str) -> Control | None:
        """The control (or template) bound to exactly this pointer, if any."""
        found = self._controls.get(pointer)
        return found[1] if found else None

    def page_of(self, pointer: str) -> Page | None:
        found = self._controls.get(pointer)
        return found[0] if found else None

    @cached_property
    def controls(self) -> tuple[Control, ...]:
        """Every control of the form in page order, containers and their children included."""
        return tuple(c for page in self.pages for c in page.controls)

    @cached_property
    def dynamic(self) -> bool:
        """Whether anything depends on the answers (conditions, sections, variants)."""
        return (
            any(p.condition for p in self.pages)
            or any(
                c.condition or (c.children and c.widget not in ("fieldset", "address")) for c in self.controls
            )
            or any(isinstance(e, Content) and e.condition for p in self.pages for e in p.elements)
        )

    @cached_property
    def _required(self) -> dict[tuple[str, ...], bool]:
        return {}

    def is_required(self, segments: tuple[str, ...]) -> bool:
        """:func:`.schemas.is_required`, remembered (array indices count as one)."""
        key = tuple(pointers.ITEM if s.isdecimal() else s for s in segments)
        found = self._required.get(key)
        if found is None:
            found = self._required[key] = schemas.is_required(self.schema, segments)
        return found

    @cached_property
    def _schemas(self) -> dict[tuple[str, ...], Schema | None]:
        return {}

    def schema_at(self, segments: tuple[str, ...]) -> Schema | None:
        """:func:`.schemas.resolve`, remembered; ``None`` when the path is not in the schema."""
        key = tuple(pointers.ITEM if s.isdecimal() else s for s in segments)
        if key not in self._schemas:
            try:
                self._schemas[key] = schemas.resolve(self.schema, segments)
            except schemas.SchemaLookupError:
                self._schemas[key] = None
        return self._schemas[key]

    def asked_depth(self, segments: tuple[str, ...]) -> int:
        """How many leading segments some control of the form asks for (0: none).

        Array indices match the templates of repeatable sections."""
        templated = tuple(pointers.ITEM if s.isdecimal() else s for s in segments)
        for depth in range(len(segments), 0, -1):
            if pointers.join(segments[:depth]) in self._controls:
                return depth
            if pointers.join(templated[:depth]) in self._controls:
                return depth
        return 0
