"""What the schema says about a control when the author does not: a label from ``title`` or
the property name, a hint from ``description`` or ``examples``, the options of a choice, and
the ``autocomplete`` token of a personal field."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from . import composition, pointers, schemas, widgets
from .definition import Option
from .schemas import Schema
from .texts import Text, pair

EXAMPLE: Text = pair("Till exempel: ", "For example: ")
# WCAG 1.3.5: personal fields say what they hold. Only for questions about the person filling
# in the form, so never inside a repeatable section (household members are other people).
AUTOCOMPLETE_BY_NAME: Mapping[str, str] = {
    "name": "name",
    "fullName": "name",
    "givenName": "given-name",
    "firstName": "given-name",
    "familyName": "family-name",
    "lastName": "family-name",
    "email": "email",
    "phone": "tel",
    "telephone": "tel",
    "mobile": "tel",
    "organization": "organization",
    "organisation": "organization",
    "birthDate": "bday",
    "dateOfBirth": "bday",
}


def autocomplete_token(segments: tuple[str, ...], widget: str) -> str | None:
    """The ``autocomplete`` token a field gets when the author names none."""
    if pointers.ITEM in segments or not segments:
        return None
    return widgets.get(widget).default_autocomplete or AUTOCOMPLETE_BY_NAME.get(segments[-1])


def humanise(name: str) -> str:
    """``"firstName"``, ``"first_name"`` → ``"First name"``: a fallback label."""
    spaced = re.sub(r"(?<=[a-zåäö0-9])(?=[A-ZÅÄÖ])", " ", name).replace("_", " ").replace("-", " ")
    words = spaced.split()
    if not words:
        return name
    rest = [w if len(w) > 1 and w.isupper() else w.lower() for w in words[1:]]
    return " ".join([words[0][:1].upper() + words[0][1:], *rest])


def schema_hint(schema: Schema) -> Text | str | None:
    """``description``, else the first of ``examples``."""
    description = schema.get("description")
    if isinstance(description, str) and description.strip():
        return description
    examples = schema.get("examples")
    if isinstance(examples, list) and examples and isinstance(examples[0], str | int | float):
        return {lang: prefix + str(examples[0]) for lang, prefix in EXAMPLE.items()}
    return None


def option_key(value: Any) -> str:
    """The HTML value for a choice: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def options_for(root: Schema, schema: Schema, raw: Mapping[str, Any] | None) -> tuple[Option, ...]:
    """Options from the author's ``options`` map, else from the schema's choices (or, for an
    array, its items' choices)."""
    found = composition.choices(root, schema)
    if found is None and schemas.main_type(schema) == "array":
        items = schemas.item_schema(schema)
        found = composition.choices(root, schemas.display(root, items)) if items is not None else None
    values = found or []
    if raw is not None:
        by_key = {option_key(c.value): c.value for c in values}
        return tuple(Option(by_key.get(key, key), key, label) for key, label in raw.items())
    return tuple(Option(c.value, option_key(c.value), c.title or option_key(c.value)) for c in values)
