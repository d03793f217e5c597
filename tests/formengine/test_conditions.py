"""Named conditions: pages and elements shown only when they apply, hidden values cleared and
never required, exit pages that end the path, and the path the web layer walks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from blankett.errors import FormDefinitionError
from blankett.formengine import (
    exit_page,
    following_page,
    load_definition,
    parse_page,
    preceding_page,
    render_page,
    stay_on_page,
    summary,
    validate_answers,
    validate_page,
    visible_pages,
)
from tests.formengine.forms import control, definition_for, label, page, schema_of, write
from tests.formengine.html import parse

SCHEMA = schema_of(
    {
        "applicantType": {"enum": ["private", "company"], "title": "Sökande"},
        "orgnr": {"type": "string", "format": "se-orgnr", "title": "Organisationsnummer"},
        "stoves": {"type": "integer", "minimum": 1, "title": "Antal eldstäder"},
        "chimney": {"type": "boolean", "title": "Finns skorsten?"},
        "sweep": {"type": "string", "title": "Sotare"},
        "other": {"type": "string", "title": "Övrigt"},
    },
    required=("applicantType", "stoves", "orgnr", "sweep"),
)
CONDITIONS = {
    "isCompany": {"path": "/applicantType", "schema": {"const": "company"}},
    "manyStoves": {"path": "/stoves", "schema": {"minimum": 3}},
    "companyWithMany": {"all": ["isCompany", "manyStoves"]},
    "noChimney": {"not": {"path": "/chimney", "schema": {"const": True}}},
    "eitherOr": {"any": ["isCompany", {"path": "/stoves", "schema": {"const": 2}}]},
}
PAGES = [
    page("typ", control("/applicantType", "Vem söker?", "Who is applying?")),
    page("foretag", control("/orgnr", "Organisationsnummer", "Company number"), showIf="isCompany"),
    page(
        "eldstader",
        control("/stoves", "Antal eldstäder", "Number of stoves"),
        control("/chimney", "Finns det en skorsten?", "Is there a chimney?"),
        control("/sweep", "Sotare", "Chimney sweep", showIf={"path": "/chimney", "schema": {"const": True}}),
        {
            "type": "content",
            "kind": "warning",
            "text": label("Du behöver en **skorsten**.", "You need a **chimney**."),
            "showIf": "noChimney",
        },
    ),
    {
        "id": "stopp",
        "type": "exit",
        "title": label("Du kan inte använda e-tjänsten", "You cannot use this service"),
        "text": label(
            "Företag med fler än två eldstäder ansöker på [papper](https://kommun.se/blankett).",
            "Companies with more than two stoves apply [on paper](https://kommun.se/blankett).",
        ),
        "showIf": "companyWithMany",
    },
    page("ovrigt", control("/other", "Övrigt", "Other"), showIf="eitherOr"),
]


@pytest.fixture(scope="module")
def definition() -> Any:
    return definition_for(SCHEMA, PAGES, conditions=CONDITIONS)


def ids(pages: list[Any]) -> list[str]:
    return [p.id for p in pages]


def test_the_path_follows_the_answers(definition: Any) -> None:
    assert ids(visible_pages(definition, {})) == ["typ", "eldstader"]  # a missing value fails
    private = {"applicantType": "private", "stoves": 2}
    assert ids(visible_pages(definition, private)) == ["typ", "eldstader", "ovrigt"]
    company = {"applicantType": "company", "stoves": 1}
    assert ids(visible_pages(definition, company)) == ["typ", "foretag", "eldstader", "ovrigt"]
    assert following_page(definition, "typ", company).id == "foretag"  # type: ignore[union-attr]
    assert following_page(definition, "typ", private).id == "eldstader"  # type: ignore[union-attr]
    assert preceding_page(definition, "eldstader", private).id == "typ"  # type: ignore[union-attr]
    assert preceding_page(definition, "typ", private) is None
    assert following_page(definition, "ovrigt", private) is None
    assert exit_page(definition, company) is None


def test_an_exit_page_ends_the_path(definition: Any) -> None:
    answers = {"applicantType": "company", "stoves": 4}
    assert ids(visible_pages(definition, answers)) == ["typ", "foretag", "eldstader", "stopp"]
    assert exit_page(definition, answers).id == "stopp"  # type: ignore[union-attr]
    assert following_page(definition, "eldstader", answers).id == "stopp"  # type: ignore[union-attr]
    assert following_page(definition, "stopp", answers) is None
    stop = definition.page("stopp")
    assert stop.is_exit
    markup = str(render_page(definition, "stopp", answers, [], "en"))
    assert '<a href="https://kommun.se/blankett">on paper</a>' in markup


def test_hidden_pages_are_cleared_and_not_required(definition: Any) -> None:
    company = {
        "applicantType": "company",
        "orgnr": "5560360793",
        "stoves": 1,
        "chimney": True,
        "sweep": "Sot AB",
    }
    assert validate_answers(definition, company, "sv") == []
    now_private = parse_page(definition, "typ", {"applicantType": "private"}, company)
    assert "orgnr" not in now_private  # its page left the path
    assert validate_answers(definition, now_private, "sv") == []  # orgnr is required, but hidden
    assert [r.pointer for r in summary(definition, now_private, "sv")] == [
        "/applicantType",
        "/stoves",
        "/chimney",
        "/sweep",
    ]
    missing = {"applicantType": "company", "stoves": 1, "chimney": True, "sweep": "x"}
    assert [(e.pointer, e.keyword) for e in validate_answers(definition, missing, "sv")] == [
        ("/orgnr", "required")
    ]


def test_hidden_elements_are_cleared_and_not_required(definition: Any) -> None:
    form = {"stoves": "1", "chimney": "true", "sweep": "Sot AB"}
    answers = parse_page(definition, "eldstader", form, {"applicantType": "private"})
    assert "sweep" not in answers  # a page is read as it was shown, and the sweep was not
    answers = parse_page(definition, "eldstader", form, answers)
    assert answers["sweep"] == "Sot AB"
    answers = parse_page(
        definition, "eldstader", {"stoves": "1", "chimney": "false", "sweep": "Sot AB"}, answers
    )
    assert "sweep" not in answers
    assert validate_page(definition, "eldstader", answers, "sv") == []
    document = parse(str(render_page(definition, "eldstader", answers, [], "sv")))
    assert "sweep" not in [t.attrs["name"] for t in document.controls()]
    assert "<strong>skorsten</strong>" in str(render_page(definition, "eldstader", answers, [], "sv"))
    shown = {"applicantType": "private", "stoves": 1, "chimney": True}
    assert "skorsten</strong>" not in str(render_page(definition, "eldstader", shown, [], "sv"))
    assert [(e.pointer, e.message) for e in validate_page(definition, "eldstader", shown, "sv")] == [
        ("/sweep", "Ange sotare")
    ]


def test_questions_revealed_by_an_answer_are_shown_before_they_are_checked(definition: Any) -> None:
    before = {"applicantType": "private"}
    form = {"stoves": "1", "chimney": "true"}
    after = parse_page(definition, "eldstader", form, before)
    assert stay_on_page(definition, "eldstader", form, before, after) == "f-sweep"
    again = parse_page(definition, "eldstader", {**form, "sweep": "Sot AB"}, after)
    assert stay_on_page(definition, "eldstader", form, after, again) is None


def test_conditions_inside_a_repeat_item_are_relative_to_the_item() -> None:
    schema = schema_of(
        {
            "pets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"kind": {"enum": ["cat", "dog"]}, "breed": {"type": "string"}},
                    "required": ["kind", "breed"],
                },
            }
        }
    )
    elements = [
        {"type": "control", "path": "/kind", "label": label("Djur", "Animal")},
        {"type": "control", "path": "/breed", "label": label("Ras", "Breed"),
         "showIf": {"path": "/kind", "schema": {"const": "dog"}}},
    ]  # fmt: skip
    definition = definition_for(
        schema, [page("djur", control("/pets", "Husdjur", "Pets", elements=elements))]
    )
    answers = {"pets": [{"kind": "cat"}, {"kind": "dog"}]}
    names = [
        t.attrs["name"] for t in parse(str(render_page(definition, "djur", answers, [], "sv"))).controls()
    ]
    assert names == ["pets.0.kind", "pets.0.kind", "pets.1.kind", "pets.1.kind", "pets.1.breed"]
    assert [(e.pointer, e.keyword) for e in validate_answers(definition, answers, "sv")] == [
        ("/pets/1/breed", "required")
    ]


@pytest.mark.parametrize(
    ("conditions", "show_if", "pointer", "reason"),
    [
        ({}, "missing", "/pages/1/showIf", "no condition named 'missing'"),
        ({"a": "b", "b": "a"}, "a", "/conditions/a", "refers to itself"),
        ({"a": {"path": "/nowhere", "schema": {}}}, "a", "/conditions/a/path", "is not in the schema"),
        (
            {"a": {"path": "/name", "schema": {"minLength": "x"}}},
            "a",
            "/conditions/a/schema",
            "not a valid JSON Schema",
        ),
        ({"a": {"all": []}}, "a", "/conditions/a/all", "non-empty list"),
        ({"a": {"what": 1}}, "a", "/conditions/a", "needs 'path' and 'schema'"),
    ],
)
def test_broken_conditions_are_reported(
    tmp_path: Path, conditions: dict[str, Any], show_if: Any, pointer: str, reason: str
) -> None:
    raw = {
        "formatVersion": "1.0",
        "id": "testform",
        "version": "1.0.0",
        "title": label("T", "T"),
        "schema": schema_of({"name": {"type": "string"}}),
        "conditions": conditions,
        "pages": [page("a", control("/name", "Namn", "Name")), page("b", showIf=show_if)],
    }
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(write(tmp_path, raw))
    found = {p: m for _, p, m in caught.value.problems}
    assert reason in found[pointer], found


def test_exit_pages_need_a_text(tmp_path: Path) -> None:
    raw = {
        "formatVersion": "1.0",
        "id": "testform",
        "version": "1.0.0",
        "title": label("T", "T"),
        "schema": schema_of({"name": {"type": "string"}}),
        "pages": [
            {"id": "stopp", "type": "exit", "title": label("Stopp", "Stop")},
            {"id": "x", "type": "other"},
        ],
    }
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(write(tmp_path, raw))
    found = {p: m for _, p, m in caught.value.problems}
    assert "Swedish and English" in found["/pages/0/text"]
    assert "unknown page type 'other'" in found["/pages/1/type"]
