"""The default message catalogue and per-field overrides."""

from __future__ import annotations

import pytest

from blankett.formengine import validate_answers
from blankett.formengine.catalogue import CATALOGUE
from tests.formengine.forms import definition_for, label, page, schema_of

PLACEHOLDERS = ("{name}", "{Name}", "{label}")


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_is_in_swedish_and_english_and_names_the_field(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == {"sv", "en"}
    assert entry["sv"].strip()
    assert entry["en"].strip()
    assert entry["sv"] != entry["en"]
    if not key.startswith("format:") or key in (
        "format:uri",
        "format:time",
        "format:date",
        "format:date-time",
    ):
        assert any(p in entry["sv"] for p in PLACEHOLDERS), key
        assert any(p in entry["en"] for p in PLACEHOLDERS), key
    assert "obligatorisk" not in entry["sv"]
    assert "is required" not in entry["en"]


def test_overrides_per_field_and_keyword() -> None:
    schema = schema_of(
        {"pnr": {"type": "string", "format": "personnummer"}, "rooms": {"type": "integer", "maximum": 9}},
        required=("pnr",),
    )
    elements = [
        {
            "type": "control",
            "path": "/pnr",
            "label": label("Ditt personnummer", "Your personal identity number"),
            "errorMessages": {
                "required": label("Ange ditt personnummer", "Enter your personal identity number"),
                "format": label("Personnumret stämmer inte", "The number is not right"),
            },
        },
        {
            "type": "control",
            "path": "/rooms",
            "label": label("Antal rum", "Number of rooms"),
            "errorMessages": {"maximum": label("Högst {limit} rum", "At most {limit} rooms")},
        },
    ]
    definition = definition_for(schema, [page("a", *elements)])
    assert [e.message for e in validate_answers(definition, {}, "sv")] == ["Ange ditt personnummer"]
    errors = validate_answers(definition, {"pnr": "19121212-1213", "rooms": 10}, "en")
    assert [e.message for e in errors] == ["The number is not right", "At most 9 rooms"]
