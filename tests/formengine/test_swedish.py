"""Swedish identity numbers, postcodes and phone numbers: the rules, the formats registered in
the validator, and the widgets that read what people type."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from blankett.formengine import RAW_KEY, render_page, summary, validate_answers
from blankett.formengine import swedish as se
from blankett.formengine.formats import format_checker
from tests.formengine.forms import definition_for, schema_of
from tests.formengine.html import parse
from tests.formengine.roundtrip import assert_round_trip, post

TODAY = datetime.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19121212-1212", "191212121212"),
        ("191212121212", "191212121212"),
        ("121212-1212", "201212121212"),  # ten digits: the latest century not in the future
        ("121212+1212", "191212121212"),  # "+" from the year a person turns 100
        ("1212121212", "201212121212"),
        (" 811218-9876 ", "198112189876"),
        ("811218 9876", "198112189876"),
    ],
)
def test_personnummer(typed: str, stored: str) -> None:
    assert se.normalise_personnummer(typed, TODAY) == stored
    assert se.format_personnummer(stored) == f"{stored[:8]}-{stored[8:]}"


@pytest.mark.parametrize(
    "typed",
    [
        "19121212-1213",
        "121313-1212",
        "20991212-1212",
        "19121212+1212",
        "1212121",
        "abcdefghij",
        "701063-2391",
    ],
)
def test_not_a_personnummer(typed: str) -> None:
    assert se.normalise_personnummer(typed, TODAY) is None


def test_samordningsnummer_adds_sixty_to_the_day() -> None:
    assert se.normalise_samordningsnummer("701063-2391", TODAY) == "197010632391"
    assert se.normalise_samordningsnummer("19121212-1212", TODAY) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("556036-0793", "5560360793"), ("5560360793", "5560360793"), ("16556036-0793", "5560360793")],
)
def test_organisationsnummer(typed: str, stored: str) -> None:
    assert se.normalise_orgnr(typed) == stored
    assert se.format_orgnr(stored) == "556036-0793"
    assert se.normalise_orgnr("556036-0794") is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("070-123 45 67", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("0046 70 123 45 67", "+46701234567"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("08-123 456 78", "+46812345678"),
    ],
)
def test_phone_numbers(typed: str, stored: str) -> None:
    assert se.normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["+1 555 123 4567", "0701", "070-123 45 67 89 00", "telefon"])
def test_not_swedish_phone_numbers(typed: str) -> None:
    assert se.normalise_phone(typed) is None


def test_postnummer() -> None:
    assert se.normalise_postnummer("123 45") == se.normalise_postnummer("12345") == "12345"
    assert se.normalise_postnummer("023 45") is None
    assert se.format_postnummer("12345") == "123 45"


@pytest.mark.parametrize(
    ("name", "good", "bad"),
    [
        ("personnummer", "19121212-1212", "19121212-1213"),
        ("samordningsnummer", "197010632391", "191212121212"),
        ("se-orgnr", "5560360793", "5560360794"),
        ("postnummer", "123 45", "1234"),
        ("phone-se", "+46701234567", "+15551234567"),
    ],
)
def test_formats_are_registered(name: str, good: str, bad: str) -> None:
    checker = format_checker()
    assert checker.conforms(good, name)
    assert not checker.conforms(bad, name)
    assert checker.conforms(12, name)  # formats constrain strings only


SCHEMA = schema_of(
    {
        "pnr": {"type": "string", "format": "personnummer", "title": "Personnummer"},
        "snr": {"type": "string", "format": "samordningsnummer", "title": "Samordningsnummer"},
        "orgnr": {"type": "string", "format": "se-orgnr", "title": "Organisationsnummer"},
        "zip": {"type": "string", "format": "postnummer", "title": "Postnummer"},
        "phone": {"type": "string", "format": "phone-se", "title": "Telefon"},
        "home": {
            "type": "object",
            "title": "Adress",
            "properties": {
                "street": {"type": "string"},
                "careOf": {"type": "string"},
                "postalCode": {"type": "string"},
                "city": {"type": "string"},
            },
            "required": ["street", "postalCode", "city"],
        },
    },
    required=("pnr",),
)
TYPED = {
    "pnr": "121212-1212",
    "snr": "701063-2391",
    "orgnr": "556036-0793",
    "zip": "123 45",
    "phone": "070-123 45 67",
}


def test_widgets_normalise_and_show_the_usual_way() -> None:
    definition = definition_for(SCHEMA)
    widgets = {c.pointer: (c.widget, c.autocomplete) for c in definition.controls}
    assert widgets["/pnr"] == ("personnummer", None)
    assert widgets["/snr"] == ("samordningsnummer", None)
    assert widgets["/orgnr"] == ("orgnr", None)
    assert widgets["/zip"] == ("postnummer", "postal-code")
    assert widgets["/phone"] == ("phone", "tel")
    assert widgets["/home"] == ("address", None)
    assert widgets["/home/street"] == ("text", "address-line1")
    assert widgets["/home/postalCode"] == ("postnummer", "postal-code")
    assert widgets["/home/city"] == ("text", "address-level2")
    answers = post(definition, "sida", {}, typed=TYPED)
    assert answers == {
        "pnr": "201212121212",
        "snr": "197010632391",
        "orgnr": "5560360793",
        "zip": "12345",
        "phone": "+46701234567",
    }
    document = parse(str(render_page(definition, "sida", answers, [], "sv")))
    assert document.by_id("f-pnr").attrs["value"] == "20121212-1212"
    assert document.by_id("f-phone").attrs["type"] == "tel"
    assert document.by_id("f-zip").attrs["inputmode"] == "numeric"
    rows = {r.label: r.value for r in summary(definition, answers, "sv")}
    assert (rows["Organisationsnummer"], rows["Postnummer"], rows["Telefon"]) == (
        "556036-0793",
        "123 45",
        "070-123 45 67",
    )


def test_an_address_is_one_fieldset_and_one_row() -> None:
    definition = definition_for(SCHEMA)
    typed = {
        "home.street": "Storgatan 1",
        "home.careOf": "Berg",
        "home.postalCode": "621 41",
        "home.city": "Visby",
    }
    answers = post(definition, "home", {"pnr": "191212121212"}, typed=typed)
    assert answers["home"] == {
        "street": "Storgatan 1",
        "careOf": "Berg",
        "postalCode": "62141",
        "city": "Visby",
    }
    labels = [t.text for t in parse(str(render_page(definition, "home", answers, [], "en"))).find("label")]
    # The address itself is optional here, so each of its parts is too.
    assert labels == [
        "Street address (optional)",
        "c/o (optional)",
        "Postcode (optional)",
        "Town or city (optional)",
    ]
    rows = {r.label: r.value for r in summary(definition, answers, "sv")}
    assert rows["Adress"] == "Storgatan 1, Berg, 621 41 Visby"
    assert_round_trip(definition, answers)


@pytest.mark.parametrize(
    ("typed", "pointer", "sv", "en"),
    [
        (
            {"pnr": "19121212-1213"},
            "/pnr",
            "Ange ett giltigt personnummer med 10 eller 12 siffror, till exempel 19900101-1234",
            "Enter a valid Swedish personal identity number with 10 or 12 digits, like 19900101-1234",
        ),
        (
            {"orgnr": "123"},
            "/orgnr",
            "Ange ett giltigt organisationsnummer med 10 siffror, till exempel 556012-3456",
            "Enter a valid Swedish organisation number with 10 digits, like 556012-3456",
        ),
        (
            {"zip": "1234"},
            "/zip",
            "Ange ett postnummer med 5 siffror, till exempel 123 45",
            "Enter a Swedish postcode with 5 digits, like 123 45",
        ),
        (
            {"phone": "+1 555"},
            "/phone",
            "Ange ett svenskt telefonnummer, till exempel 070-123 45 67",
            "Enter a Swedish phone number, like 070-123 45 67",
        ),
    ],
)
def test_what_is_not_valid_is_kept_and_explained(
    typed: dict[str, str], pointer: str, sv: str, en: str
) -> None:
    definition = definition_for(SCHEMA)
    answers: dict[str, Any] = post(definition, "sida", {"pnr": "191212121212"}, typed=typed)
    assert answers[RAW_KEY] == {pointer: {"text": typed[pointer[1:]]}}
    for lang, expected in (("sv", sv), ("en", en)):
        errors = [e for e in validate_answers(definition, answers, lang) if e.pointer == pointer]
        assert [e.message for e in errors] == [expected]
    document = parse(str(render_page(definition, "sida", answers, [], "sv")))
    assert document.by_id(f"f-{pointer[1:]}").attrs["value"] == typed[pointer[1:]]


def test_the_schema_checks_stored_values_too() -> None:
    definition = definition_for(SCHEMA)
    errors = validate_answers(definition, {"pnr": "191212121213", "orgnr": "5560360794"}, "sv")
    assert [(e.pointer, e.keyword) for e in errors] == [
        ("/pnr", "format:personnummer"),
        ("/orgnr", "format:se-orgnr"),
    ]
