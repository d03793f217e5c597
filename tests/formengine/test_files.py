"""The ``file`` widget and file types: content sniffing, safe names, definition checks, the
refusals' messages, and that only the platform can put a reference into the answers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from blankett.errors import FormDefinitionError
from blankett.formengine import build_definition, parse_page, render_page, summary, validate_page
from blankett.formengine.filetypes import DOCX, sanitise_name, sniff
from blankett.formengine.widgets.files import Refusal, Uploaded
from tests.support.files import TEXT_NAMED_PDF, docx, pdf, png

FILE = {"$ref": "https://blankett.se/schemas/file-reference/v1.json"}
REF = {"id": "a" * 22, "name": "plan.pdf", "mediaType": "application/pdf", "size": 2_400_000, "sha256": "0" * 64}
DEFINITION: dict[str, Any] = {
    "$schema": "https://blankett.se/schemas/form-definition/v1.json",
    "formatVersion": "1.0", "id": "prov", "version": "1.0.0", "title": {"sv": "Prov", "en": "Test"},
    "schema": {
        "type": "object", "required": ["drawings"],
        "properties": {
            "drawings": {"type": "array", "items": FILE, "minItems": 1, "maxItems": 2},
            "photo": FILE,
        },
    },
    "pages": [{"id": "filer", "title": {"sv": "Filer", "en": "Files"}, "elements": [
        {"path": "/drawings", "widget": "file", "label": {"sv": "Ritningar", "en": "Drawings"}, "accept": ["application/pdf"]},
        {"path": "/photo", "label": {"sv": "Foto", "en": "Photo"}, "accept": ["image/*"], "maxSize": 5_000_000},
    ]}],
}


def test_types_are_told_by_content() -> None:
    assert sniff(pdf()) == "application/pdf"
    assert sniff(png()) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff(docx()) == DOCX
    assert sniff(TEXT_NAMED_PDF[1]) is None
    assert sniff(b"PK\x03\x04 not really a zip") is None
    assert sniff(b"<html><script>alert(1)</script>") is None


@pytest.mark.parametrize(("given", "media_type", "kept"), [
    ("C:\\Users\\anna\\Läkarintyg.pdf", "application/pdf", "Läkarintyg.pdf"),
    ("../../etc/passwd", "application/pdf", "passwd.pdf"),
    ("foto\u202egnp.exe", "image/png", "fotognp.exe.png"),  # no right-to-left override
    ("ra\u030adhus.pdf", "application/pdf", "rådhus.pdf"),  # composed, as macOS does not send it
    ("a\x00b\r\nc.pdf", "application/pdf", "abc.pdf"),
    ('what?<x>:"|*.pdf', "application/pdf", "what__x_____.pdf"),
    ("   ", "application/pdf", "fil.pdf"),
    ("x" * 300 + ".pdf", "application/pdf", "x" * 116 + ".pdf"),
])
def test_names_are_sanitised(given: str, media_type: str, kept: str) -> None:
    assert sanitise_name(given, media_type) == kept


def test_a_file_control_is_inferred_and_rendered_with_its_limits() -> None:
    definition = build_definition(DEFINITION)
    assert [c.widget for c in definition.controls] == ["file", "file"]
    html = str(render_page(definition, "filer", {"drawings": [REF]}, [], "sv"))
    assert 'type="file"' in html and 'accept="application/pdf,.pdf"' in html and " multiple" in html
    assert "PDF, högst 10 MB per fil, högst 2 filer" in html
    assert 'name="_remove_file" value="' + REF["id"] + '"' in html and "plan.pdf" in html
    assert summary(definition, {"drawings": [REF]}, "sv")[0].value == "plan.pdf (2,4 MB)"
    assert summary(definition, {"drawings": [REF]}, "sv")[0].files == (REF,)


def test_only_the_platform_puts_references_into_the_answers() -> None:
    definition = build_definition(DEFINITION)
    forged = parse_page(definition, "filer", {"drawings": str(REF), "photo": REF}, {})
    assert "drawings" not in forged and "photo" not in forged
    given = parse_page(definition, "filer", {"drawings": Uploaded((REF,))}, {})
    assert given["drawings"] == [REF]
    removed = parse_page(definition, "filer", {"_remove_file": REF["id"]}, given)
    assert "drawings" not in removed
    assert [e.message for e in validate_page(definition, "filer", removed, "en")] == ["Upload drawings"]


def test_refusals_name_the_field_and_the_file() -> None:
    definition = build_definition(DEFINITION)
    answers = parse_page(definition, "filer", {
        "drawings": Uploaded((), Refusal("file:wrongType", "intyg.pdf")),
        "photo": Uploaded((), Refusal("file:tooLarge", "stor.jpg")),
    }, {})
    assert [e.message for e in validate_page(definition, "filer", answers, "sv")] == [
        "Filen intyg.pdf har fel filtyp. Ritningar måste vara PDF",
        "Filen stor.jpg är för stor. Filer för foto får vara högst 5 MB",
    ]
    again = parse_page(definition, "filer", {}, answers)  # sent again: the refusal is read
    assert [e.keyword for e in validate_page(definition, "filer", again, "en")] == ["required"]


@pytest.mark.parametrize(("change", "pointer", "message"), [
    (lambda d: d["pages"][0]["elements"][0].update(accept=["text/html"]), "/pages/0/elements/0/accept/0", "is not a file type the platform can recognise"),
    (lambda d: d["pages"][0]["elements"][1].update(maxSize=90_000_000), "/pages/0/elements/1/maxSize", ""),
    (lambda d: d["schema"]["properties"].update(drawings={"type": "string"}), "/pages/0/elements/0/path", "'file' widget needs"),
    (lambda d: d["schema"]["properties"]["drawings"].update(maxItems=50), "/pages/0/elements/0/path", "at most 20 files"),
])
def test_definition_mistakes_are_reported_where_they_are(change: Any, pointer: str, message: str) -> None:
    broken = copy.deepcopy(DEFINITION)
    change(broken)
    with pytest.raises(FormDefinitionError) as raised:
        build_definition(broken, "forms/prov.json")
    found = [(p, m) for _, p, m in raised.value.problems]
    assert any(p == pointer and message in m for p, m in found), found
