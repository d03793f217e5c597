"""How an error message is chosen and filled in for a control.

The default messages are in :mod:`.catalogue`; an element's ``errorMessages`` overrides any
key for that control (``{"required": {...}, "format": {...}}``).

Placeholders: ``{label}`` the label as written, ``{name}`` the element's ``shortLabel`` or the
label starting in lower case without a trailing "?" or ":", ``{Name}`` the same starting in upper
case, ``{limit}`` the keyword's value (e.g. 4000 for ``maxLength``; numbers written the
language's way, "3,5") and ``{missing}`` what a date lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalogue import CATALOGUE, ERROR_PREFIX
from .definition import Control
from .numbers import format_number
from .texts import text

__all__ = ["CATALOGUE", "ERROR_PREFIX", "message", "short_name"]


def _lower_first(value: str) -> str:
    # Keep acronyms such as "SMS-nummer" or "BankID" as written.
    if len(value) > 1 and value[1].isupper():
        return value
    return value[:1].lower() + value[1:]


def short_name(control: Control | None, lang: str, fallback: str = "") -> str:
    """How a message names the field: ``shortLabel``, else the label in lower case."""
    if control is None:
        return fallback
    if control.short_label:
        return text(control.short_label, lang)
    return _lower_first(text(control.label, lang).strip().rstrip("?:").strip())


def _param(value: Any, lang: str) -> str:
    if isinstance(value, Mapping):
        return text(value, lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Four-digit numbers read best ungrouped ("4000 tecken"), as Språkrådet advises.
        return format_number(value, lang, grouped=abs(value) >= 10_000)
    return str(value)


def message(
    control: Control | None,
    keys: tuple[str, ...],
    lang: str,
    params: Mapping[str, Any] | None = None,
    *,
    fallback_name: str = "",
) -> str:
    """The message for the first of ``keys`` found in the overrides, then in the catalogue."""
    overrides = control.error_messages if control else {}
    chosen = next((overrides[k] for k in keys if k in overrides), None)
    if chosen is None:
        chosen = next((CATALOGUE[k] for k in keys if k in CATALOGUE), CATALOGUE["default"])
    name = short_name(control, lang, fallback_name)
    values = {
        "label": text(control.label, lang) if control else fallback_name,
        "name": name,
        "Name": name[:1].upper() + name[1:],
    }
    for key, value in (params or {}).items():
        values[key] = _param(value, lang)
    result = text(chosen, lang)
    # Plain replacement, not str.format: authors' texts may contain other braces.
    for key, value in values.items():
        result = result.replace("{" + key + "}", value)
    return result
