"""Objects: ``fieldset`` (properties asked together under one legend) and ``address``
(street, postcode and town as one fieldset with the right ``autocomplete`` tokens)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import pointers
from ..definition import Control
from ..schemas import Schema, main_type, property_names
from ..texts import Text, pair
from .base import FormSource, Parsed, Widget
from .registry import get, widget

if TYPE_CHECKING:
    from ..building import Builder


def is_object(schema: Schema) -> bool:
    return main_type(schema) == "object" or "properties" in schema


@widget("fieldset")
class Fieldset(Widget):
    """Renders its children inside ``<fieldset><legend>``; the children hold the values.

    Children are the element's own ``elements`` (paths inside the object), else one inferred
    control per property, conditional properties included."""

    template = "fieldset.html"
    inference_rank = 35
    parses = False

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return is_object(schema)

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        listed = raw.get("elements")
        if listed is None:
            children = builder.object_children(
                control.segments, control.schema, at, required=control.required
            )
            return control.but(children=children)
        if not isinstance(listed, list):
            builder.problems.add(at + "/elements", "must be a list of controls")
            return control
        found = []
        for index, entry in enumerate(listed):
            where = f"{at}/elements/{index}"
            child = builder.element(entry, where) if isinstance(entry, Mapping) else None
            if child is None:
                continue
            inside = child.segments[: len(control.segments)] == control.segments
            if not inside or len(child.segments) == len(control.segments):
                builder.problems.add(
                    where + "/path", f"must point inside {pointers.display(control.segments)!r}"
                )
                continue
            found.append(child)
        return control.but(children=tuple(found))

    def check(self, control: Control) -> list[tuple[str, str]]:
        if not is_object(control.schema):
            return [("/path", f"the {self.name!r} widget needs an object property")]
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


# name → (label, autocomplete token, widget); the first names are the ones inferred from.
ADDRESS_PARTS: Mapping[str, tuple[Text, str, str | None]] = {
    "street": (pair("Gatuadress", "Street address"), "address-line1", None),
    "streetAddress": (pair("Gatuadress", "Street address"), "address-line1", None),
    "careOf": (pair("c/o", "c/o"), "address-line2", None),
    "co": (pair("c/o", "c/o"), "address-line2", None),
    "postalCode": (pair("Postnummer", "Postcode"), "postal-code", "postnummer"),
    "postcode": (pair("Postnummer", "Postcode"), "postal-code", "postnummer"),
    "city": (pair("Ort", "Town or city"), "address-level2", None),
    "locality": (pair("Ort", "Town or city"), "address-level2", None),
}
_NEEDED = ({"street", "streetAddress"}, {"postalCode", "postcode"}, {"city", "locality"})


@widget("address")
class Address(Fieldset):
    """A Swedish postal address: an object with ``street``, ``postalCode`` and ``city``
    (optionally ``careOf``). One summary row shows the whole address."""

    inference_rank = 30
    collapses = True

    def accepts(self, schema: Schema, root: Schema) -> bool:
        names = set(property_names(root, schema)) if is_object(schema) else set()
        return all(names & options for options in _NEEDED)

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        control = super().build(control, raw, builder, at)
        return control.but(children=tuple(_as_address_part(c) for c in control.children))

    def format(self, control: Control, value: Any, lang: str) -> str:
        """``"Storgatan 1, 123 45 Visby"``."""
        if not isinstance(value, Mapping):
            return ""
        parts = {}
        for child in control.children:
            part = value.get(child.segments[-1])
            if part not in (None, ""):
                parts[child.segments[-1]] = get(child.widget).format(child, part, lang)
        town = " ".join(parts.pop(n) for n in ("postalCode", "postcode", "city", "locality") if n in parts)
        return ", ".join([*parts.values(), town] if town else parts.values())

    def shown_value(self, control: Control, value: Any, lang: str) -> str | None:
        return "" if value is None else self.format(control, value, lang)


def _as_address_part(child: Control) -> Control:
    known = ADDRESS_PARTS.get(child.segments[-1])
    if known is None:
        return child
    label, token, kind = known
    titled = isinstance(child.schema.get("title"), str)
    plain = child.widget == "text" and "format" not in child.schema
    personal = pointers.ITEM not in child.segments  # another person's address gets no token
    return child.but(
        label=child.label if titled else label,
        autocomplete=child.autocomplete or (token if personal else None),
        widget=kind if kind and plain else child.widget,
    )
