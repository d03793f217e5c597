from __future__ import annotations

from typing import Any

import pytest

from blankett.formengine import RAW_KEY, FormDefinition, clean_answers, parse_page, validate_answers
from tests.formengine.forms import control, form

FILLED = {
    "vad": {"category": "klagomål", "area": "gata-park"},
    "beskrivning": {
        "description": "  Gatlampan på Storgatan 3 har varit trasig i två veckor.\r\nDet är mörkt.  ",
        "happenedOn[day]": "7",
        "happenedOn[month]": "03",
        "happenedOn[year]": "2026",
    },
    "kontakt": {"contact.name": " Anna Andersson ", "contact.email": "anna@example.se", "consent": "true"},
}
EXPECTED: dict[str, Any] = {
    "category": "klagomål",
    "area": "gata-park",
    "description": "Gatlampan på Storgatan 3 har varit trasig i två veckor.\nDet är mörkt.",
    "happenedOn": "2026-03-07",
    "contact": {"name": "Anna Andersson", "email": "anna@example.se", "wantsReply": False},
    "consent": True,
}


def fill(definition: FormDefinition, pages: dict[str, dict[str, str]]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for page_id, posted in pages.items():
        answers = parse_page(definition, page_id, posted, answers)
    return answers


def test_filled_pages_give_the_expected_document(synpunkt: FormDefinition) -> None:
    answers = fill(synpunkt, FILLED)
    assert answers == EXPECTED
    assert validate_answers(synpunkt, answers, "sv") == []


def test_parse_returns_a_new_dict(synpunkt: FormDefinition) -> None:
    before = {"contact": {"name": "Old"}, "category": "beröm"}
    after = parse_page(synpunkt, "kontakt", {"contact.name": "New"}, before)
    assert before == {"contact": {"name": "Old"}, "category": "beröm"}
    assert after["contact"]["name"] == "New"
    assert after["category"] == "beröm"


def test_empty_inputs_remove_the_key(synpunkt: FormDefinition) -> None:
    answers = fill(synpunkt, FILLED)
    answers = parse_page(synpunkt, "beskrivning", {"description": "   ", "happenedOn[day]": ""}, answers)
    assert "description" not in answers
    assert "happenedOn" not in answers
    assert RAW_KEY not in answers


def test_values_for_other_pages_are_ignored(synpunkt: FormDefinition) -> None:
    answers = parse_page(synpunkt, "vad", {"category": "beröm", "description": "smuggled", "_raw": "x"}, {})
    assert answers == {"category": "beröm"}


def test_unchecked_checkbox_is_false(synpunkt: FormDefinition) -> None:
    answers = parse_page(synpunkt, "kontakt", {"contact.wantsReply": "true", "consent": "true"}, {})
    assert answers["contact"]["wantsReply"] is True
    answers = parse_page(synpunkt, "kontakt", {}, answers)
    assert answers["contact"] == {"wantsReply": False}
    assert answers["consent"] is False


def test_nested_paths_build_nested_objects() -> None:
    definition = form(
        {
            "applicant": {
                "type": "object",
                "properties": {"address": {"type": "object", "properties": {"city": {"type": "string"}}}},
            }
        },
        [control("/applicant/address/city", "Ort", "City")],
    )
    answers = parse_page(
        definition, "p1", {"applicant.address.city": "Visby"}, {"applicant": "not an object"}
    )
    assert answers == {"applicant": {"address": {"city": "Visby"}}}
    # An optional object left empty is dropped so that it demands nothing.
    assert parse_page(definition, "p1", {"applicant.address.city": ""}, answers) == {}


def test_a_missing_required_object_is_reported_on_its_fields() -> None:
    definition = form(
        {"contact": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}},
        [control("/contact/name", "Namn", "Name")],
        required=("contact",),
    )
    candidates: list[dict[str, Any]] = [{}, {"contact": {}}, parse_page(definition, "p1", {}, {})]
    for answers in candidates:
        assert [(e.pointer, e.keyword) for e in validate_answers(definition, answers, "sv")] == [
            ("/contact/name", "required")
        ]


@pytest.mark.parametrize(
    ("parts", "value"),
    [
        (("27", "3", "2026"), "2026-03-27"),
        (("01", "12", "1999"), "1999-12-01"),
        (("29", "2", "2024"), "2024-02-29"),
        ((" 5 ", " 6 ", " 2026 "), "2026-06-05"),
    ],
)
def test_dates_are_assembled_from_parts(
    synpunkt: FormDefinition, parts: tuple[str, str, str], value: str
) -> None:
    posted = dict(zip(("happenedOn[day]", "happenedOn[month]", "happenedOn[year]"), parts, strict=True))
    answers = parse_page(synpunkt, "beskrivning", posted, {})
    assert answers["happenedOn"] == value
    assert RAW_KEY not in answers


@pytest.mark.parametrize(
    "parts",
    [
        ("31", "2", "2026"),
        ("29", "2", "2025"),
        ("", "3", "2026"),
        ("1", "13", "2026"),
        ("1", "1", "26"),
        ("x", "1", "2026"),
    ],
)
def test_bad_dates_keep_their_parts(synpunkt: FormDefinition, parts: tuple[str, str, str]) -> None:
    posted = dict(zip(("happenedOn[day]", "happenedOn[month]", "happenedOn[year]"), parts, strict=True))
    answers = parse_page(synpunkt, "beskrivning", posted, {"happenedOn": "2020-01-01"})
    assert "happenedOn" not in answers
    assert answers[RAW_KEY]["/happenedOn"] == dict(zip(("day", "month", "year"), parts, strict=True))
    assert RAW_KEY not in clean_answers(synpunkt, answers)
    # Fixing the date drops the raw parts again.
    fixed = parse_page(
        synpunkt,
        "beskrivning",
        {"happenedOn[day]": "1", "happenedOn[month]": "2", "happenedOn[year]": "2026"},
        answers,
    )
    assert fixed["happenedOn"] == "2026-02-01"
    assert RAW_KEY not in fixed


def test_raw_input_of_other_pages_is_kept(synpunkt: FormDefinition) -> None:
    answers = parse_page(synpunkt, "beskrivning", {"happenedOn[day]": "31", "happenedOn[month]": "2"}, {})
    answers = parse_page(synpunkt, "kontakt", {"contact.name": "Anna"}, answers)
    assert answers[RAW_KEY] == {"/happenedOn": {"day": "31", "month": "2", "year": ""}}


def test_radios_store_the_enum_value() -> None:
    definition = form(
        {"rooms": {"enum": [1, 2, 3]}, "pet": {"enum": ["cat", "dog"]}},
        [control("/rooms", "Rum", "Rooms"), control("/pet", "Djur", "Pet")],
    )
    answers = parse_page(definition, "p1", {"rooms": "2", "pet": "hamster"}, {})
    assert answers == {"rooms": 2, "pet": "hamster"}  # unknown values are kept for the enum check
    assert [e.keyword for e in validate_answers(definition, answers, "sv")] == ["enum"]


def test_clean_answers_drops_private_keys(synpunkt: FormDefinition) -> None:
    answers: dict[str, Any] = {
        "category": "beröm",
        RAW_KEY: {"/happenedOn": {"day": "1"}},
        "contact": {"name": "A"},
    }
    cleaned = clean_answers(synpunkt, answers)
    assert cleaned == {"category": "beröm", "contact": {"name": "A"}}
    cleaned["contact"]["name"] = "B"
    assert answers["contact"]["name"] == "A"
