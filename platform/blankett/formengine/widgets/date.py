"""The ``date`` widget: GOV.UK's three inputs (day, month, year), stored as ISO ``YYYY-MM-DD``.

Input that is not a whole, real date is not stored as a value. The parts are kept as raw input
(see :data:`blankett.formengine.RAW_KEY`) so that the page can show them again together with
``date:incomplete`` or ``date:invalid``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ..definition import Control
from ..schemas import Schema, main_type
from ..texts import Text, pair, text
from .base import FieldView, FormSource, Parsed, RawProblem, Widget, form_string
from .registry import widget

PARTS = ("day", "month", "year")
PART_LABELS: Mapping[str, Text] = {
    "day": pair("Dag", "Day"),
    "month": pair("Månad", "Month"),
    "year": pair("År", "Year"),
}
MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}
# For "Datumet måste innehålla dag och år" / "The date must include a day and year".
_MISSING_WORDS = {"sv": ("dag", "månad", "år"), "en": ("day", "month", "year")}


def _number(value: str, digits: int) -> int | None:
    """The value as a number of at most ``digits`` digits (``None`` otherwise)."""
    return int(value) if value.isdecimal() and len(value) <= digits else None


def to_date(parts: Mapping[str, str]) -> datetime.date | None:
    day, month = _number(parts.get("day", ""), 2), _number(parts.get("month", ""), 2)
    year = parts.get("year", "")
    if day is None or month is None or len(year) != 4 or not year.isdecimal():
        return None
    try:
        return datetime.date(int(year), month, day)
    except ValueError:
        return None


def _bad_parts(parts: Mapping[str, str]) -> tuple[str, ...]:
    """Which inputs to mark for a complete but impossible date."""
    bad = set()
    if _number(parts["day"], 2) is None:
        bad.add("day")
    month = _number(parts["month"], 2)
    if month is None or not 1 <= month <= 12:
        bad.add("month")
    if len(parts["year"]) != 4 or not parts["year"].isdecimal():
        bad.add("year")
    # Nothing wrong with any single part: the day does not exist in that month (31 February).
    return tuple(p for p in PARTS if p in bad) or ("day",)


def _join(words: list[str], lang: str) -> str:
    conjunction = " och " if lang == "sv" else " and "
    head = ", ".join(words[:-1])
    return head + conjunction + words[-1] if head else words[-1]


def _missing_text(missing: tuple[str, ...]) -> Text:
    result = {}
    for lang, words in _MISSING_WORDS.items():
        chosen = [w for part, w in zip(PARTS, words, strict=True) if part in missing]
        result[lang] = _join(chosen, lang) if lang == "sv" else "a " + _join(chosen, lang)
    return result


def format_date(value: str, lang: str) -> str:
    """``"2026-03-27"`` → ``"27 mars 2026"`` / ``"27 March 2026"``; other text as is."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    month = MONTHS.get(lang, MONTHS["sv"]).split()[day.month - 1]
    return f"{day.day} {month} {day.year}"


@widget("date")
class DateInput(Widget):
    template = "date.html"
    inference_rank = 40

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return main_type(schema) in (None, "string") and schema.get("format") == "date"

    def check(self, control: Control) -> list[tuple[str, str]]:
        if main_type(control.schema) in (None, "string"):
            return []
        return [("/path", "the 'date' widget needs a string property")]

    def part_name(self, control: Control, part: str) -> str:
        return f"{control.name}[{part}]"

    def read_parts(self, control: Control, form: FormSource) -> dict[str, str]:
        return {p: form_string(form, self.part_name(control, p)) for p in PARTS}

    def parse(self, control: Control, form: FormSource) -> Parsed:
        parts = self.read_parts(control, form)
        if not any(parts.values()):
            return Parsed()
        day = to_date(parts)
        return Parsed(day.isoformat()) if day else Parsed(raw=parts)

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        parts = {p: str(raw.get(p) or "") for p in PARTS}
        missing = tuple(p for p in PARTS if not parts[p])
        if missing:
            return RawProblem("date:incomplete", {"missing": _missing_text(missing)}, missing)
        if to_date(parts) is None:
            return RawProblem("date:invalid", {}, _bad_parts(parts))
        return None

    def anchor(self, control: Control) -> str:
        return f"{control.id}-day"

    def variables(self, view: FieldView) -> dict[str, Any]:
        return {"inputs": self.inputs(view, view.value)}

    def inputs(self, view: FieldView, value: Any) -> list[dict[str, Any]]:
        """The three inputs of the date, with what to show in each."""
        control = view.control
        if view.raw is not None:
            values = {p: str(view.raw.get(p) or "") for p in PARTS}
        else:
            values = split_iso(value)
        problem = self.raw_problem(control, view.raw) if view.raw is not None else None
        flagged = problem.parts if problem else (PARTS if view.error else ())
        birthday = control.autocomplete == "bday"
        return [
            {
                "part": part,
                "id": f"{control.id}-{part}",
                "name": self.part_name(control, part),
                "label": text(PART_LABELS[part], view.lang),
                "value": values[part],
                "invalid": part in flagged,
                "autocomplete": f"bday-{part}" if birthday else None,
            }
            for part in PARTS
        ]

    def format(self, control: Control, value: Any, lang: str) -> str:
        return format_date(value, lang)


def split_iso(value: Any) -> dict[str, str]:
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return dict.fromkeys(PARTS, "")
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
