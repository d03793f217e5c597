"""Every widget in headless Chromium: axe-core finds no WCAG 2.1 A/AA violation (empty and
with errors, in Swedish and English), nothing scrolls sideways at 320 px, and a repeatable
section works with JavaScript off, where Enter in a field continues rather than removes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from markupsafe import escape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from blankett.formengine import (
    FormDefinition,
    parse_page,
    render_page,
    stay_on_page,
    text,
    validate_page,
)
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, browser  # noqa: F401
from tests.conftest import ROOT
from tests.formengine.forms import definition_for, label, schema_of
from tests.support.server import serve_in_thread

SCHEMA = schema_of(
    {
        "name": {"type": "string", "title": "Namn", "maxLength": 100},
        "story": {"type": "string", "title": "Berätta", "maxLength": 2000, "description": "Skriv fritt."},
        "email": {"type": "string", "format": "email", "title": "E-post"},
        "site": {"type": "string", "format": "uri", "title": "Webbplats"},
        "rooms": {"type": "integer", "minimum": 1, "title": "Antal rum"},
        "area": {"type": "number", "title": "Yta i kvadratmeter"},
        "county": {"enum": [f"län-{n}" for n in range(21)], "title": "Län"},
        "kind": {
            "title": "Typ",
            "oneOf": [{"const": "villa", "title": "Villa"}, {"const": "flat", "title": "Lägenhet"}],
        },
        "extras": {
            "type": "array",
            "title": "Tillval",
            "items": {"enum": ["garage", "pool"]},
            "uniqueItems": True,
        },
        "pets": {"type": "boolean", "title": "Har du husdjur?"},
        "born": {"type": "string", "format": "date", "title": "Födelsedatum"},
        "at": {"type": "string", "format": "time", "title": "Klockslag"},
        "when": {"type": "string", "format": "date-time", "title": "Tidpunkt"},
        "pnr": {"type": "string", "format": "personnummer", "title": "Personnummer"},
        "orgnr": {"type": "string", "format": "se-orgnr", "title": "Organisationsnummer"},
        "phone": {"type": "string", "format": "phone-se", "title": "Telefon"},
        "home": {
            "type": "object",
            "title": "Adress",
            "properties": {
                "street": {"type": "string"},
                "postalCode": {"type": "string"},
                "city": {"type": "string"},
            },
            "required": ["street", "postalCode", "city"],
        },
        "reference": {"type": "string", "readOnly": True, "default": "BLK-1", "title": "Referens"},
        "formVersion": {"const": "2"},
        "consent": {"type": "boolean", "const": True, "title": "Jag intygar att uppgifterna stämmer"},
        "owner": {
            "title": "Ägare",
            "oneOf": [
                {
                    "title": "Privatperson",
                    "properties": {"type": {"const": "p"}, "pnr": {"type": "string"}},
                    "required": ["type", "pnr"],
                },
                {
                    "title": "Företag",
                    "properties": {"type": {"const": "c"}, "orgnr": {"type": "string"}},
                    "required": ["type", "orgnr"],
                },
            ],
        },
        "household": {
            "type": "array",
            "title": "Hushåll",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "title": "Namn"},
                    "born": {"type": "string", "format": "date", "title": "Född"},
                },
                "required": ["name"],
            },
        },
        "phones": {"type": "array", "title": "Fler telefonnummer", "items": {"type": "string"}},
        "point": {
            "type": "array",
            "title": "Plats",
            "prefixItems": [{"type": "number", "title": "Lat"}, {"type": "number", "title": "Lon"}],
        },
    },
    required=(
        "name",
        "email",
        "rooms",
        "county",
        "kind",
        "pets",
        "born",
        "pnr",
        "home",
        "consent",
        "owner",
        "household",
    ),
)
CONTENT = [
    {"type": "content", "kind": "heading", "text": label("Om bostaden", "About the home")},
    {
        "type": "content",
        "kind": "paragraph",
        "text": label("Läs [villkoren](https://example.se).", "Read [the terms](https://example.se)."),
    },
    {"type": "content", "kind": "inset", "text": label("Det tar fem minuter.", "It takes five minutes.")},
    {
        "type": "content",
        "kind": "details",
        "summary": label("Hjälp", "Help"),
        "text": label("Ring oss.", "Call us."),
    },
    {"type": "content", "kind": "warning", "text": label("Du kan få böter.", "You can be fined.")},
]
NAME = {"type": "control", "path": "/name", "label": label("Namn", "Name")}
PAGES = [
    {"id": "innehall", "title": label("Innehåll", "Content"), "elements": [*CONTENT, NAME]},
    {"id": "resten", "title": label("Resten", "The rest"), "elements": "auto"},
]
DEFINITION = definition_for(SCHEMA, PAGES)
ANSWERS: dict[str, Any] = {}


def document(definition: FormDefinition, page_id: str, lang: str, fields: str, errors: list[Any]) -> str:
    title = text(definition.page(page_id).title, lang)
    summary = "".join(f'<li><a href="#{e.field_id}">{escape(e.message)}</a></li>' for e in errors)
    summary = (
        f'<div class="error-summary" role="alert"><h2>Det finns ett problem</h2><ul>{summary}</ul></div>'
        if errors
        else ""
    )
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{"Fel: " if errors else ""}{escape(title)}</title>'
        '<link rel="stylesheet" href="/static/blankett.css"></head>'
        f'<body><main class="wrap" id="main"><h1>{escape(title)}</h1>{summary}'
        f'<form method="post" novalidate>{fields}'
        '<button type="submit" class="button">Fortsätt</button></form>'
        "</main></body></html>"
    )


async def show(request: Request) -> Response:
    page_id, lang = request.path_params["page"], request.query_params.get("lang", "sv")
    errors = validate_page(DEFINITION, page_id, ANSWERS, lang) if request.query_params.get("fel") else []
    fields = str(render_page(DEFINITION, page_id, ANSWERS, errors, lang))
    return HTMLResponse(document(DEFINITION, page_id, lang, fields, errors))


async def submit(request: Request) -> Response:
    page_id = request.path_params["page"]
    form = await request.form()
    before = dict(ANSWERS)
    answers = parse_page(DEFINITION, page_id, form, before)
    ANSWERS.clear()
    ANSWERS.update(answers)
    anchor = stay_on_page(DEFINITION, page_id, form, before, answers)
    if anchor is not None:
        return RedirectResponse(f"/{page_id}#{anchor}", status_code=303)
    return HTMLResponse(
        f"<!doctype html><html lang=sv><title>Klart</title><pre id=answers>{json.dumps(answers)}</pre>"
    )


app = Starlette(
    routes=[
        Mount("/static", StaticFiles(directory=ROOT / "platform" / "blankett" / "web" / "static")),
        Route("/{page}", show),
        Route("/{page}", submit, methods=["POST"]),
    ]
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_thread(app) as url:
        yield url


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_widget_is_accessible(browser: Any, base_url: str, lang: str) -> None:  # noqa: F811
    ANSWERS.clear()
    page = browser.new_page()
    for page_id in ("innehall", "resten"):
        for errors in ("", "&fel=1"):
            page.goto(f"{base_url}/{page_id}?lang={lang}{errors}")
            assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    for page_id in ("innehall", "resten"):
        page.goto(f"{base_url}/{page_id}?lang={lang}&fel=1")
        assert_no_horizontal_scroll(page)
    page.close()


def test_a_repeatable_section_without_javascript(browser: Any, base_url: str) -> None:  # noqa: F811
    ANSWERS.clear()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/resten")
    page.get_by_label("Namn", exact=True).fill("Anna")
    page.get_by_role("button", name="Lägg till en till \u2013 Hushåll").click()
    assert page.url.endswith("/resten#f-household-1")
    assert page.get_by_label("Namn", exact=True).first.input_value() == "Anna"
    page.locator("#f-household-1-name").fill("Bo")
    page.get_by_role("button", name="Ta bort Hushåll 1").click()
    assert page.locator("#f-household-0-name").input_value() == "Bo"
    assert_accessible_without_script(page)
    # Enter in a field presses the form's first button: "Fortsätt", not "Ta bort".
    page.locator("#f-household-0-name").press("Enter")
    answers = json.loads(page.locator("#answers").inner_text())
    assert answers["household"] == [{"name": "Bo"}]
    context.close()


def assert_accessible_without_script(page: Any) -> None:
    """axe needs script: run it in a scripted page on the same HTML."""
    markup = page.content()
    scripted = page.context.browser.new_page()
    scripted.set_content(markup)
    assert_accessible(scripted)
    scripted.close()
