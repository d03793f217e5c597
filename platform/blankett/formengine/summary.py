"""Answers as rows of question and answer, for check-your-answers pages and receipts.

Only the path the answers take is summarised: pages and questions that conditions hide are
left out. Items of a repeatable section are named in each row ("Person 2: Namn"), an address
is one row, and a ``writeOnly`` answer is never shown back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import pointers, widgets
from .definition import Control, FormDefinition
from .expansion import expand, visible_pages
from .texts import Text, pair, text

NOT_GIVEN: Text = pair("Ej angivet", "Not given")
NOT_SHOWN: Text = pair("Angivet (visas inte)", "Given (not shown)")


@dataclass(frozen=True)
class SummaryRow:
    """One answer. ``field_id`` is the input to focus when the person chooses "Ändra"."""

    page_id: str
    pointer: str
    label: str
    value: str
    field_id: str = ""
    files: tuple[Mapping[str, Any], ...] = ()  # file references of the answer (a ``file`` control)


def summary(definition: FormDefinition, answers: Mapping[str, Any], lang: str) -> list[SummaryRow]:
    """One row per answer on the path taken, in page order; empty answers read "Ej angivet"."""
    rows = []
    for page in visible_pages(definition, answers):
        for element in expand(page.elements, answers).elements:
            if isinstance(element, Control):
                for control, prefix in _rows(element, "", lang):
                    row = _row(control, answers, lang)
                    if row is not None:
                        label = f"{prefix}: {row[0]}" if prefix and row[0] != prefix else row[0]
                        files = widgets.get(control.widget).files(control, pointers.get(answers, control.segments))
                        rows.append(SummaryRow(page.id, control.pointer, label, row[1], row[2], files))
    return rows


def _rows(control: Control, prefix: str, lang: str) -> Iterator[tuple[Control, str]]:
    """The controls that may get a row, each with the item titles around it."""
    yield control, prefix
    if widgets.get(control.widget).collapses:
        return
    inner = prefix
    if control.widget == "repeat-item" and not control.settings.get("scalar"):
        title = text(control.label, lang)
        inner = f"{prefix}: {title}" if prefix else title
    for child in control.children:
        yield from _rows(child, inner, lang)


def _row(control: Control, answers: Mapping[str, Any], lang: str) -> tuple[str, str, str] | None:
    kind = widgets.get(control.widget)
    value = pointers.get(answers, control.segments)
    empty = value is None or value == "" or value == []
    if control.schema.get("writeOnly") and not empty:
        shown: str | None = text(NOT_SHOWN, lang)
    else:
        shown = kind.shown_value(control, None if empty else value, lang)
    if shown is None:
        return None
    return text(control.label, lang), shown or text(NOT_GIVEN, lang), kind.anchor(control)
