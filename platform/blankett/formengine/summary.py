"""Answers as rows of question and answer, for check-your-answers pages and receipts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import pointers, widgets
from .definition import FormDefinition
from .texts import Text, pair, text

NOT_GIVEN: Text = pair("Ej angivet", "Not given")


@dataclass(frozen=True)
class SummaryRow:
    """One answer. ``field_id`` is the input to focus when the person chooses "Ändra"."""

    page_id: str
    pointer: str
    label: str
    value: str
    field_id: str = ""


def summary(definition: FormDefinition, answers: Mapping[str, Any], lang: str) -> list[SummaryRow]:
    """One row per value-holding control, in page order; empty answers read "Ej angivet"."""
    rows = []
    for page in definition.pages:
        for control in page.controls:
            widget = widgets.get(control.widget)
            if not widget.parses:
                continue
            value = pointers.get(answers, control.segments)
            shown = (
                text(NOT_GIVEN, lang) if value is None or value == "" else widget.format(control, value, lang)
            )
            rows.append(
                SummaryRow(page.id, control.pointer, text(control.label, lang), shown, widget.anchor(control))
            )
    return rows
