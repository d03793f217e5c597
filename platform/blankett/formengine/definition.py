"""The typed, read-only model of a form definition (built by :mod:`.loader`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator

from blankett.errors import NotFound

from . import pointers
from .schemas import Schema
from .texts import Text


@dataclass(frozen=True)
class Option:
    """One choice of a radios control."""

    value: Any  # the JSON value stored in the answers
    key: str  # the HTML ``value`` attribute
    label: Text | str


@dataclass(frozen=True, eq=False)
class Control:
    """A question bound to a JSON Pointer in the answers.

    ``required`` means the value and every object around it are required by the schema; the
    renderer marks the others "(valfritt)". ``children`` are set for object fieldsets.
    """

    pointer: str
    segments: tuple[str, ...]
    widget: str
    label: Text | str
    schema: Schema
    required: bool
    hint: Text | None = None
    short_label: Text | None = None
    options: tuple[Option, ...] = ()
    autocomplete: str | None = None
    error_messages: Mapping[str, Text] = field(default_factory=dict)
    children: tuple[Control, ...] = ()

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


@dataclass(frozen=True, eq=False)
class Content:
    """Static text on a page (``kind`` is ``paragraph`` or ``inset``)."""

    kind: str
    text: Text


Element = Control | Content


@dataclass(frozen=True, eq=False)
class Page:
    id: str
    title: Text
    elements: tuple[Element, ...]

    @cached_property
    def controls(self) -> tuple[Control, ...]:
        """Every control on the page, fieldsets and their children included, in order."""
        return tuple(c for e in self.elements if isinstance(e, Control) for c in e.walk())


@dataclass(frozen=True, eq=False)
class FormDefinition:
    """A loaded, checked form. Build it with :func:`blankett.formengine.load_definition`.

    ``validator`` is compiled once when the definition is loaded; every request reuses it.
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
    validator: Draft202012Validator = field(repr=False)

    @cached_property
    def _pages_by_id(self) -> dict[str, int]:
        return {page.id: index for index, page in enumerate(self.pages)}

    @cached_property
    def _controls(self) -> dict[str, tuple[Page, Control]]:
        return {c.pointer: (page, c) for page in self.pages for c in page.controls}

    def page(self, page_id: str) -> Page:
        """The page with this id; :class:`~blankett.errors.NotFound` if there is none."""
        try:
            return self.pages[self._pages_by_id[page_id]]
        except KeyError:
            raise NotFound(f"form {self.id!r} has no page {page_id!r}") from None

    def resolve_page(self, page: Page | str) -> Page:
        return self.page(page) if isinstance(page, str) else page

    @property
    def first_page(self) -> Page:
        return self.pages[0]

    def next_page(self, page_id: str) -> Page | None:
        """The page after ``page_id``, or ``None`` after the last one."""
        index = self._pages_by_id[self.page(page_id).id] + 1
        return self.pages[index] if index < len(self.pages) else None

    def previous_page(self, page_id: str) -> Page | None:
        """The page before ``page_id``, or ``None`` before the first one."""
        index = self._pages_by_id[self.page(page_id).id] - 1
        return self.pages[index] if index >= 0 else None

    def control(self, pointer: str) -> Control | None:
        """The control bound to exactly this pointer, if any."""
        found = self._controls.get(pointer)
        return found[1] if found else None

    def page_of(self, pointer: str) -> Page | None:
        found = self._controls.get(pointer)
        return found[0] if found else None

    @cached_property
    def controls(self) -> tuple[Control, ...]:
        """Every control of the form in page order, fieldsets and their children included."""
        return tuple(c for page in self.pages for c in page.controls)
