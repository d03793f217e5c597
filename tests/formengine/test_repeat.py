"""Repeatable sections: add and remove items with plain submit buttons (no JavaScript), never
losing an answer; over real HTTP with the post/redirect/get cycle the web layer uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from blankett.formengine import (
    RAW_KEY,
    FormDefinition,
    parse_page,
    render_page,
    stay_on_page,
    summary,
    validate_page,
)
from tests.formengine.forms import control, definition_for, page, schema_of
from tests.formengine.html import parse, posted
from tests.formengine.roundtrip import assert_round_trip, post
from tests.formengine.test_rendering import assert_accessible
from tests.support.server import serve_in_thread

MEMBER = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "title": "Namn"},
        "born": {"type": "string", "format": "date", "title": "Född"},
        "lives": {"type": "boolean", "title": "Bor här", "default": True},
    },
    "required": ["name", "born"],
}
SCHEMA = schema_of(
    {
        "household": {
            "type": "array",
            "title": "Hushåll",
            "items": {"$ref": "#/$defs/member"},
            "maxItems": 3,
        },
        "phones": {"type": "array", "title": "Telefon", "items": {"type": "string", "format": "phone-se"}},
    },
    **{"$defs": {"member": MEMBER}},
)


@pytest.fixture(scope="module")
def definition() -> FormDefinition:
    return definition_for(
        SCHEMA,
        [
            page(
                "hushall",
                control(
                    "/household",
                    "Hushållsmedlemmar",
                    "Household members",
                    itemTitle={"sv": "Person {index}", "en": "Person {index}"},
                    addLabel={"sv": "Lägg till en person", "en": "Add a person"},
                ),
            ),
            page("telefon", control("/phones", "Telefonnummer", "Phone numbers")),
        ],
    )


def test_items_render_with_their_buttons(definition: FormDefinition) -> None:
    answers = {"household": [{"name": "Anna", "born": "1980-01-02", "lives": True}, {"name": "Bo"}]}
    markup = str(
        render_page(definition, "hushall", answers, validate_page(definition, "hushall", answers, "sv"), "sv")
    )
    document = parse(markup)
    assert_accessible(document)
    buttons = [(t.attrs.get("name"), t.attrs.get("value"), t.text.strip()) for t in document.find("button")]
    assert buttons == [
        (None, None, "Fortsätt"),  # first, so that Enter in a field continues
        ("_remove", "/household/0", "Ta bort Person 1"),
        ("_remove", "/household/1", "Ta bort Person 2"),
        ("_add", "/household", "Lägg till en person \u2013 Hushållsmedlemmar"),
    ]
    assert [t.text for t in document.find("legend")][:3] == [
        "Hushållsmedlemmar (valfritt)",
        "Person 1",
        "Född",
    ]
    assert document.by_id("f-household-1-born-error").text.strip() == "Fel: Ange född"
    assert document.by_id("f-household-0-name").attrs["value"] == "Anna"


def test_add_keeps_every_answer_and_prefills_defaults(definition: FormDefinition) -> None:
    before = {"household": [{"name": "Anna", "lives": True}]}
    form = {"household.0.name": "Anna", "household.0.born[day]": "2", "household.0.born[month]": "1",
            "household.0.born[year]": "1980", "household.0.lives": "true", "_add": "/household"}  # fmt: skip
    after = parse_page(definition, "hushall", form, before)
    assert after == {"household": [{"name": "Anna", "born": "1980-01-02", "lives": True}, {"lives": True}]}
    assert stay_on_page(definition, "hushall", form, before, after) == "f-household-1"


def test_remove_moves_later_items_and_their_raw_input_up(definition: FormDefinition) -> None:
    answers = {"household": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}
    typed = {"household.2.born[day]": "31", "household.2.born[month]": "2", "household.2.born[year]": "2020"}
    markup = str(render_page(definition, "hushall", answers, [], "sv"))
    form = posted(markup, typed=typed, press=("_remove", "/household/0"))
    after = parse_page(definition, "hushall", dict(form), answers)
    assert after["household"] == [{"name": "B"}, {"name": "C"}]
    assert after[RAW_KEY] == {"/household/1/born": {"day": "31", "month": "2", "year": "2020"}}
    assert stay_on_page(definition, "hushall", dict(form), answers, after) == "f-household"
    # Removing the last item removes the list.
    one = {"household": [{"name": "A"}]}
    assert parse_page(definition, "hushall", {"_remove": "/household/0"}, one) == {}


def test_at_most_max_items(definition: FormDefinition) -> None:
    full = {"household": [{"name": n} for n in "ABC"]}
    document = parse(str(render_page(definition, "hushall", full, [], "sv")))
    assert not document.find("button", name="_add")
    assert post(definition, "hushall", full, press=("_add", "/household")) == full


def test_at_least_min_items() -> None:
    definition = definition_for(
        schema_of(
            {"rooms": {"type": "array", "title": "Rum", "minItems": 2, "items": MEMBER}}, required=("rooms",)
        )
    )
    document = parse(str(render_page(definition, "rooms", {}, [], "sv")))
    assert [t.attrs["id"] for t in document.find("div") if "repeat-item" in (t.attrs.get("class") or "")] == [
        "f-rooms-0",
        "f-rooms-1",
    ]
    assert not document.find("button", name="_remove")
    answers = parse_page(definition, "rooms", {}, {})
    assert answers == {"rooms": [{}, {}]}  # kept, so that each item's fields are asked for
    errors = [(e.pointer, e.message) for e in validate_page(definition, "rooms", answers, "sv")]
    assert errors[:2] == [("/rooms/0/name", "Ange namn"), ("/rooms/0/born", "Ange född")]


def test_plain_values_get_blank_rows(definition: FormDefinition) -> None:
    after = parse_page(definition, "telefon", {"_add": "/phones"}, {})
    assert after == {RAW_KEY: {"/phones": {"blank": "1"}}}
    document = parse(str(render_page(definition, "telefon", after, [], "sv")))
    (field,) = document.controls()
    assert (field.attrs["name"], document.find("label")[0].text) == ("phones.0", "Telefonnummer 1")
    after = parse_page(definition, "telefon", {"phones.0": "070-123 45 67", "_add": "/phones"}, after)
    assert after == {"phones": ["+46701234567"], RAW_KEY: {"/phones": {"blank": "1"}}}
    # A blank row left empty goes away; a row with a wrong number stays with its text.
    after = parse_page(definition, "telefon", {"phones.0": "070-123 45 67", "phones.1": ""}, after)
    assert after == {"phones": ["+46701234567"]}
    after = parse_page(definition, "telefon", {"phones.0": "", "_add": "/phones"}, after)
    assert after == {RAW_KEY: {"/phones": {"blank": "1"}}}
    after = parse_page(definition, "telefon", {"phones.0": "12"}, after)
    assert after == {"phones": [None], RAW_KEY: {"/phones/0": {"text": "12"}}}
    assert [e.keyword for e in validate_page(definition, "telefon", after, "sv")] == ["format:phone-se"]


def test_summary_names_the_item(definition: FormDefinition) -> None:
    answers = {
        "household": [{"name": "Anna", "born": "1980-01-02", "lives": True}],
        "phones": ["+46701234567"],
    }
    assert [(r.label, r.value) for r in summary(definition, answers, "en")] == [
        ("Person 1: Namn", "Anna"),
        ("Person 1: Född", "2 January 1980"),
        ("Person 1: Bor här", "Yes"),
        ("Phone numbers 1", "070-123 45 67"),
    ]
    assert_round_trip(definition, answers)


def test_sections_inside_sections() -> None:
    person = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "pets": {"type": "array", "items": {"type": "string"}}},
    }
    definition = definition_for(schema_of({"people": {"type": "array", "items": person}}))
    answers = {"people": [{"name": "A"}, {"name": "B", "pets": ["katt"]}]}
    after = post(definition, "people", answers, press=("_add", "/people/1/pets"))
    assert after == {**answers, RAW_KEY: {"/people/1/pets": {"blank": "1"}}}
    document = parse(str(render_page(definition, "people", after, [], "sv")))
    assert [t.attrs["name"] for t in document.controls()] == [
        "people.0.name",
        "people.1.name",
        "people.1.pets.0",
        "people.1.pets.1",
    ]
    after = post(
        definition, "people", after, typed={"people.1.pets.1": "hund"}, press=("_remove", "/people/0")
    )
    assert after == {"people": [{"name": "B", "pets": ["katt", "hund"]}]}


# -- over HTTP: the page redirects back to itself after "add" and "remove" -----------------

STORE: dict[str, Any] = {}
DEFINITION = definition_for(SCHEMA)


async def show(request: Request) -> Response:
    page_id = request.path_params["page"]
    answers = STORE.setdefault("answers", {})
    errors = validate_page(DEFINITION, page_id, answers, "sv") if request.query_params.get("fel") else []
    return HTMLResponse(f"<form method=post>{render_page(DEFINITION, page_id, answers, errors, 'sv')}</form>")


async def submit(request: Request) -> Response:
    page_id = request.path_params["page"]
    form = await request.form()
    before = STORE.get("answers", {})
    answers = STORE["answers"] = parse_page(DEFINITION, page_id, form, before)
    anchor = stay_on_page(DEFINITION, page_id, form, before, answers)
    if anchor is not None:
        return RedirectResponse(f"/{page_id}#{anchor}", status_code=303)
    if validate_page(DEFINITION, page_id, answers, "sv"):
        return RedirectResponse(f"/{page_id}?fel=1", status_code=303)
    return JSONResponse(answers)


app = Starlette(routes=[Route("/{page}", show), Route("/{page}", submit, methods=["POST"])])


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_thread(app) as url:
        yield url


def test_add_and_remove_without_javascript(base_url: str) -> None:
    STORE.clear()
    with httpx.Client(base_url=base_url, follow_redirects=True) as client:
        page_html = client.get("/household").text
        reply = client.post("/household", data=dict(posted(page_html, press=("_add", "/household"))))
        assert reply.url.path == "/household"
        typed = {"household.0.name": "Anna", "household.0.born[day]": "2", "household.0.born[month]": "1",
                 "household.0.born[year]": "1980"}  # fmt: skip
        reply = client.post("/household", data=dict(posted(reply.text, typed, press=("_add", "/household"))))
        typed = {"household.1.name": "Bo", "household.1.born[day]": "3"}  # half a date: kept
        reply = client.post(
            "/household", data=dict(posted(reply.text, typed, press=("_remove", "/household/0")))
        )
        document = parse(reply.text)
        assert document.by_id("f-household-0-name").attrs["value"] == "Bo"
        assert document.by_id("f-household-0-born-day").attrs["value"] == "3"
        reply = client.post("/household", data=dict(posted(reply.text)))  # continue: the date is incomplete
        assert reply.url.query == b"fel=1"
        assert "Född måste innehålla månad och år" in reply.text
        typed = {"household.0.born[month]": "4", "household.0.born[year]": "2001"}
        reply = client.post("/household", data=dict(posted(reply.text, typed)))
        assert reply.json() == {"household": [{"name": "Bo", "born": "2001-04-03", "lives": True}]}


def test_items_with_variants_and_conditions() -> None:
    item = {
        "type": "object",
        "properties": {"hasCar": {"type": "boolean", "title": "Har bil"}},
        "required": ["hasCar"],
        "if": {"properties": {"hasCar": {"const": True}}, "required": ["hasCar"]},
        "then": {"properties": {"reg": {"type": "string", "title": "Regnummer"}}, "required": ["reg"]},
        "oneOf": [
            {
                "title": "Vuxen",
                "properties": {"age": {"const": "adult"}, "job": {"type": "string"}},
                "required": ["age"],
            },
            {
                "title": "Barn",
                "properties": {"age": {"const": "child"}, "school": {"type": "string"}},
                "required": ["age"],
            },
        ],
    }
    definition = definition_for(schema_of({"people": {"type": "array", "items": item}}))
    answers = {
        "people": [
            {"hasCar": True, "reg": "ABC123", "age": "adult", "job": "Snickare"},
            {"hasCar": False, "age": "child", "school": "Solskolan"},
        ]
    }
    assert_round_trip(definition, answers)
    changed = post(
        definition,
        "people",
        answers,
        typed={
            "people.0.hasCar=false": "",
            "people.1.people.1[variant]=adult": "",
            "people.1[variant]=adult": "",
        },
    )
    assert changed == {
        "people": [{"hasCar": False, "age": "adult", "job": "Snickare"}, {"hasCar": False, "age": "adult"}]
    }
    rows = [(r.label, r.value) for r in summary(definition, answers, "sv")]
    assert ("People 1: Regnummer", "ABC123") in rows
    assert ("People 2: Job", "Ej angivet") not in rows
    assert ("People 2: School", "Solskolan") in rows
