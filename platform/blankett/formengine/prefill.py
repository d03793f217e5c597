"""Prefill: a control that takes its first value from the person's identity or profile.

A control says ``"prefill": "profile.email"`` (see :data:`SOURCES`). The engine only knows the
vocabulary, which fields it fits, and which fields of a page still wait for a value; the web
layer looks the values up for the logged-in person (:mod:`blankett.web.prefill`).

A prefilled value is offered once: the page shows it in an empty field, and what the person
posts is an ordinary answer. The pointers a page offered are remembered in the answers under
:data:`PREFILL_KEY` (a private key, never filed), so a field the person emptied stays empty
when they come back to the page. Inside a repeatable section only the first item is
prefilled: the person filling in the form is usually the first guardian or member.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from . import pointers, widgets
from .definition import Control, FormDefinition, Page
from .expansion import expand, expand_form
from .formats import format_checker
from .raw import raw_input
from .schemas import main_type

PREFILL_KEY = "_prefill"
ADDRESS = "profile.address"

# source → the widgets that can show its value (the first is the one to use).
SOURCES: Mapping[str, tuple[str, ...]] = {
    "identity.givenName": ("text",),
    "identity.familyName": ("text",),
    "identity.name": ("text",),
    "identity.personalNumber": ("personnummer", "text"),
    "profile.email": ("email", "text"),
    "profile.mobile": ("phone", "text"),
    ADDRESS: ("address",),
    "profile.address.street": ("text",),
    "profile.address.postalCode": ("postnummer", "text"),
    "profile.address.city": ("text",),
}

# The parts of an address control that ``profile.address`` fills, by property name.
_ADDRESS_PARTS = {
    "street": "profile.address.street",
    "streetAddress": "profile.address.street",
    "postalCode": "profile.address.postalCode",
    "postcode": "profile.address.postalCode",
    "city": "profile.address.city",
    "locality": "profile.address.city",
}


def check(control: Control, source: Any) -> list[tuple[str, str]]:
    """Problems with ``"prefill": source`` on this control, relative to its ``prefill`` key.

    An unknown source is the meta-schema's to report (it suggests the closest name)."""
    if not isinstance(source, str) or source not in SOURCES:
        return []
    fits = SOURCES[source]
    where = pointers.display(control.segments)
    if source == ADDRESS:
        if control.widget != "address":
            return [
                (
                    "",
                    f"{source!r} fills a whole address: use it on an 'address' control, "
                    "or prefill the parts ('profile.address.street' ...) one by one",
                )
            ]
        return []
    kind = main_type(control.schema)
    if kind is not None and kind != "string":
        article = "an" if kind[0] in "aeiou" else "a"
        return [("", f"{source!r} gives a text, but the schema at {where!r} holds {article} {kind}")]
    if "enum" in control.schema or "const" in control.schema:
        return [("", f"{source!r} gives a text, but the schema at {where!r} holds fixed choices")]
    if control.widget not in fits:
        shown = " or ".join(repr(w) for w in fits)
        return [("", f"{source!r} needs a {shown} widget, not {control.widget!r}")]
    return []


def targets(elements: Iterable[Any]) -> Iterator[tuple[Control, str]]:
    """``(field, source)`` for every prefilled field among shown (bound) elements."""
    for element in elements:
        if isinstance(element, Control):
            yield from _targets(element, element.prefill)


def _targets(control: Control, source: str | None) -> Iterator[tuple[Control, str]]:
    if control.widget == "repeat":
        for item in control.children[:1]:
            yield from _targets(item, item.prefill)
        return
    if control.children:
        for child in control.children:
            inherited = _ADDRESS_PARTS.get(child.segments[-1]) if source == ADDRESS else None
            yield from _targets(child, child.prefill or inherited)
        return
    if source is not None:
        yield control, source


def pending(page: Page, answers: Mapping[str, Any]) -> list[tuple[Control, str]]:
    """The prefilled fields of ``page`` that have no answer and were not offered before."""
    offered = answers.get(PREFILL_KEY)
    seen: Mapping[str, Any] = offered if isinstance(offered, Mapping) else {}
    return [
        (control, source)
        for control, source in targets(expand(page.elements, answers).elements)
        if control.pointer not in seen
        and not pointers.has(answers, control.segments)
        and raw_input(answers, control.pointer) is None
    ]


def values(fields: Iterable[tuple[Control, str]], known: Mapping[str, str]) -> dict[str, str]:
    """The value each field shows, by pointer, from ``known`` values by source. A value the
    field would refuse (a samordningsnummer in a personnummer field) is not offered."""
    found = {}
    for control, source in fields:
        value = known.get(source) or ""
        if value and _fits(control, value):
            found[control.pointer] = value
    return found


def remember(page: Page, before: Mapping[str, Any], answers: dict[str, Any]) -> None:
    """Note in ``answers`` the fields that ``page``, shown with ``before``, offered."""
    found = answers.get(PREFILL_KEY)
    record = dict(found) if isinstance(found, Mapping) else {}
    for control, source in pending(page, before):
        record.setdefault(control.pointer, source)
    if record:
        answers[PREFILL_KEY] = record


def form_targets(definition: FormDefinition, answers: Mapping[str, Any]) -> list[tuple[Control, str]]:
    """``(field, source)`` for every prefilled field the answers' path shows."""
    return list(targets(expand_form(definition, answers).elements))


@cache
def _checker() -> Any:
    return format_checker()


def _fits(control: Control, value: str) -> bool:
    limit = control.schema.get("maxLength")
    if isinstance(limit, int) and len(value) > limit:
        return False
    wanted = {control.schema.get("format"), getattr(widgets.get(control.widget), "format_name", None)}
    return all(_checker().conforms(value, name) for name in wanted if isinstance(name, str) and name)
