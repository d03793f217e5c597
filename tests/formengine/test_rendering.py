from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup

from blankett.formengine import (
    FieldError,
    FormDefinition,
    parse_page,
    render_page,
    validate_page,
)
from tests.formengine.forms import control, form, label
from tests.formengine.html import Document, parse
from tests.formengine.test_parsing import FILLED


def render(definition: FormDefinition, page: str, answers: dict[str, Any], lang: str = "sv") -> Document:
    errors = validate_page(definition, page, answers, lang)
    markup = render_page(definition, page, answers, errors, lang)
    assert isinstance(markup, Markup)
    return parse(str(markup))


def assert_accessible(document: Document) -> None:
    """Every input has a label; ids are unique; aria-describedby points at real elements."""
    ids = [t.attrs["id"] for t in document.tags if "id" in t.attrs]
    assert len(ids) == len(set(ids))
    labelled = {t.attrs["for"] for t in document.find("label")}
    for element in document.controls():
        assert element.attrs["id"] in labelled, element
        assert "placeholder" not in element.attrs
    for element in document.tags:
        for described in (element.attrs.get("aria-describedby") or "").split():
            assert described in ids
    for fieldset in document.find("fieldset"):
        assert document.tags[document.tags.index(fieldset) + 1].name == "legend"


@pytest.mark.parametrize("page", ["vad", "beskrivning", "kontakt"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_is_accessible_empty_and_with_errors(
    synpunkt: FormDefinition, page: str, lang: str
) -> None:
    assert_accessible(render(synpunkt, page, {}, lang))
    assert_accessible(render(synpunkt, page, {"description": "<x>", "happenedOn": "nope"}, lang))


def test_submitted_values_are_shown_again(synpunkt: FormDefinition) -> None:
    answers: dict[str, Any] = {}
    for page_id, posted in FILLED.items():
        answers = parse_page(synpunkt, page_id, posted, answers)
    vad = render(synpunkt, "vad", answers)
    assert vad.by_id("f-category-4").attrs == {
        "class": "radios-input",
        "id": "f-category-4",
        "name": "category",
        "type": "radio",
        "value": "klagomål",
        "checked": None,
    }
    assert [t.attrs["value"] for t in vad.find("input", name="area") if "checked" in t.attrs] == ["gata-park"]
    beskrivning = render(synpunkt, "beskrivning", answers)
    # Browsers drop the newline right after <textarea> (Python's parser keeps it), so a
    # value's own leading newline would survive.
    assert beskrivning.by_id("f-description").text == "\n" + answers["description"]
    assert [beskrivning.by_id(f"f-happenedOn-{p}").attrs["value"] for p in ("day", "month", "year")] == [
        "7",
        "3",
        "2026",
    ]
    kontakt = render(synpunkt, "kontakt", answers)
    assert kontakt.by_id("f-contact-name").attrs["value"] == "Anna Andersson"
    assert kontakt.by_id("f-contact-email").attrs["value"] == "anna@example.se"
    assert "checked" in kontakt.by_id("f-consent").attrs
    assert "checked" not in kontakt.by_id("f-contact-wantsReply").attrs


def test_invalid_input_is_shown_again_with_its_error(synpunkt: FormDefinition) -> None:
    posted = {
        "description": "kort",
        "happenedOn[day]": "31",
        "happenedOn[month]": "2",
        "happenedOn[year]": "2026",
    }
    answers = parse_page(synpunkt, "beskrivning", posted, {})
    document = render(synpunkt, "beskrivning", answers)
    assert document.by_id("f-description").text.strip() == "kort"
    assert [document.by_id(f"f-happenedOn-{p}").attrs["value"] for p in ("day", "month", "year")] == [
        "31",
        "2",
        "2026",
    ]
    assert document.by_id("f-happenedOn-day").attrs["aria-invalid"] == "true"
    assert "aria-invalid" not in document.by_id("f-happenedOn-year").attrs
    assert document.by_id("f-happenedOn-error").text.strip() == "Fel: Datumet måste vara ett riktigt datum"


def test_aria_on_an_invalid_field(synpunkt: FormDefinition) -> None:
    answers = {"contact": {"name": "Anna", "email": "anna@"}}
    document = render(synpunkt, "kontakt", answers)
    email = document.by_id("f-contact-email")
    assert email.attrs["aria-invalid"] == "true"
    assert email.attrs["aria-describedby"] == "f-contact-email-hint f-contact-email-error"
    assert email.attrs["type"] == "email"
    assert email.attrs["spellcheck"] == "false"
    assert email.attrs["autocomplete"] == "email"
    assert email.attrs["maxlength"] == "254"
    error = document.by_id("f-contact-email-error")
    assert (error.name, error.attrs["class"]) == ("p", "error-message")
    hidden = document.find("span", **{"class": "visually-hidden"})[0]
    assert hidden.text == "Fel:"
    # The error comes after the hint and before the input.
    order = [t.attrs.get("id") for t in document.tags]
    assert (
        order.index("f-contact-email-hint")
        < order.index("f-contact-email-error")
        < order.index("f-contact-email")
    )
    name = document.by_id("f-contact-name")
    assert "aria-invalid" not in name.attrs
    assert "aria-describedby" not in name.attrs


def test_radios_and_dates_are_fieldsets(synpunkt: FormDefinition) -> None:
    document = render(synpunkt, "vad", {}, "en")
    legends = [t.text for t in document.find("legend")]
    assert legends == ["What would you like to give?", "Which service is it about?"]
    first = document.by_id("f-category")
    assert (first.attrs["type"], first.attrs["value"]) == ("radio", "beröm")
    fieldset = document.find("fieldset")[0]
    assert fieldset.attrs["aria-describedby"] == "f-category-error"
    date = render(synpunkt, "beskrivning", {}, "en")
    (legend,) = date.find("legend")
    assert legend.text == "When did it happen? (optional)"
    assert [t.text for t in date.find("label") if (t.attrs["for"] or "").startswith("f-happenedOn")] == [
        "Day",
        "Month",
        "Year",
    ]
    assert date.by_id("f-happenedOn-day").attrs["inputmode"] == "numeric"


def test_optional_fields_are_marked_not_required_ones(synpunkt: FormDefinition) -> None:
    document = render(synpunkt, "beskrivning", {})
    labels = {t.attrs.get("for"): t.text for t in document.find("label")}
    assert labels["f-description"] == "Beskrivning"
    assert document.find("legend")[0].text == "När hände det? (valfritt)"
    textarea = document.by_id("f-description")
    assert (textarea.attrs["rows"], textarea.attrs["maxlength"]) == ("5", "4000")
    kontakt = render(synpunkt, "kontakt", {}, "en")
    labels = {t.attrs.get("for"): t.text for t in kontakt.find("label")}
    assert labels["f-contact-name"] == "Name"
    assert labels["f-contact-wantsReply"] == "I would like a reply"  # a checkbox always has a value


def test_hostile_input_is_escaped() -> None:
    definition = form(
        {
            "name": {"type": "string"},
            "note": {"type": "string", "maxLength": 5},
            "kind": {"enum": ["a", "b"]},
        },
        [
            control("/name", "Namn", "Name"),
            control("/note", "Anteckning", "Note", widget="textarea"),
            control("/kind", "Typ", "Type"),
        ],
    )
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    posted = {"name": hostile, "note": "</textarea><script>alert(3)</script>", "kind": hostile}
    answers = parse_page(definition, "p1", posted, {})
    errors = validate_page(definition, "p1", answers, "sv")
    markup = str(render_page(definition, "p1", answers, errors, "sv"))
    assert "<script>" not in markup
    assert "<img" not in markup
    assert "&lt;script&gt;" in markup
    document = parse(markup)
    assert document.by_id("f-name").attrs["value"] == hostile
    assert document.by_id("f-note").text.strip() == "</textarea><script>alert(3)</script>"
    assert not document.find("script")


def test_hostile_definition_texts_are_escaped() -> None:
    definition = form(
        {"name": {"type": "string"}},
        [control("/name", "<b>Namn</b>", "<b>Name</b>", hint=label("<i>tips</i>", "<i>hint</i>"))],
    )
    markup = str(render_page(definition, "p1", {}, [FieldError("/name", "f-name", "<em>fel</em>")], "sv"))
    assert "<b>" not in markup
    assert "<i>" not in markup
    assert "<em>" not in markup
    assert "&lt;b&gt;Namn&lt;/b&gt;" in markup


def test_nested_object_without_widget_is_a_fieldset() -> None:
    definition = form(
        {
            "address": {
                "type": "object",
                "title": "Adress",
                "properties": {
                    "street": {"type": "string", "title": "Gata"},
                    "city": {"type": "string", "title": "Ort"},
                },
                "required": ["street"],
            }
        },
        [control("/address", "Adress", "Address", hint=label("Där du bor", "Where you live"))],
        required=("address",),
    )
    document = render(definition, "p1", {})
    assert_accessible(document)
    fieldset = document.by_id("f-address")
    assert fieldset.name == "fieldset"
    assert document.find("legend")[0].text == "Adress"
    assert [t.attrs["name"] for t in document.controls()] == ["address.street", "address.city"]
    labels = {t.attrs.get("for"): t.text for t in document.find("label")}
    assert labels == {"f-address-street": "Gata", "f-address-city": "Ort (valfritt)"}
    assert document.by_id("f-address-street-error").text.strip() == "Fel: Ange gata"
    answers = parse_page(definition, "p1", {"address.street": "Storgatan 1", "address.city": "Visby"}, {})
    assert answers == {"address": {"street": "Storgatan 1", "city": "Visby"}}
    assert validate_page(definition, "p1", answers, "sv") == []


def test_content_elements() -> None:
    raw_text = label("Läs <det här> först.", "Read <this> first.")
    definition = form(
        {"name": {"type": "string"}},
        [{"type": "content", "kind": "inset", "text": raw_text}, control("/name", "Namn", "Name")],
    )
    markup = str(render_page(definition, "p1", {}, [], "en"))
    assert '<div class="inset-text"><p>Read &lt;this&gt; first.</p>\n</div>' in markup


def test_fifty_fields_render_with_their_errors() -> None:
    properties = {f"field{n}": {"type": "string", "maxLength": 100} for n in range(50)}
    elements = [control(f"/field{n}", f"Fält {n}", f"Field {n}") for n in range(50)]
    definition = form(properties, elements, required=tuple(properties))
    answers = {f"field{n}": f"värde {n}" for n in range(0, 50, 2)}
    errors = validate_page(definition, "p1", answers, "sv")
    assert len(errors) == 25
    markup = str(render_page(definition, "p1", answers, errors, "sv"))
    assert markup.count('aria-invalid="true"') == 25
    assert 'value="värde 48"' in markup
