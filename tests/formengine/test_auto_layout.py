"""Any JSON Schema object schema renders with no layout given, and round-trips its data."""

from __future__ import annotations

import copy
from typing import Any

from blankett.formengine import build_definition, render_page, summary, text, validate_answers, validate_page
from tests.formengine.forms import control, definition_for, label, page, schema_of
from tests.formengine.html import parse
from tests.formengine.roundtrip import assert_round_trip, post
from tests.formengine.test_rendering import assert_accessible

# A draft-07 schema as third parties write them: definitions, a recursive $ref, a
# dependencies map (both forms), tuple items with additionalItems, enums and arrays of enums.
PARKING = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://example.org/schemas/parking-permit.json",
    "title": "Parking permit",
    "type": "object",
    "definitions": {
        "address": {
            "type": "object",
            "properties": {
                "street": {"type": "string", "title": "Gatuadress"},
                "postalCode": {"type": "string", "pattern": "^[0-9]{5}$"},
                "city": {"type": "string"},
            },
            "required": ["street", "postalCode", "city"],
        },
        "person": {
            "type": "object",
            "title": "Person",
            "properties": {
                "name": {"type": "string", "title": "Namn", "minLength": 1},
                "born": {"type": "string", "format": "date", "description": "Enligt folkbokföringen"},
                "children": {"type": "array", "title": "Barn", "items": {"$ref": "#/definitions/person"}},
            },
            "required": ["name"],
        },
    },
    "properties": {
        "applicant": {"$ref": "#/definitions/person"},
        "home": {"$ref": "#/definitions/address"},
        "vehicle": {"type": "string", "enum": ["car", "mc", "moped"]},
        "registration": {"type": "string", "maxLength": 7, "examples": ["ABC123"]},
        "hasCompanion": {"type": "boolean"},
        "companion": {"type": "string"},
        "coordinates": {
            "type": "array",
            "items": [{"type": "number", "title": "Latitud"}, {"type": "number", "title": "Longitud"}],
            "additionalItems": False,
            "minItems": 2,
        },
        "extras": {
            "type": "array",
            "items": {"type": "string", "enum": ["a", "b", "c"]},
            "uniqueItems": True,
        },
        "weight": {"type": "number", "minimum": 0, "multipleOf": 0.1},
    },
    "dependencies": {
        "companion": ["hasCompanion"],
        "registration": {
            "properties": {"registrationDate": {"type": "string", "format": "date"}},
            "required": ["registrationDate"],
        },
    },
    "required": ["applicant", "vehicle"],
}
FILLED: dict[str, Any] = {
    "applicant": {
        "name": "Anna",
        "born": "1980-02-03",
        "children": [{"name": "Bo", "children": [{"name": "Cia"}]}],
    },
    "home": {"street": "Storgatan 1", "postalCode": "12345", "city": "Visby"},
    "vehicle": "car",
    "registration": "ABC123",
    "registrationDate": "2020-01-01",
    "hasCompanion": True,
    "companion": "Dana",
    "coordinates": [57.64, 18.29],
    "extras": ["a", "c"],
    "weight": 12.5,
}


def test_a_draft07_schema_gets_pages() -> None:
    definition = definition_for(PARKING)
    assert [(p.id, text(p.title, "sv")) for p in definition.pages] == [
        ("applicant", "Person"),
        ("home", "Home"),
        ("sida", "Testblankett"),
        ("coordinates", "Coordinates"),
        ("sida-5", "Testblankett"),
    ]
    widgets = {c.pointer: c.widget for c in definition.controls}
    assert widgets["/home"] == "address"
    assert widgets["/home/postalCode"] == "postnummer"
    assert widgets["/vehicle"] == "radios"
    assert widgets["/hasCompanion"] == "yesno"
    assert widgets["/coordinates"] == "tuple"
    assert widgets["/extras"] == "checkboxes"
    assert widgets["/weight"] == "number"
    assert widgets["/registrationDate"] == "date"  # declared only under dependencies


def test_a_draft07_schema_round_trips() -> None:
    definition = definition_for(PARKING)
    assert type(definition.validator).__name__.startswith("Draft7")
    assert_round_trip(definition, FILLED)
    rows = {r.label: r.value for r in summary(definition, FILLED, "sv")}
    assert rows["Barn 1: Barn 1: Namn"] == "Cia"
    assert rows["Home"] == "Storgatan 1, 123 45 Visby"
    assert rows["Weight"] == "12,5"


def test_every_derived_page_is_accessible() -> None:
    definition = definition_for(PARKING)
    for shown in definition.pages:
        for answers in ({}, FILLED, {"weight": -1, "registration": "ABCDEFGHIJ", "coordinates": [1]}):
            errors = validate_page(definition, shown.id, answers, "en")
            assert_accessible(parse(str(render_page(definition, shown.id, answers, errors, "en"))))


def test_texts_fall_back_to_the_schema() -> None:
    definition = definition_for(PARKING)
    born = definition.control("/applicant/born")
    assert born is not None
    assert (born.label, born.hint) == ("Born", "Enligt folkbokföringen")
    registration = definition.control("/registration")
    assert registration is not None
    assert text(registration.hint, "en") == "For example: ABC123"
    assert definition.control("/applicant/name").label == "Namn"  # type: ignore[union-attr]
    document = parse(str(render_page(definition, "applicant", {}, [], "sv")))
    assert document.by_id("f-applicant-born-hint").text == "Enligt folkbokföringen"


def test_recursive_refs_stop_at_the_depth_limit() -> None:
    definition = definition_for(PARKING)
    nested = [c.pointer.count("children") for c in definition.controls if c.pointer.endswith("/name")]
    assert nested == [0, 1, 2]  # a $ref is followed three times along one path


def test_conditional_fields_from_dependencies() -> None:
    definition = definition_for(PARKING)
    without = {k: v for k, v in FILLED.items() if k not in ("registration", "registrationDate")}
    assert "/registrationDate" not in [c.pointer for c in _shown(definition, "sida-5", without)]
    assert "/registrationDate" in [c.pointer for c in _shown(definition, "sida-5", FILLED)]
    # Required only when shown: the dependency holds, the date is missing.
    answers = {**without, "registration": "XYZ999"}
    errors = validate_answers(definition, answers, "sv")
    assert [(e.pointer, e.keyword) for e in errors] == [("/registrationDate", "required")]
    # dependencies as a list: the companion needs "hasCompanion".
    answers = {**without, "hasCompanion": True, "companion": "Dana"}
    del answers["hasCompanion"]
    assert [(e.pointer, e.keyword) for e in validate_answers(definition, answers, "sv")] == [
        ("/hasCompanion", "required")
    ]


def _shown(definition: Any, page_id: str, answers: dict[str, Any]) -> list[Any]:
    from blankett.formengine.expansion import expand

    return list(expand(definition.page(page_id).elements, answers).controls())


def test_a_page_can_ask_for_everything_else() -> None:
    schema = schema_of(
        {
            "name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "age": {"type": "integer"},
        },
        required=("name",),
    )
    definition = definition_for(
        schema,
        [page("namn", control("/name", "Namn", "Name")), page("resten", elements="auto")],
    )
    assert [c.pointer for c in definition.page("resten").controls] == ["/email", "/age"]
    assert definition.control("/email").autocomplete == "email"  # type: ignore[union-attr]
    assert post(definition, "resten", {"name": "A"}, typed={"email": "a@b.se", "age": "41"}) == {
        "name": "A",
        "email": "a@b.se",
        "age": 41,
    }


VALIDATION_ONLY = schema_of(
    {
        "anything": {},
        "never": False,
        "always": True,
        "code": {"type": "string", "not": {"const": "0000"}},
        "tags": {"type": "array", "items": {"type": "string"}, "contains": {"const": "x"}, "minContains": 1},
        "meta": {
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "patternProperties": {"^x-": {"type": "string"}},
            "propertyNames": {"maxLength": 8},
            "minProperties": 1,
            "unevaluatedProperties": False,
        },
        "tree": {"$ref": "#/$defs/node"},
    },
    **{
        "$defs": {
            "node": {
                "$dynamicAnchor": "node",
                "type": "object",
                "properties": {
                    "label": {"type": "string"},
                    "kids": {"type": "array", "items": {"$dynamicRef": "#node"}},
                },
            }
        },
        "unevaluatedProperties": False,
    },
)


def test_validation_only_keywords_are_enforced_and_never_crash() -> None:
    definition = definition_for(VALIDATION_ONLY)
    for shown in definition.pages:
        render_page(definition, shown.id, {}, [], "sv")
    data = {"anything": "x", "code": "1234", "tags": ["x"], "meta": {"a": "b"}, "tree": {"label": "root"}}
    assert validate_answers(definition, data, "sv") == []
    bad = copy.deepcopy(data)
    bad.update(code="0000", tags=["y"], meta={}, stray="?")
    keywords = {(e.pointer, e.keyword) for e in validate_answers(definition, bad, "sv")}
    assert {
        ("/code", "not"),
        ("/tags", "contains"),
        ("/meta", "minProperties"),
        ("", "unevaluatedProperties"),
    } <= keywords


def test_the_automatic_layout_needs_something_to_ask() -> None:
    import pytest

    from blankett.errors import FormDefinitionError

    with pytest.raises(FormDefinitionError, match="no properties to ask for"):
        definition_for(schema_of({}))
    with pytest.raises(FormDefinitionError):
        build_definition(
            {"formatVersion": "1.0", "id": "x", "version": "1", "title": label("a", "b"), "schema": {}}
        )
