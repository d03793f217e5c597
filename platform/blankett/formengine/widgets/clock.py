"""Times: ``time`` (a time of day) and ``datetime`` (GOV.UK's date parts plus a time).

People write times as "14:30", "14.30", "1430" or "kl. 9". JSON Schema's ``time`` and
``date-time`` formats are RFC 3339 and need an offset, so values are stored in Swedish local
time with its offset (``"14:30:00+01:00"``); a time of day without a date carries today's
offset. A string without ``format: time`` stores plain ``"14:30"``. An unchanged answer keeps
its stored text (and offset), so answers round-trip exactly.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from .. import pointers
from ..definition import Control
from ..schemas import Schema
from ..texts import pair, text
from .base import FieldView, FormSource, Parsed, RawProblem, form_string, store
from .date import DateInput, format_date, to_date
from .registry import widget
from .text import TextInput, is_string

ZONE = ZoneInfo("Europe/Stockholm")
_TYPED = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:[:.]?(\d{2}))?(?:[:.](\d{2}))?", re.IGNORECASE)
_STORED = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?")
AT = pair("kl.", "at")


def parse_clock(typed: str) -> datetime.time | None:
    """A time of day from what a person typed, or ``None``."""
    match = _TYPED.fullmatch(typed.strip())
    if match is None:
        return None
    hour, minute, second = (int(g) if g else 0 for g in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    return datetime.time(hour, minute, second)


def clock_text(clock: datetime.time) -> str:
    return clock.strftime("%H:%M:%S" if clock.second else "%H:%M")


def stored_clock(value: Any) -> datetime.time | None:
    match = _STORED.match(value) if isinstance(value, str) else None
    return parse_clock(":".join(g for g in match.groups() if g)) if match else None


def _offset(moment: datetime.datetime) -> str:
    offset = moment.strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


@widget("time")
class TimeInput(TextInput):
    inference_rank = 40
    spellcheck = False
    width = "input-width-5"

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return is_string(schema) and schema.get("format") == "time"

    def parse(self, control: Control, form: FormSource) -> Parsed:
        typed = form_string(form, control.name)
        if not typed:
            return Parsed()
        clock = parse_clock(typed)
        if clock is None:
            return Parsed(raw={"text": typed})
        if control.schema.get("format") != "time":
            return Parsed(clock_text(clock))
        now = datetime.datetime.now(ZONE)
        return Parsed(clock.strftime("%H:%M:%S") + _offset(now))

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        parsed = self.parse(control, form)
        existing = pointers.get(answers, control.segments)
        unchanged = stored_clock(existing)
        if parsed.raw is None and unchanged is not None and unchanged == stored_clock(parsed.value):
            parsed = Parsed(existing)
        store(control, parsed, answers, raw_store)

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        return RawProblem("time:invalid")

    def input_text(self, view: FieldView) -> str:
        clock = stored_clock(view.value)
        return clock_text(clock) if clock else ""

    def format(self, control: Control, value: Any, lang: str) -> str:
        clock = stored_clock(value)
        return clock_text(clock) if clock else str(value)


def _moment(value: Any) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if moment is None:
        return None
    return moment.replace(tzinfo=ZONE) if moment.tzinfo is None else moment.astimezone(ZONE)


@widget("datetime")
class DateTimeInput(DateInput):
    """Day, month and year inputs plus a time input, in one fieldset."""

    template = "datetime.html"

    def accepts(self, schema: Schema, root: Schema) -> bool:
        return is_string(schema) and schema.get("format") == "date-time"

    def read_parts(self, control: Control, form: FormSource) -> dict[str, str]:
        return {
            **super().read_parts(control, form),
            "time": form_string(form, self.part_name(control, "time")),
        }

    def parse(self, control: Control, form: FormSource) -> Parsed:
        parts = self.read_parts(control, form)
        if not any(parts.values()):
            return Parsed()
        day, clock = to_date(parts), parse_clock(parts["time"])
        if day is None or clock is None:
            return Parsed(raw=parts)
        return Parsed(datetime.datetime.combine(day, clock, ZONE).isoformat())

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        parsed = self.parse(control, form)
        existing = pointers.get(answers, control.segments)
        unchanged = _moment(existing)
        if parsed.raw is None and unchanged is not None and unchanged == _moment(parsed.value):
            parsed = Parsed(existing)
        store(control, parsed, answers, raw_store)

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        problem = super().raw_problem(control, raw)
        if problem is not None:
            return problem
        if not raw.get("time"):
            return RawProblem("datetime:time", {}, ("time",))
        if parse_clock(str(raw.get("time"))) is None:
            return RawProblem("time:invalid", {}, ("time",))
        return None

    def variables(self, view: FieldView) -> dict[str, Any]:
        moment = _moment(view.value)
        inputs = self.inputs(view, moment.date().isoformat() if moment else None)
        if view.raw is not None:
            typed = str(view.raw.get("time") or "")
        else:
            typed = clock_text(moment.time()) if moment else ""
        problem = self.raw_problem(view.control, view.raw) if view.raw is not None else None
        flagged = "time" in problem.parts if problem else bool(view.error)
        clock = {
            "id": f"{view.id}-time",
            "name": self.part_name(view.control, "time"),
            "value": typed,
            "invalid": flagged,
            "label": text(pair("Tid", "Time"), view.lang),
        }
        return {"inputs": inputs, "clock": clock}

    def format(self, control: Control, value: Any, lang: str) -> str:
        moment = _moment(value)
        if moment is None:
            return str(value)
        return f"{format_date(moment.date().isoformat(), lang)} {text(AT, lang)} {clock_text(moment.time())}"
