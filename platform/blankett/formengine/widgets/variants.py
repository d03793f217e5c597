"""``variants``: an object that is one of several shapes (``oneOf``/``anyOf`` of object
schemas), asked as radios to choose the shape, then the chosen shape's fields.

When every variant fixes one property to a different ``const`` (a discriminator such as
``"kind": {"const": "company"}``; OpenAPI's ``discriminator`` may name it), the choice is
that property's value. Otherwise the choice is kept with the raw input, and answers already
given are recognised by the variant they validate against. Properties every variant shares
(declared next to ``oneOf``) are asked whichever is chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import composition, pointers
from ..definition import Control, Option
from ..raw import raw_input
from ..schemas import Schema
from ..texts import Text, pair, text
from .base import FieldView, FormSource, Parsed, Widget, form_string
from .choice import CHOICE_ALIASES, same_value
from .registry import get, widget

if TYPE_CHECKING:
    from ..building import Builder

OPTION: Text = pair("Alternativ {n}", "Option {n}")


def _label(root: Schema, variant: composition.Variant, discriminator: str | None, index: int) -> Text | str:
    if variant.title:
        return variant.title
    if discriminator:
        declared = (variant.schema.get("properties") or {}).get(discriminator)
        title = declared.get("title") if isinstance(declared, Mapping) else None
        if isinstance(title, str) and title.strip():
            return title
        fixed, value = composition.discriminating_value(root, variant, discriminator)
        if fixed and isinstance(value, str):
            return value[:1].upper() + value[1:]
    return {lang: value.replace("{n}", str(index + 1)) for lang, value in OPTION.items()}


@widget("variants")
class Variants(Widget):
    template = "variants.html"
    inference_rank = 5
    parses = False
    chooses = True
    aliases = CHOICE_ALIASES

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return composition.variants(root, schema) is not None

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        root = builder.root
        found = composition.variants(root, control.schema) or []
        key_name = composition.discriminator(root, control.schema, found) if found else None
        skip = frozenset([key_name] if key_name else [])
        shared = builder.object_children(
            control.segments, control.schema, at, required=control.required, skip=skip
        )
        skip |= {c.segments[-1] for c in shared}
        labels = raw.get("options") or {}
        groups, options = [], []
        for index, variant in enumerate(found):
            fixed, value = (
                composition.discriminating_value(root, variant, key_name) if key_name else (False, index)
            )
            key = str(value) if fixed and isinstance(value, str) else str(index)
            with builder.descend(variant.raw) as allowed:
                children = (
                    builder.object_children(
                        control.segments, variant.raw, at, required=control.required, skip=skip
                    )
                    if allowed
                    else ()
                )
            label = labels.get(key) or _label(root, variant, key_name, index)
            settings = {"key": key, "value": value, "index": index, "validator": builder.compile(variant.raw)}
            groups.append(
                control.but(
                    widget="variant",
                    label=label,
                    schema=variant.schema,
                    children=children,
                    condition=None,
                    settings=settings,
                    options=(),
                )
            )
            options.append(Option(value, key, label))
        settings = {"discriminator": key_name, "variants": tuple(groups)}
        return control.but(children=(*shared, *groups), options=tuple(options), settings=settings)

    def check(self, control: Control) -> list[tuple[str, str]]:
        if len(control.options) < 2:
            return [
                ("/path", "the 'variants' widget needs 'oneOf' or 'anyOf' with two or more object schemas")
            ]
        return []

    def chosen(self, control: Control, answers: Mapping[str, Any]) -> Control | None:
        """The variant chosen (or recognised from the answers), if any."""
        groups: tuple[Control, ...] = control.settings["variants"]  # all, also once shown
        key = (raw_input(answers, control.pointer) or {}).get("variant")
        by_key = next((g for g in groups if g.settings["key"] == key), None)
        if by_key is not None:
            return by_key
        value = pointers.get(answers, control.segments)
        if not isinstance(value, Mapping) or not value:
            return None
        discriminator = control.settings.get("discriminator")
        if discriminator:
            return next(
                (g for g in groups if same_value(g.settings["value"], value.get(discriminator))), None
            )
        return next((g for g in groups if g.settings["validator"].is_valid(value)), None)

    def expand(
        self, control: Control, answers: Mapping[str, Any]
    ) -> tuple[tuple[Control, ...], tuple[Control, ...]]:
        found = self.chosen(control, answers)
        key = found.settings["key"] if found is not None else None
        shown = tuple(c for c in control.children if c.widget != "variant" or c.settings["key"] == key)
        hidden = tuple(
            grandchild
            for c in control.children
            if c.widget == "variant" and c.settings["key"] != key
            for grandchild in c.children
        )
        return shown, hidden

    def chooser(self, control: Control) -> str:
        return f"{control.name}[variant]"

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        key = form_string(form, self.chooser(control))
        group = next((c for c in control.settings["variants"] if c.settings["key"] == key), None)
        if group is None:
            return
        if not isinstance(pointers.get(answers, control.segments), dict):
            pointers.put(answers, control.segments, {})
        discriminator = control.settings.get("discriminator")
        if discriminator:
            pointers.put(answers, (*control.segments, discriminator), group.settings["value"])
            raw_store.pop(control.pointer, None)
        else:
            raw_store[control.pointer] = {"variant": key}

    def finish(self, control: Control, answers: dict[str, Any], raw_store: dict[str, Any]) -> None:
        """Forget a kept choice once the answers themselves show it."""
        note = raw_store.get(control.pointer)
        if not note or control.settings.get("discriminator"):
            return
        value = pointers.get(answers, control.segments)
        if not isinstance(value, Mapping) or not value:
            return
        valid = next(
            (g for g in control.settings["variants"] if g.settings["validator"].is_valid(value)), None
        )
        if valid is not None and valid.settings["key"] == note.get("variant"):
            del raw_store[control.pointer]

    def anchor(self, control: Control) -> str:
        return f"{control.id}-variant"

    def variables(self, view: FieldView) -> dict[str, Any]:
        chosen = next((c for c in view.control.children if c.widget == "variant"), None)
        items = [
            {
                "id": self.anchor(view.control) + ("" if index == 0 else f"-{index + 1}"),
                "key": option.key,
                "label": text(option.label, view.lang),
                "checked": chosen is not None and chosen.settings["key"] == option.key,
            }
            for index, option in enumerate(view.control.options)
        ]
        return {"items": items, "chooser": self.chooser(view.control)}

    def shown_value(self, control: Control, value: Any, lang: str) -> str | None:
        chosen = next((c for c in control.children if c.widget == "variant"), None)
        return text(chosen.label, lang) if chosen else ""


@widget("variant")
class Variant(Widget):
    """The fields of one variant (built by ``variants``, never named by authors)."""

    template = "variant.html"
    parses = False

    def anchor(self, control: Control) -> str:
        for child in control.children:
            return get(child.widget).anchor(child)
        return control.id

    def parse(self, control: Control, form: FormSource) -> Parsed:  # pragma: no cover
        raise TypeError("a variant holds no value of its own")
