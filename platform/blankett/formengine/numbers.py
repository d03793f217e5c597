"""Numbers as people write them, in Swedish or English: "3,5", "1 000", "-2", "1,234.50".

A single separator is the decimal mark (Swedish first: "3,5" and "3.5" are both three and a
half); with both, the last one is and the other must group thousands. Spaces (also no-break
and thin spaces) group thousands; a typographic minus sign is a minus.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[.,]\d{3})+")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def parse_decimal(typed: str) -> Decimal | None:
    """The number in ``typed``, or ``None`` when it is not one."""
    value = _SPACES.sub("", typed).replace("\u2212", "-")
    if "," in value and "." in value:
        mark = max(value.rfind(","), value.rfind("."))
        whole, fraction = value[:mark], value[mark + 1 :]
        if not (_GROUPED.fullmatch(whole) and fraction.isdecimal()):
            return None
        value = re.sub(r"[.,]", "", whole) + "." + fraction
    elif not _PLAIN.fullmatch(value):
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def to_json(number: Decimal) -> int | float:
    """A whole number as ``int`` (so 3 stays 3, not 3.0), anything else as ``float``."""
    return int(number) if number == number.to_integral_value() else float(number)


def format_number(value: Any, lang: str, *, grouped: bool = True) -> str:
    """``1234.5`` → ``"1 234,5"`` (sv) or ``"1,234.5"`` (en); other values as they are.
    Without ``grouped`` there are no thousands separators (for an input's value)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = f"{number:,f}" if grouped else f"{number:f}"
    if lang == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text
