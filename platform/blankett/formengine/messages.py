"""The default error-message catalogue and how a message is chosen for a control.

Keys are JSON Schema keywords (``required``, ``maxLength``), formats (``format:email``), widget
variants (``radios:required``) and widget-specific problems (``date:invalid``). An element's
``errorMessages`` overrides any key for that control. Messages follow GOV.UK style: they name the
field and say what to do ("Ange e-postadress"), never "Fältet är obligatoriskt".

Placeholders: ``{label}`` the label as written, ``{name}`` the element's ``shortLabel`` or the
label starting in lower case without a trailing "?" or ":", ``{Name}`` the same starting in upper
case, ``{limit}`` the keyword's value (e.g. 4000 for ``maxLength``) and ``{missing}`` what a date
lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .definition import Control
from .texts import Text, pair, text

CATALOGUE: Mapping[str, Text] = {
    "required": pair("Ange {name}", "Enter {name}"),
    "radios:required": pair("Välj {name}", "Select {name}"),
    "radios:enum": pair("Välj {name}", "Select {name}"),
    "checkbox:required": pair("Du måste kryssa i rutan ”{label}”", "You must tick the box “{label}”"),
    "checkbox:const": pair("Du måste kryssa i rutan ”{label}”", "You must tick the box “{label}”"),
    "minLength": pair("{Name} måste vara minst {limit} tecken", "{Name} must be {limit} characters or more"),
    "maxLength": pair("{Name} får vara högst {limit} tecken", "{Name} must be {limit} characters or fewer"),
    "pattern": pair("Ange {name} i rätt format", "Enter {name} in the correct format"),
    "format": pair("Ange {name} i rätt format", "Enter {name} in the correct format"),
    "format:email": pair(
        "Ange e-postadressen i rätt format, till exempel namn@exempel.se",
        "Enter an email address in the correct format, like name@example.com",
    ),
    "format:date": pair("{Name} måste vara ett riktigt datum", "{Name} must be a real date"),
    "date:incomplete": pair("{Name} måste innehålla {missing}", "{Name} must include {missing}"),
    "date:invalid": pair("{Name} måste vara ett riktigt datum", "{Name} must be a real date"),
    "enum": pair("Välj ett av alternativen för {name}", "Select one of the options for {name}"),
    "const": pair("Ange rätt värde för {name}", "Enter the right value for {name}"),
    "type": pair("Ange {name} i rätt format", "Enter {name} in the correct format"),
    "minimum": pair("{Name} måste vara minst {limit}", "{Name} must be {limit} or more"),
    "maximum": pair("{Name} får vara högst {limit}", "{Name} must be {limit} or less"),
    "minItems": pair("Ange minst {limit} för {name}", "Give at least {limit} for {name}"),
    "maxItems": pair("Ange högst {limit} för {name}", "Give at most {limit} for {name}"),
    "default": pair("Kontrollera {name}", "Check {name}"),
}

ERROR_PREFIX: Text = pair("Fel:", "Error:")


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
        values[key] = text(value, lang) if isinstance(value, Mapping) else str(value)
    result = text(chosen, lang)
    # Plain replacement, not str.format: authors' texts may contain other braces.
    for key, value in values.items():
        result = result.replace("{" + key + "}", value)
    return result
