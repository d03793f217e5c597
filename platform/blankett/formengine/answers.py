"""Turn a posted page into answers, and answers into what is stored.

Answers are the JSON document the schema describes (nested dicts for nested paths), plus one
private key, :data:`RAW_KEY`. Under it, input that could not become a value is kept per control
pointer so that the page can show it again, e.g. a half-filled date::

    {"description": "...", "_raw": {"/happenedOn": {"day": "31", "month": "2", "year": "2026"}}}

Top-level keys starting with ``_`` are private: :func:`clean_answers` drops them before
validation, storage or submission, and definitions may not use such names.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from . import pointers, schemas, widgets
from .definition import FormDefinition, Page
from .widgets import MISSING, FormSource

RAW_KEY = "_raw"


def is_private(key: str) -> bool:
    return key.startswith("_")


def parse_page(
    definition: FormDefinition, page: Page | str, form: FormSource, answers: Mapping[str, Any]
) -> dict[str, Any]:
    """A NEW answers dict with this page's posted values merged in.

    Strings are stripped, an empty input removes its key (so ``required`` fires), an unticked
    checkbox is ``false`` and dates are assembled from their parts. Values posted for controls
    that are not on ``page`` are ignored.
    """
    page = definition.resolve_page(page)
    result = copy.deepcopy(dict(answers))
    raw_store = dict(result.pop(RAW_KEY, None) or {})
    for control in page.controls:
        widget = widgets.get(control.widget)
        if not widget.parses:
            continue
        parsed = widget.parse(control, form)
        if parsed.value is MISSING:
            pointers.remove(result, control.segments)
        else:
            pointers.put(result, control.segments, parsed.value)
        if parsed.raw is None:
            raw_store.pop(control.pointer, None)
        else:
            raw_store[control.pointer] = dict(parsed.raw)
    _prune_optional_objects(definition, page, result)
    if raw_store:
        result[RAW_KEY] = raw_store
    return result


def _prune_optional_objects(definition: FormDefinition, page: Page, answers: dict[str, Any]) -> None:
    """Drop objects this page left empty unless the schema requires them.

    An optional ``contact`` object left as ``{}`` would otherwise demand its required
    properties; a required one stays so that its properties' ``required`` errors name the fields.
    """
    parents = {c.segments[:depth] for c in page.controls for depth in range(1, len(c.segments))}
    for segments in sorted(parents, key=len, reverse=True):
        value = pointers.get(answers, segments)
        if value == {} and not schemas.is_required(definition.schema, segments):
            pointers.remove(answers, segments)


def clean_answers(definition: FormDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers without private keys (:data:`RAW_KEY`), ready to validate or store."""
    return {k: copy.deepcopy(v) for k, v in answers.items() if not is_private(k)}


def raw_input(answers: Mapping[str, Any], pointer: str) -> Mapping[str, str] | None:
    """The kept raw input for a control, if any."""
    store = answers.get(RAW_KEY)
    found = store.get(pointer) if isinstance(store, Mapping) else None
    return found if isinstance(found, Mapping) else None
