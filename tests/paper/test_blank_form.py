"""The printable blank form: real text in the PDF (extracted back, å/ä/ö intact) and in HTML."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from blankett.catalog import load_service
from blankett.paper import blank_form_pdf
from tests.conftest import ROOT
from tests.support.platform import RunningPlatform, running_platform

SERVICE = load_service(ROOT / "forms" / "synpunkt.json", ROOT / "config" / "services" / "synpunkt.toml", None)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_blank_form_in_swedish_has_every_question_and_option() -> None:
    content = pdf_text(blank_form_pdf(SERVICE, "sv"))
    for expected in ("Lämna en synpunkt eller ett klagomål", "Vilken verksamhet gäller det?",
                     "Förskola och skola", "Vård och omsorg", "När hände det? (valfritt)",
                     "E-postadress", "Underskrift", "inom 20 dagar"):
        assert expected in content, expected


def test_blank_form_in_english() -> None:
    content = pdf_text(blank_form_pdf(SERVICE, "en"))
    assert "Give feedback or make a complaint" in content
    assert "Streets, parks and traffic" in content
    assert "Signature" in content
    assert "Förskola" not in content


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    with running_platform(sqlite_url, tmp_path) as running:
        yield running


def test_blank_form_is_served_without_login(platform: RunningPlatform) -> None:
    with platform.client() as client:
        start = client.get("/e-tjanst/synpunkt")
        assert 'href="/e-tjanst/synpunkt/utskrift"' in start.text
        printable = client.get("/e-tjanst/synpunkt/utskrift")
        assert printable.status_code == 200
        assert "Gator, parker och trafik" in printable.text
        assert 'href="/e-tjanst/synpunkt/blankett.pdf"' in printable.text
        pdf = client.get("/e-tjanst/synpunkt/blankett.pdf?lang=en")
        assert pdf.headers["content-type"] == "application/pdf"
        assert "Which service is it about?" in pdf_text(pdf.content)
        assert client.get("/e-tjanst/finns-inte/blankett.pdf").status_code == 404


def test_repeat_sections_and_exit_pages_on_paper() -> None:
    from blankett.formengine import build_definition

    raw = {
        "formatVersion": "1.0", "id": "hushall", "version": "1.0.0",
        "title": {"sv": "Hushåll", "en": "Household"},
        "schema": {"type": "object", "properties": {
            "members": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string", "title": "Namn"}}, "required": ["name"]}},
            "ok": {"type": "boolean"}}},
        "conditions": {"notOk": {"path": "/ok", "schema": {"const": False}}},
        "pages": [
            {"id": "p1", "title": {"sv": "Personer", "en": "People"}, "elements": [
                {"type": "control", "path": "/members", "widget": "repeat",
                 "label": {"sv": "Personer i hushållet", "en": "People in the household"},
                 "itemTitle": {"sv": "Person {index}", "en": "Person {index}"}},
                {"type": "control", "path": "/ok", "label": {"sv": "Stämmer det?", "en": "Correct?"}}]},
            {"id": "stopp", "type": "exit", "showIf": "notOk", "title": {"sv": "Stopp", "en": "Stop"},
             "text": {"sv": "Du kan inte använda tjänsten.", "en": "You cannot use the service."}},
        ],
    }
    service = SERVICE.__class__(**{**SERVICE.__dict__, "form": build_definition(raw)})
    content = pdf_text(blank_form_pdf(service, "sv"))
    assert "Person 1" in content and "Person 2" in content and "{index}" not in content
    assert "Du kan inte använda tjänsten." not in content
