"""A page rendered by the engine, filled in and posted over real HTTP, parses back into the
answers: the field names in the HTML and the names parse_page reads must agree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from blankett.formengine import FormDefinition, load_definition, parse_page, render_page, validate_page
from tests.formengine.forms import SYNPUNKT
from tests.formengine.html import parse
from tests.formengine.test_parsing import EXPECTED
from tests.support.server import serve_in_thread

DEFINITION = load_definition(SYNPUNKT)


async def show(request: Request) -> Response:
    page = request.path_params["page"]
    answers = json.loads(request.query_params.get("answers", "{}"))
    errors = validate_page(DEFINITION, page, answers, "sv") if answers else []
    return HTMLResponse(f"<form method=post>{render_page(DEFINITION, page, answers, errors, 'sv')}</form>")


async def submit(request: Request) -> Response:
    answers = json.loads(request.query_params.get("answers", "{}"))
    parsed = parse_page(DEFINITION, request.path_params["page"], await request.form(), answers)
    return JSONResponse(parsed)


app = Starlette(routes=[Route("/{page}", show), Route("/{page}", submit, methods=["POST"])])


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_thread(app) as url:
        yield url


def fill(html: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """What a browser would post after a person typed ``values`` (by field name)."""
    posted = []
    for tag in parse(html).controls():
        name, kind = tag.attrs["name"] or "", tag.attrs.get("type")
        if kind in {"radio", "checkbox"}:
            if values.get(name) == tag.attrs["value"]:
                posted.append((name, tag.attrs["value"] or ""))
        else:
            posted.append((name, values.get(name, "")))
    return posted


TYPED = {
    "vad": {"category": "klagomål", "area": "gata-park"},
    "beskrivning": {
        "description": "Gatlampan på Storgatan 3 har varit trasig i två veckor.\r\nDet är mörkt.",
        "happenedOn[day]": "07",
        "happenedOn[month]": "3",
        "happenedOn[year]": "2026",
    },
    "kontakt": {"contact.name": "Anna Andersson", "contact.email": "anna@example.se", "consent": "true"},
}


def test_render_fill_post_parse(base_url: str, synpunkt: FormDefinition) -> None:
    answers: dict[str, Any] = {}
    with httpx.Client(base_url=base_url) as client:
        for page, typed in TYPED.items():
            html = client.get(f"/{page}").text
            reply = client.post(
                f"/{page}", params={"answers": json.dumps(answers)}, data=dict(fill(html, typed))
            )
            assert reply.status_code == 200
            answers = reply.json()
        assert answers == EXPECTED
        assert validate_page(synpunkt, "kontakt", answers, "sv") == []
        # And the pages show the answers again.
        html = client.get("/beskrivning", params={"answers": json.dumps(answers)}).text
    document = parse(html)
    assert document.by_id("f-happenedOn-day").attrs["value"] == "7"
