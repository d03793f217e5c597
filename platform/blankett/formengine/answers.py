"""Turn a posted page into answers, and answers into what is stored.

Answers are the JSON document the schema describes (nested dicts and lists for nested paths),
plus one private key, :data:`RAW_KEY`, holding input that could not become a value (see
:mod:`.raw`). Top-level keys starting with ``_`` are private: :func:`clean_answers` drops them
before validation, storage or submission, and definitions may not use such names.

A page is read as it was shown: its controls are bound to the answers it was rendered with,
so the items of a repeatable section and the chosen variant's fields are the ones on screen.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from . import pointers, widgets
from .definition import Control, FormDefinition, Page
from .expansion import Shown, expand, prune
from .raw import RAW_KEY, raw_input
from .widgets import ADD, REMOVE, FormSource
from .widgets.base import form_string
from .widgets.files import REMOVE_FILE, UPLOAD, references
from .widgets.repeat import Repeat

__all__ = ["RAW_KEY", "clean_answers", "is_private", "parse_page", "raw_input", "stay_on_page"]


def is_private(key: str) -> bool:
    return key.startswith("_")


def parse_page(
    definition: FormDefinition, page: Page | str, form: FormSource, answers: Mapping[str, Any]
) -> dict[str, Any]:
    """A NEW answers dict with this page's posted values merged in.

    Strings are stripped, an empty input removes its key (so ``required`` fires; a nullable
    value becomes ``null``), an unticked checkbox is ``false`` and dates are assembled from
    their parts. Values posted for controls that are not on ``page`` (or not shown on it) are
    ignored, and so are values for read-only and hidden controls. The "Lägg till" and "Ta
    bort" buttons of repeatable sections add or remove an item after the page is read; values
    of controls the new answers hide are cleared.
    """
    page = definition.resolve_page(page)
    result = copy.deepcopy(dict(answers))
    raw_store = dict(result.pop(RAW_KEY, None) or {})
    shown = expand(page.elements, answers)
    controls = list(shown.controls())
    for control in controls:
        widgets.get(control.widget).parse_into(control, form, result, raw_store)
    for control in reversed(controls):
        widgets.get(control.widget).finish(control, result, raw_store)
    _act(shown, form, result, raw_store)
    _prune_optional_objects(definition, controls, result)
    if raw_store:
        result[RAW_KEY] = raw_store
    prune(definition, result)
    return result


def _act(shown: Shown, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]) -> None:
    """Apply an add or remove button of a repeatable section on the page."""
    add, remove = form_string(form, ADD), form_string(form, REMOVE)
    if not (add or remove):
        return
    for control in shown.controls():
        kind = widgets.get(control.widget)
        if not isinstance(kind, Repeat):
            continue
        if add == control.pointer:
            kind.add(control, answers, raw_store)
        for item in control.children:
            if remove == item.pointer:
                kind.remove(control, int(item.segments[-1]), answers, raw_store)


def _prune_optional_objects(
    definition: FormDefinition, controls: list[Control], answers: dict[str, Any]
) -> None:
    """Drop objects this page left empty unless the schema requires them.

    An optional ``contact`` object left as ``{}`` would otherwise demand its required
    properties; a required one stays so that its properties' ``required`` errors name the fields.
    """
    parents = {c.segments[:depth] for c in controls for depth in range(1, len(c.segments))}
    for segments in sorted(parents, key=len, reverse=True):
        value = pointers.get(answers, segments)
        if value == {} and isinstance(value, dict) and not definition.is_required(segments):
            if not isinstance(pointers.get(answers, segments[:-1]), list):
                pointers.remove(answers, segments)


def stay_on_page(
    definition: FormDefinition,
    page: Page | str,
    form: FormSource,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> str | None:
    """Whether a POST changed the page rather than answered it, and where to look.

    ``None`` means "validate and go on". Otherwise the page should be shown again (without
    errors), scrolled to the returned element id: an item was added or removed, or the
    answers just given revealed new questions on this page (a chosen variant's fields, a
    conditional field), which the person has not seen yet, or a file was uploaded or removed
    with the file's own button.
    """
    page = definition.resolve_page(page)
    upload, removed = form_string(form, UPLOAD), form_string(form, REMOVE_FILE)
    if upload or removed:
        return _file_target(expand(page.elements, before), before, upload, removed)
    add, remove = form_string(form, ADD), form_string(form, REMOVE)
    if add or remove:
        return _action_target(expand(page.elements, after), add, remove)
    if not definition.dynamic:
        return None
    seen = {c.pointer for c in expand(page.elements, before).controls()}
    for control in expand(page.elements, after).controls():
        kind = widgets.get(control.widget)
        if control.pointer not in seen and kind.parses:
            return kind.anchor(control)
    return None


def _file_target(shown: Shown, answers: Mapping[str, Any], upload: str, removed: str) -> str:
    for control in shown.controls():
        if control.widget != "file":
            continue
        held = references(pointers.get(answers, control.segments))
        if control.pointer == upload or any(r.get("id") == removed for r in held):
            return widgets.get(control.widget).anchor(control)
    return "main"


def _action_target(shown: Shown, add: str, remove: str) -> str:
    for control in shown.controls():
        if control.widget != "repeat":
            continue
        if add == control.pointer:
            return control.children[-1].id if control.children else control.id
        if remove.startswith(control.pointer + "/"):
            return control.id
    return "main"


def clean_answers(definition: FormDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers ready to validate, store or send: without private keys
    (:data:`RAW_KEY`) and without values of hidden questions."""
    if not definition.dynamic:
        return {k: copy.deepcopy(v) for k, v in answers.items() if not is_private(k)}
    result = copy.deepcopy(dict(answers))
    prune(definition, result)  # with the raw input, which remembers a chosen variant
    return {k: v for k, v in result.items() if not is_private(k)}
