"""``tuple``: the fixed positions of an array (``prefixItems``, or draft-07 tuple ``items``),
each asked as its own control in one fieldset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import pointers, schemas
from ..definition import Control
from ..schemas import Schema, main_type
from .base import FormSource, Widget
from .registry import get, widget
from .repeat import index_label, with_index

if TYPE_CHECKING:
    from ..building import Builder


@widget("tuple")
class Tuple(Widget):
    """Fixed positions of an array, each asked as its own control, in one fieldset."""

    template = "fieldset.html"
    inference_rank = 36
    parses = False

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return main_type(schema) == "array" and bool(schemas.prefix_items(schema))

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        least = control.schema.get("minItems")
        label = with_index(control.label)
        found = []
        for index, declared in enumerate(schemas.prefix_items(control.schema)):
            schema = schemas.child(builder.root, control.schema, str(index))
            with builder.descend(declared) as allowed:
                if not allowed or schema is None:
                    continue
                child = builder.inferred(
                    (*control.segments, str(index)),
                    schema,
                    at,
                    label=index_label(label, index + 1),
                    required=isinstance(least, int) and index < least,
                )
            if child is not None:
                found.append(child)
        return control.but(children=tuple(found))

    def check(self, control: Control) -> list[tuple[str, str]]:
        return [] if control.children else [("/path", "the array has no positions to ask for")]

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        value = pointers.get(answers, control.segments)
        items = list(value) if isinstance(value, list) else []
        items.extend([None] * (len(control.children) - len(items)))
        pointers.put(answers, control.segments, items)

    def finish(self, control: Control, answers: dict[str, Any], raw_store: dict[str, Any]) -> None:
        """Trailing empty positions are dropped (JSON arrays have no holes)."""
        value = pointers.get(answers, control.segments)
        if not isinstance(value, list):
            return
        while value and value[-1] is None and f"{control.pointer}/{len(value) - 1}" not in raw_store:
            value.pop()
        if not value and not control.required:
            pointers.remove(answers, control.segments)

    def anchor(self, control: Control) -> str:
        first = control.children[0] if control.children else None
        return get(first.widget).anchor(first) if first else control.id
