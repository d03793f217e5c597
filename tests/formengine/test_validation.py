from __future__ import annotations

from typing import Any

import pytest

from blankett.formengine import FieldError, FormDefinition, parse_page, validate_answers, validate_page
from tests.formengine.forms import control, form, label


def messages(errors: list[FieldError]) -> dict[str, str]:
    return {e.pointer: e.message for e in errors}


def test_required_errors_name_each_field(synpunkt: FormDefinition) -> None:
    assert validate_page(synpunkt, "vad", {}, "sv") == [
        FieldError("/category", "f-category", "Välj vad du vill lämna", "required"),
        FieldError("/area", "f-area", "Välj vilken verksamhet det gäller", "required"),
    ]
    assert messages(validate_page(synpunkt, "vad", {}, "en")) == {
        "/category": "Select what you would like to give",
        "/area": "Select which service it is about",
    }


def test_page_errors_are_limited_to_the_page(synpunkt: FormDefinition) -> None:
    assert [e.pointer for e in validate_page(synpunkt, "kontakt", {}, "sv")] == [
        "/contact/name",
        "/contact/email",
        "/consent",
    ]
    assert validate_page(synpunkt, "beskrivning", {"description": "Lagom lång text"}, "sv") == []


def test_all_errors_for_the_final_submit(synpunkt: FormDefinition) -> None:
    errors = validate_answers(synpunkt, {"category": "beröm", "contact": {"email": "x"}}, "sv")
    assert [(e.pointer, e.keyword) for e in errors] == [
        ("/area", "required"),
        ("/description", "required"),
        ("/contact/name", "required"),
        ("/contact/email", "format:email"),
        ("/consent", "required"),
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sv",
            {
                "/contact/name": "Ange namn",
                "/contact/email": "Ange e-postadress",
                "/consent": "Bekräfta att uppgifterna stämmer",
            },
        ),
        (
            "en",
            {
                "/contact/name": "Enter name",
                "/contact/email": "Enter email address",
                "/consent": "Confirm that the information is correct",
            },
        ),
    ],
)
def test_required_messages_in_both_languages(
    synpunkt: FormDefinition, lang: str, expected: dict[str, str]
) -> None:
    assert messages(validate_page(synpunkt, "kontakt", {}, lang)) == expected


def test_unticked_consent_uses_the_override(synpunkt: FormDefinition) -> None:
    answers = parse_page(synpunkt, "kontakt", {"contact.name": "A", "contact.email": "a@example.se"}, {})
    assert validate_page(synpunkt, "kontakt", answers, "sv") == [
        FieldError("/consent", "f-consent", "Bekräfta att uppgifterna stämmer", "const")
    ]


@pytest.mark.parametrize(
    ("answers", "sv", "en"),
    [
        (
            {"description": "x" * 4001},
            "Beskrivning får vara högst 4000 tecken",
            "Description must be 4000 characters or fewer",
        ),
        (
            {"description": "kort"},
            "Beskrivningen behöver vara minst 10 tecken",  # the form's own override
            "The description needs at least 10 characters",
        ),
        (
            {"description": "Tillräckligt lång", "happenedOn": "2026-02-31"},
            "Datumet måste vara ett riktigt datum",
            "The date must be a real date",
        ),
    ],
)
def test_messages_per_keyword(synpunkt: FormDefinition, answers: dict[str, Any], sv: str, en: str) -> None:
    assert [e.message for e in validate_page(synpunkt, "beskrivning", answers, "sv")] == [sv]
    assert [e.message for e in validate_page(synpunkt, "beskrivning", answers, "en")] == [en]


@pytest.mark.parametrize(
    "address", ["anna@", "anna", "anna@example", "an na@example.se", "a@b@example.se", "a..b@x.se"]
)
def test_email_format(synpunkt: FormDefinition, address: str) -> None:
    answers = {"contact": {"name": "Anna", "email": address}, "consent": True}
    assert messages(validate_page(synpunkt, "kontakt", answers, "sv")) == {
        "/contact/email": "Ange e-postadressen i rätt format, till exempel namn@exempel.se"
    }
    assert messages(validate_page(synpunkt, "kontakt", answers, "en")) == {
        "/contact/email": "Enter an email address in the correct format, like name@example.com"
    }


@pytest.mark.parametrize(
    "address", ["anna@example.se", "anna.andersson+synpunkt@kommun.example.se", "åsa@räksmörgås.se"]
)
def test_valid_email_addresses(synpunkt: FormDefinition, address: str) -> None:
    answers = {"contact": {"name": "Anna", "email": address}, "consent": True}
    assert validate_page(synpunkt, "kontakt", answers, "sv") == []


@pytest.mark.parametrize(
    ("parts", "keyword", "sv", "en"),
    [
        (("", "3", "2026"), "date:incomplete", "Datumet måste innehålla dag", "The date must include a day"),
        (
            ("1", "", ""),
            "date:incomplete",
            "Datumet måste innehålla månad och år",
            "The date must include a month and year",
        ),
        (
            ("31", "2", "2026"),
            "date:invalid",
            "Datumet måste vara ett riktigt datum",
            "The date must be a real date",
        ),
        (
            ("1", "13", "2026"),
            "date:invalid",
            "Datumet måste vara ett riktigt datum",
            "The date must be a real date",
        ),
    ],
)
def test_date_messages(
    synpunkt: FormDefinition, parts: tuple[str, ...], keyword: str, sv: str, en: str
) -> None:
    posted = dict(zip(("happenedOn[day]", "happenedOn[month]", "happenedOn[year]"), parts, strict=True))
    answers = parse_page(synpunkt, "beskrivning", {"description": "Tillräckligt lång", **posted}, {})
    for lang, text in (("sv", sv), ("en", en)):
        assert validate_page(synpunkt, "beskrivning", answers, lang) == [
            FieldError("/happenedOn", "f-happenedOn-day", text, keyword)
        ]
    assert [e.keyword for e in validate_answers(synpunkt, answers, "sv")][:3] == [
        "required",
        "required",
        keyword,
    ]


def small_form() -> FormDefinition:
    return form(
        {
            "postcode": {"type": "string", "pattern": "^[0-9]{3} ?[0-9]{2}$"},
            "code": {"const": "ABC"},
            "kind": {"enum": ["a", "b"]},
            "agree": {"type": "boolean", "const": True},
            "count": {"type": "integer", "minimum": 1},
        },
        [
            control("/postcode", "Postnummer", "Postcode"),
            control("/code", "Kod", "Code", widget="text"),
            control("/kind", "Typ", "Kind", widget="text"),
            control("/agree", "Jag godkänner villkoren", "I accept the terms"),
        ],
        required=("postcode",),
    )


@pytest.mark.parametrize(
    ("answers", "pointer", "sv", "en"),
    [
        ({"postcode": None}, "/postcode", "Ange postnummer", "Enter postcode"),
        (
            {"postcode": "1234"},
            "/postcode",
            "Ange postnummer i rätt format",
            "Enter postcode in the correct format",
        ),
        (
            {"postcode": 12345},
            "/postcode",
            "Ange postnummer i rätt format",
            "Enter postcode in the correct format",
        ),
        ({"code": "X"}, "/code", "Ange rätt värde för kod", "Enter the right value for code"),
        ({"kind": "c"}, "/kind", "Välj ett av alternativen för typ", "Select one of the options for kind"),
        (
            {"agree": False},
            "/agree",
            "Du måste kryssa i rutan ”Jag godkänner villkoren”",
            "You must tick the box “I accept the terms”",
        ),
    ],
)
def test_default_catalogue(answers: dict[str, Any], pointer: str, sv: str, en: str) -> None:
    definition = small_form()
    answers = {k: v for k, v in {"postcode": "123 45", **answers}.items() if v is not None}
    assert messages(validate_page(definition, "p1", answers, "sv")) == {pointer: sv}
    assert messages(validate_page(definition, "p1", answers, "en")) == {pointer: en}


def test_errors_without_a_control_come_last_in_validate_answers() -> None:
    definition = small_form()
    errors = validate_answers(definition, {"postcode": "123 45", "count": 0}, "sv")
    assert errors == [FieldError("/count", "", "Count måste vara minst 1", "minimum")]


def test_error_messages_override_per_field_and_keyword() -> None:
    definition = form(
        {"name": {"type": "string", "maxLength": 3}},
        [
            control(
                "/name",
                "Namn",
                "Name",
                errorMessages={
                    "required": label("Skriv ditt namn", "Write your name"),
                    "maxLength": label(
                        "Högst {limit} tecken i {name}", "At most {limit} characters in {name}"
                    ),
                },
            )
        ],
        required=("name",),
    )
    assert messages(validate_page(definition, "p1", {}, "sv")) == {"/name": "Skriv ditt namn"}
    assert messages(validate_page(definition, "p1", {"name": "Anna"}, "en")) == {
        "/name": "At most 3 characters in name"
    }


def test_one_error_per_field_most_useful_first() -> None:
    definition = form(
        {"code": {"type": "string", "pattern": "^[A-Z]+$", "minLength": 5}},
        [control("/code", "Kod", "Code")],
    )
    (error,) = validate_page(definition, "p1", {"code": "ab"}, "sv")
    assert error.keyword == "minLength"
    assert error.message == "Kod måste vara minst 5 tecken"


def test_two_hundred_fields_validate() -> None:
    properties: dict[str, Any] = {
        f"field{n}": {"type": "string", "minLength": 2, "maxLength": 100} for n in range(150)
    }
    properties.update({f"when{n}": {"type": "string", "format": "date"} for n in range(25)})
    properties.update({f"mail{n}": {"type": "string", "format": "email"} for n in range(25)})
    pages = [
        [control(f"/{name}", name, name) for name in list(properties)[start : start + 20]]
        for start in range(0, 200, 20)
    ]
    definition = form(properties, *pages, required=tuple(properties))
    answers: dict[str, Any] = {name: "x" if n % 10 == 0 else "ok" for n, name in enumerate(properties)}
    answers.update({f"when{n}": "2026-03-27" for n in range(25)})
    answers.update({f"mail{n}": "a@example.se" for n in range(25)})
    assert len(validate_answers(definition, answers, "sv")) == 15
