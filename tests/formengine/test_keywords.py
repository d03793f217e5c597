"""Each JSON Schema keyword a form can mean: how it renders, reads and validates."""

from __future__ import annotations

from typing import Any

import pytest

from blankett.formengine import (
    RAW_KEY,
    clean_answers,
    parse_page,
    render_page,
    summary,
    validate_answers,
    validate_page,
)
from tests.formengine.forms import definition_for, schema_of
from tests.formengine.html import parse
from tests.formengine.roundtrip import assert_round_trip, post
from tests.formengine.test_rendering import assert_accessible


def messages(definition: Any, answers: dict[str, Any], lang: str = "sv") -> dict[str, str]:
    return {e.pointer: e.message for e in validate_answers(definition, answers, lang)}


def test_type_unions_with_null() -> None:
    definition = definition_for(
        schema_of(
            {
                "note": {"type": ["string", "null"], "title": "Anteckning"},
                "age": {"type": ["integer", "null"]},
            }
        )
    )
    assert post(definition, "sida", {}, typed={"note": "", "age": ""}) == {"note": None, "age": None}
    assert post(definition, "sida", {}, typed={"note": "hej", "age": "7"}) == {"note": "hej", "age": 7}
    assert_round_trip(definition, {"note": None, "age": 3})


def test_choices_from_enum_and_titled_consts() -> None:
    definition = definition_for(
        schema_of(
            {
                "size": {"enum": [1, 2, 3], "title": "Storlek"},
                "way": {
                    "title": "Kontaktväg",
                    "oneOf": [{"const": "mail", "title": "E-post"}, {"const": "phone", "title": "Telefon"}],
                },
                "extras": {
                    "type": "array",
                    "title": "Tillval",
                    "items": {"anyOf": [{"const": "a", "title": "Alfa"}, {"const": "b", "title": "Beta"}]},
                },
            },
            required=("way",),
        )
    )
    document = parse(str(render_page(definition, "sida", {}, [], "sv")))
    labels = {t.attrs["for"]: t.text for t in document.find("label")}
    assert labels["f-way"] == "E-post"
    assert labels["f-extras-2"] == "Beta"
    answers = post(
        definition, "sida", {}, typed={"size=2": "", "way=phone": "", "extras=a": "", "extras=b": ""}
    )
    assert answers == {"size": 2, "way": "phone", "extras": ["a", "b"]}
    assert [(r.label, r.value) for r in summary(definition, answers, "sv")] == [
        ("Storlek", "2"),
        ("Kontaktväg", "Telefon"),
        ("Tillval", "Alfa, Beta"),
    ]
    assert messages(definition, {"way": "fax"}) == {"/way": "Välj kontaktväg"}
    assert messages(definition, {}, "en") == {"/way": "Select kontaktväg"}


def test_long_lists_get_a_select() -> None:
    municipalities = [f"kommun-{n}" for n in range(20)]
    definition = definition_for(schema_of({"kommun": {"enum": municipalities, "title": "Kommun"}}))
    document = parse(str(render_page(definition, "sida", {"kommun": "kommun-3"}, [], "sv")))
    (select,) = document.find("select")
    assert select.attrs["id"] == "f-kommun"
    assert [t.attrs["value"] for t in document.find("option") if "selected" in t.attrs] == ["kommun-3"]
    assert_accessible(document)
    assert_round_trip(definition, {"kommun": "kommun-19"})


def test_a_const_is_set_by_the_server_and_never_read_from_the_client() -> None:
    definition = definition_for(schema_of({"name": {"type": "string"}, "schemaVersion": {"const": "v2"}}))
    assert 'name="schemaVersion"' not in str(render_page(definition, "sida", {}, [], "sv"))
    answers = post(definition, "sida", {}, typed={"name": "A"})
    assert answers == {"name": "A", "schemaVersion": "v2"}
    tampered = parse_page(definition, "sida", {"name": "A", "schemaVersion": "v9"}, {})
    assert tampered["schemaVersion"] == "v2"
    assert [r.label for r in summary(definition, answers, "sv")] == ["Name"]


VARIANTS = schema_of(
    {
        "applicant": {
            "title": "Sökande",
            "type": "object",
            "properties": {"email": {"type": "string", "format": "email", "title": "E-post"}},
            "required": ["email"],
            "oneOf": [
                {
                    "title": "Privatperson",
                    "properties": {
                        "kind": {"const": "person"},
                        "pnr": {"type": "string", "format": "personnummer", "title": "Personnummer"},
                    },
                    "required": ["kind", "pnr"],
                },
                {
                    "title": "Företag",
                    "properties": {
                        "kind": {"const": "company"},
                        "orgnr": {"type": "string", "format": "se-orgnr", "title": "Organisationsnummer"},
                    },
                    "required": ["kind", "orgnr"],
                },
            ],
        }
    },
    required=("applicant",),
)


def test_object_variants_with_a_discriminator() -> None:
    definition = definition_for(VARIANTS)
    empty = parse(str(render_page(definition, "applicant", {}, [], "sv")))
    assert [t.attrs["value"] for t in empty.find("input", name="applicant[variant]")] == ["person", "company"]
    assert [t.attrs["name"] for t in empty.controls()] == [
        "applicant[variant]",
        "applicant[variant]",
        "applicant.email",
    ]
    assert messages(definition, {}) == {"/applicant": "Välj sökande", "/applicant/email": "Ange e-post"}
    chosen = post(
        definition, "applicant", {}, typed={"applicant[variant]=company": "", "applicant.email": "a@b.se"}
    )
    assert chosen == {"applicant": {"kind": "company", "email": "a@b.se"}}
    # The chosen variant's fields now show, and its errors land on them.
    document = parse(str(render_page(definition, "applicant", chosen, [], "sv")))
    assert "applicant.orgnr" in [t.attrs["name"] for t in document.controls()]
    assert messages(definition, chosen) == {"/applicant/orgnr": "Ange organisationsnummer"}
    filled = post(definition, "applicant", chosen, typed={"applicant.orgnr": "556036-0793"})
    assert filled == {"applicant": {"kind": "company", "email": "a@b.se", "orgnr": "5560360793"}}
    assert messages(definition, filled) == {}
    # Switching to the other variant clears the first one's fields, keeps the shared ones.
    switched = post(definition, "applicant", filled, typed={"applicant[variant]=person": ""})
    assert switched == {"applicant": {"kind": "person", "email": "a@b.se"}}
    rows = [(r.label, r.value) for r in summary(definition, {**filled}, "sv")]
    assert rows == [("Sökande", "Företag"), ("E-post", "a@b.se"), ("Organisationsnummer", "556036-0793")]
    assert_round_trip(definition, {"applicant": {"kind": "person", "email": "a@b.se", "pnr": "191212121212"}})


def test_object_variants_without_a_discriminator() -> None:
    definition = definition_for(
        schema_of(
            {
                "payment": {
                    "title": "Betalning",
                    "anyOf": [
                        {
                            "title": "Bankgiro",
                            "type": "object",
                            "properties": {"bankgiro": {"type": "string"}},
                            "required": ["bankgiro"],
                        },
                        {
                            "title": "Konto",
                            "type": "object",
                            "properties": {"clearing": {"type": "string"}, "account": {"type": "string"}},
                            "required": ["clearing", "account"],
                        },
                    ],
                }
            },
            required=("payment",),
        )
    )
    chosen = post(definition, "payment", {}, typed={"payment[variant]=1": ""})
    assert chosen == {"payment": {}, RAW_KEY: {"/payment": {"variant": "1"}}}
    assert clean_answers(definition, chosen) == {"payment": {}}
    assert messages(definition, chosen) == {
        "/payment/clearing": "Ange clearing",
        "/payment/account": "Ange account",
    }
    filled = post(definition, "payment", chosen, typed={"payment.clearing": "8327", "payment.account": "123"})
    assert clean_answers(definition, filled) == {"payment": {"clearing": "8327", "account": "123"}}
    # Stored answers are recognised by the variant they validate against.
    assert_round_trip(definition, {"payment": {"bankgiro": "5050-1055"}})


def test_all_of_is_merged_for_display() -> None:
    definition = definition_for(
        schema_of(
            {
                "person": {
                    "allOf": [
                        {"$ref": "#/$defs/named"},
                        {"properties": {"age": {"type": "integer"}}, "required": ["age"]},
                    ]
                }
            },
            required=("person",),
            **{
                "$defs": {
                    "named": {
                        "type": "object",
                        "properties": {"name": {"type": "string", "maxLength": 5}},
                        "required": ["name"],
                    }
                }
            },
        )
    )
    fieldset = definition.control("/person")
    assert fieldset is not None
    assert [(c.pointer, c.required) for c in fieldset.children] == [
        ("/person/name", True),
        ("/person/age", True),
    ]
    assert messages(definition, {"person": {"name": "Alexandra", "age": 3}}) == {
        "/person/name": "Name får vara högst 5 tecken"
    }


CONDITIONAL = schema_of(
    {
        "hasPet": {"type": "boolean", "title": "Har du husdjur?"},
        "pet": {"type": "string", "title": "Vilket djur?"},
        "vat": {"type": "string", "title": "Momsregistreringsnummer"},
        "country": {"enum": ["SE", "NO"], "title": "Land"},
    },
    required=("hasPet", "country"),
    **{
        "if": {"properties": {"hasPet": {"const": True}}, "required": ["hasPet"]},
        "then": {"required": ["pet"]},
        "else": {"properties": {"reason": {"type": "string", "title": "Varför inte?"}}},
        "dependentRequired": {"vat": ["country"]},
        "dependentSchemas": {"country": {"properties": {"region": {"type": "string", "title": "Län"}}}},
    },
)


def test_if_then_else_and_dependent_schemas() -> None:
    definition = definition_for(CONDITIONAL)
    shown = [t.attrs["name"] for t in parse(str(render_page(definition, "sida", {}, [], "sv"))).controls()]
    assert "reason" in shown  # "else" holds while hasPet is not true
    assert "region" not in shown  # needs a country first
    answers = post(definition, "sida", {}, typed={"hasPet=true": "", "reason": "allergi", "country=SE": ""})
    assert "reason" not in answers  # hidden by the answer just given, so cleared
    assert messages(definition, answers) == {"/pet": "Ange vilket djur"}
    shown = [
        t.attrs["name"] for t in parse(str(render_page(definition, "sida", answers, [], "sv"))).controls()
    ]
    assert "region" in shown
    assert_round_trip(
        definition, {"hasPet": False, "reason": "allergi", "country": "SE", "region": "Gotland"}
    )
    assert_round_trip(definition, {"hasPet": True, "pet": "katt", "country": "NO", "vat": "NO123"})


def test_prefix_items_are_fixed_positions() -> None:
    definition = definition_for(
        schema_of(
            {
                "point": {
                    "type": "array",
                    "title": "Plats",
                    "prefixItems": [{"type": "number", "title": "Lat"}, {"type": "number", "title": "Lon"}],
                    "minItems": 2,
                    "items": False,
                }
            }
        )
    )
    answers = post(definition, "point", {}, typed={"point.0": "57,6", "point.1": "18,3"})
    assert answers == {"point": [57.6, 18.3]}
    half = post(definition, "point", {}, typed={"point.0": "", "point.1": "18,3"})
    assert half == {"point": [None, 18.3]}
    assert messages(definition, half) == {"/point/0": "Ange lat"}
    assert post(definition, "point", answers, typed={"point.0": "", "point.1": ""}) == {}
    assert_round_trip(definition, {"point": [1, 2.5]})


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"tags": ["a"]}, "Välj minst 2 alternativ för etiketter"),
        ({"tags": ["a", "b", "c", "d"]}, "Välj högst 3 alternativ för etiketter"),
        ({"name": "A"}, "Namn måste vara minst 2 tecken"),
        ({"name": "A" * 30}, "Namn får vara högst 20 tecken"),
        ({"code": "12a"}, "Ange kod i rätt format"),
        ({"amount": -1}, "Belopp måste vara minst 0"),
        ({"amount": 10_500.5}, "Belopp får vara högst 10\u00a0000"),
        ({"amount": 0.25}, "Belopp måste anges i steg om 0,1"),
        ({"share": 0}, "Andel måste vara mer än 0"),
        ({"share": 1}, "Andel måste vara mindre än 1"),
    ],
)
def test_limits_name_the_field(answers: dict[str, Any], expected: str) -> None:
    definition = definition_for(
        schema_of(
            {
                "tags": {
                    "type": "array",
                    "title": "Etiketter",
                    "items": {"enum": ["a", "b", "c", "d"]},
                    "minItems": 2,
                    "maxItems": 3,
                },
                "name": {"type": "string", "title": "Namn", "minLength": 2, "maxLength": 20},
                "code": {"type": "string", "title": "Kod", "pattern": "^[0-9]+$"},
                "amount": {
                    "type": "number",
                    "title": "Belopp",
                    "minimum": 0,
                    "maximum": 10_000,
                    "multipleOf": 0.1,
                },
                "share": {"type": "number", "title": "Andel", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            }
        )
    )
    assert list(messages(definition, answers).values()) == [expected]


def test_unique_items() -> None:
    definition = definition_for(
        schema_of(
            {
                "phones": {
                    "type": "array",
                    "title": "Telefonnummer",
                    "items": {"type": "string"},
                    "uniqueItems": True,
                }
            }
        )
    )
    assert messages(definition, {"phones": ["1", "1"]}) == {
        "/phones": "Telefonnummer får inte innehålla samma svar två gånger"
    }


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("1 000", 1000),
        ("1\u00a0000,25", 1000.25),
        ("\u221212", -12),
        ("0,3", 0.3),
    ],
)
def test_numbers_as_people_write_them(typed: str, value: float) -> None:
    definition = definition_for(
        schema_of({"amount": {"type": "number", "multipleOf": 0.01, "title": "Belopp"}})
    )
    answers = post(definition, "sida", {}, typed={"amount": typed})
    assert answers == {"amount": value}
    assert messages(definition, answers) == {}  # 0.3 is a multiple of 0.01, exactly
    shown = parse(str(render_page(definition, "sida", answers, [], "sv"))).by_id("f-amount")
    assert shown.attrs["inputmode"] == "decimal"
    assert post(definition, "sida", answers) == answers


def test_numbers_that_are_not() -> None:
    definition = definition_for(schema_of({"count": {"type": "integer", "title": "Antal"}}))
    answers = post(definition, "sida", {}, typed={"count": "tre"})
    assert answers == {RAW_KEY: {"/count": {"text": "tre"}}}
    assert messages(definition, answers) == {"/count": "Antal måste vara ett tal, till exempel 12 eller 3,5"}
    document = parse(
        str(render_page(definition, "sida", answers, validate_page(definition, "sida", answers, "sv"), "sv"))
    )
    assert document.by_id("f-count").attrs["value"] == "tre"
    assert document.by_id("f-count").attrs["inputmode"] == "numeric"
    answers = post(definition, "sida", {}, typed={"count": "2,5"})
    assert messages(definition, answers, "en") == {"/count": "Antal must be a whole number"}


def test_formats_date_time_datetime_email_uri() -> None:
    definition = definition_for(
        schema_of(
            {
                "day": {"type": "string", "format": "date", "title": "Dag"},
                "at": {"type": "string", "format": "time", "title": "Klockan"},
                "when": {"type": "string", "format": "date-time", "title": "Tidpunkt"},
                "email": {"type": "string", "format": "email", "title": "E-post"},
                "site": {"type": "string", "format": "uri", "title": "Webbplats"},
            }
        )
    )
    typed = {
        "day[day]": "27", "day[month]": "3", "day[year]": "2026",
        "at": "14.30",
        "when[day]": "29", "when[month]": "3", "when[year]": "2026", "when[time]": "kl. 9",
        "email": "anna@example.se",
        "site": "https://kommun.se/sida",
    }  # fmt: skip
    answers = post(definition, "sida", {}, typed=typed)
    assert answers["day"] == "2026-03-27"
    assert answers["at"][:8] == "14:30:00"
    assert answers["at"][8:] in ("+01:00", "+02:00")  # Swedish time, winter or summer
    assert answers["when"] == "2026-03-29T09:00:00+02:00"  # summer time began that night
    assert messages(definition, answers) == {}
    rows = {r.label: r.value for r in summary(definition, answers, "sv")}
    assert (rows["Klockan"], rows["Tidpunkt"]) == ("14:30", "29 mars 2026 kl. 09:00")
    assert_round_trip(definition, {**answers, "at": "23:59:00Z", "when": "2026-01-01T12:00:00Z"})
    wrong = post(definition, "sida", {}, typed={"at": "25:00", "site": "kommun.se", "when[day]": "1"})
    assert messages(definition, wrong) == {
        "/at": "Ange klockan som timmar och minuter, till exempel 14:30",
        "/when": "Tidpunkt måste innehålla månad och år",
        "/site": "Ange webbplats som en fullständig webbadress, till exempel https://www.exempel.se",
    }


def test_read_only_write_only_default_and_examples() -> None:
    definition = definition_for(
        schema_of(
            {
                "caseType": {"type": "string", "readOnly": True, "default": "bygglov", "title": "Ärendetyp"},
                "pin": {"type": "string", "writeOnly": True, "title": "Kod"},
                "copies": {"type": "integer", "default": 2, "title": "Antal kopior"},
                "phone": {"type": "string", "title": "Telefon", "examples": ["070-123 45 67"]},
            }
        )
    )
    document = parse(str(render_page(definition, "sida", {}, [], "sv")))
    assert document.by_id("f-caseType").text == "bygglov"  # shown, not an input
    assert "caseType" not in [t.attrs["name"] for t in document.controls()]
    assert document.by_id("f-copies").attrs["value"] == "2"  # default prefills
    assert document.by_id("f-phone-hint").text == "Till exempel: 070-123 45 67"
    answers = parse_page(definition, "sida", {"caseType": "hacked", "pin": "1234", "copies": "2"}, {})
    assert answers == {"caseType": "bygglov", "pin": "1234", "copies": 2}
    again = parse(str(render_page(definition, "sida", answers, [], "sv")))
    assert again.by_id("f-pin").attrs["value"] == ""  # never echoed back
    assert "1234" not in str(render_page(definition, "sida", answers, [], "sv"))
    rows = {r.label: r.value for r in summary(definition, answers, "sv")}
    assert rows["Kod"] == "Angivet (visas inte)"
    assert "1234" not in str(summary(definition, answers, "en"))
    # An empty write-only input keeps the answer it never showed; a cleared default stays cleared.
    kept = parse_page(definition, "sida", {"pin": "", "copies": "", "phone": "08-12 34 56"}, answers)
    assert kept == {"caseType": "bygglov", "pin": "1234", "phone": "08-12 34 56"}
    assert parse(str(render_page(definition, "sida", kept, [], "sv"))).by_id("f-copies").attrs["value"] == ""
