from __future__ import annotations

import pytest

from blankett.formengine import FormDefinition, SummaryRow, parse_page, summary
from tests.formengine.forms import control, form
from tests.formengine.test_parsing import EXPECTED


def test_rows_in_page_order_with_formatted_values(synpunkt: FormDefinition) -> None:
    assert summary(synpunkt, EXPECTED, "sv") == [
        SummaryRow("vad", "/category", "Vad vill du lämna?", "Klagomål", "f-category"),
        SummaryRow("vad", "/area", "Vilken verksamhet gäller det?", "Gator, parker och trafik", "f-area"),
        SummaryRow("beskrivning", "/description", "Beskrivning", EXPECTED["description"], "f-description"),
        SummaryRow("beskrivning", "/happenedOn", "När hände det?", "7 mars 2026", "f-happenedOn-day"),
        SummaryRow("kontakt", "/contact/name", "Namn", "Anna Andersson", "f-contact-name"),
        SummaryRow("kontakt", "/contact/email", "E-postadress", "anna@example.se", "f-contact-email"),
        SummaryRow("kontakt", "/contact/wantsReply", "Jag vill ha svar", "Nej", "f-contact-wantsReply"),
        SummaryRow(
            "kontakt",
            "/consent",
            "Jag intygar att uppgifterna stämmer och har läst hur kommunen behandlar personuppgifter",
            "Ja",
            "f-consent",
        ),
    ]


def test_english_summary(synpunkt: FormDefinition) -> None:
    rows = {r.pointer: r.value for r in summary(synpunkt, EXPECTED, "en")}
    assert rows["/category"] == "Complaint"
    assert rows["/happenedOn"] == "7 March 2026"
    assert rows["/contact/wantsReply"] == "No"
    assert rows["/consent"] == "Yes"


@pytest.mark.parametrize(("lang", "shown"), [("sv", "Ej angivet"), ("en", "Not given")])
def test_empty_answers(synpunkt: FormDefinition, lang: str, shown: str) -> None:
    rows = summary(synpunkt, {}, lang)
    assert len(rows) == 8
    assert {r.value for r in rows} == {shown}


@pytest.mark.parametrize(
    ("iso", "sv", "en"),
    [("2026-03-27", "27 mars 2026", "27 March 2026"), ("1999-12-01", "1 december 1999", "1 December 1999")],
)
def test_dates_in_each_language(synpunkt: FormDefinition, iso: str, sv: str, en: str) -> None:
    for lang, expected in (("sv", sv), ("en", en)):
        rows = {r.pointer: r.value for r in summary(synpunkt, {"happenedOn": iso}, lang)}
        assert rows["/happenedOn"] == expected


def test_enum_without_option_texts_and_fieldset_children() -> None:
    definition = form(
        {
            "size": {"enum": ["S", "M", "L"]},
            "address": {"type": "object", "properties": {"city": {"type": "string", "title": "Ort"}}},
        },
        [control("/size", "Storlek", "Size"), control("/address", "Adress", "Address")],
    )
    answers = parse_page(definition, "p1", {"size": "M", "address.city": "Visby"}, {})
    assert [(r.pointer, r.label, r.value) for r in summary(definition, answers, "sv")] == [
        ("/size", "Storlek", "M"),
        ("/address/city", "Ort", "Visby"),
    ]
