from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import blankett.formengine
from blankett.errors import FormDefinitionError, NotFound
from blankett.formengine import FormDefinition, build_definition, load_definition, text
from tests.formengine.forms import SYNPUNKT, control, label, raw_form, write


def test_facade_exports() -> None:
    assert blankett.formengine.__all__ == [
        "RAW_KEY",
        "Content",
        "Control",
        "FieldError",
        "FormDefinition",
        "Option",
        "Page",
        "SummaryRow",
        "Text",
        "build_definition",
        "clean_answers",
        "exit_page",
        "following_page",
        "load_definition",
        "parse_page",
        "preceding_page",
        "render_page",
        "stay_on_page",
        "summary",
        "text",
        "validate_answers",
        "validate_page",
        "visible_pages",
    ]


def test_loads_the_example_form(synpunkt: FormDefinition) -> None:
    assert synpunkt.id == "synpunkt"
    assert synpunkt.version == "1.0.0"
    assert text(synpunkt.title, "en") == "Give feedback or make a complaint"
    assert text(synpunkt.summary, "sv").startswith("Tyck till")
    assert set(synpunkt.start) == {"whatYouNeed", "whatHappensNext"}
    assert [p.id for p in synpunkt.pages] == ["vad", "beskrivning", "kontakt"]
    assert [c.pointer for c in synpunkt.page("kontakt").controls] == [
        "/contact/name",
        "/contact/email",
        "/contact/wantsReply",
        "/consent",
    ]
    widgets = {c.pointer: c.widget for c in synpunkt.controls}
    assert widgets["/happenedOn"] == "date"
    assert widgets["/contact/email"] == "email"
    assert synpunkt.raw["id"] == "synpunkt"


def test_hash_is_sha256_of_canonical_json(synpunkt: FormDefinition) -> None:
    raw = json.loads(SYNPUNKT.read_text(encoding="utf-8"))
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert synpunkt.hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    changed = copy.deepcopy(raw)
    changed["version"] = "1.0.1"
    assert build_definition(changed).hash != synpunkt.hash


def test_page_navigation(synpunkt: FormDefinition) -> None:
    assert synpunkt.first_page.id == "vad"
    assert synpunkt.next_page("vad").id == "beskrivning"  # type: ignore[union-attr]
    assert synpunkt.next_page("kontakt") is None
    assert synpunkt.previous_page("kontakt").id == "beskrivning"  # type: ignore[union-attr]
    assert synpunkt.previous_page("vad") is None
    with pytest.raises(NotFound):
        synpunkt.page("finns-inte")
    with pytest.raises(NotFound):
        synpunkt.next_page("finns-inte")


def test_the_validator_is_compiled_once(synpunkt: FormDefinition) -> None:
    from blankett.formengine import validate_answers, validate_page

    validator = synpunkt.validator
    validate_page(synpunkt, "kontakt", {}, "sv")
    validate_answers(synpunkt, {"category": "beröm"}, "en")
    assert synpunkt.validator is validator
    assert validator.format_checker is not None
    assert not validator.format_checker.conforms("anna@", "email")


def _problems(raw: Any, tmp_path: Path) -> list[tuple[str, str, str]]:
    path = write(tmp_path, raw)
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(path)
    assert all(file == str(path) for file, _, _ in caught.value.problems)
    return caught.value.problems


def _pointers(problems: list[tuple[str, str, str]]) -> dict[str, str]:
    return {pointer: message for _, pointer, message in problems}


def test_reports_every_problem_at_once(tmp_path: Path) -> None:
    raw = raw_form(
        {"name": {"type": "strnig"}, "email": {"type": "string", "minLength": -1}},
        [control("/name", "Namn", "Name"), control("/nosuch", "Finns inte", "Missing")],
        [control("/email", "E-post", "", widget="email")],
    )
    raw["pages"][1]["id"] = "p1"
    found = _pointers(_problems(raw, tmp_path))
    assert "is not a property in the schema" in found["/pages/0/elements/1/path"]
    assert "'/nosuch'" in found["/pages/0/elements/1/path"]
    assert "English" in found["/pages/1/elements/0/label/en"]
    assert "duplicate page id 'p1'" in found["/pages/1/id"]
    assert "/schema/properties/name/type" in found
    assert "/schema/properties/email/minLength" in found


def test_reports_structure_problems(tmp_path: Path) -> None:
    raw = {
        "formatVersion": "2.0",
        "id": "Bad Id",
        "title": {"sv": "Bara svenska"},
        "schema": {"type": "array"},
        "pages": [],
    }
    found = _pointers(_problems(raw, tmp_path))
    assert found[""] == "the key 'version' is required"
    assert "format version" in found["/formatVersion"]
    assert "slug" in found["/id"]
    assert "/title/en" in found
    assert "object" in found["/schema/type"]
    assert "non-empty" in found["/pages"]


@pytest.mark.parametrize(
    ("element", "pointer", "reason"),
    [
        (control("/nothing", "Inget", "Nothing"), "/pages/0/elements/0/path", "no widget fits '/nothing'"),
        (control("/name", "Namn", "Name", widget="dial"), "/pages/0/elements/0/widget", "unknown widget"),
        (control("/name", "Namn", "Name", widget="checkbox"), "/pages/0/elements/0/path", "boolean"),
        (control("/name", "Namn", "Name", widget="radios"), "/pages/0/elements/0", "options"),
        (control("name", "Namn", "Name"), "/pages/0/elements/0/path", "JSON Pointer"),
        ({"type": "control", "path": "/name"}, "/pages/0/elements/0/label", "label"),
        (control("/name", "Namn", "Name", hint={"sv": "Tips"}), "/pages/0/elements/0/hint/en", "English"),
        ({"type": "video"}, "/pages/0/elements/0/type", "unknown element type"),
    ],
)
def test_reports_control_problems(tmp_path: Path, element: dict[str, Any], pointer: str, reason: str) -> None:
    raw = raw_form({"name": {"type": "string"}, "nothing": {"type": "null"}}, [element])
    found = _pointers(_problems(raw, tmp_path))
    assert reason in found[pointer]


def test_options_must_match_the_enum_and_be_translated(tmp_path: Path) -> None:
    element = control(
        "/colour", "Färg", "Colour", options={"red": label("Röd", "Red"), "blue": {"sv": "Blå"}}
    )
    raw = raw_form({"colour": {"enum": ["red", "green"]}}, [element])
    found = _pointers(_problems(raw, tmp_path))
    assert "English" in found["/pages/0/elements/0/options/blue/en"]
    raw["pages"][0]["elements"][0]["options"]["blue"] = label("Blå", "Blue")
    found = _pointers(_problems(raw, tmp_path))
    assert found["/pages/0/elements/0/options/blue"] == "'blue' is not one of the schema's enum values"


def test_a_value_may_be_asked_only_once(tmp_path: Path) -> None:
    raw = raw_form(
        {"name": {"type": "string"}}, [control("/name", "Namn", "Name")], [control("/name", "N", "N")]
    )
    found = _pointers(_problems(raw, tmp_path))
    assert found["/pages/1/elements/0/path"] == "'/name' is already asked at /pages/0/elements/0"


def test_only_local_refs(tmp_path: Path) -> None:
    raw = raw_form({"name": {"$ref": "https://example.org/name.json"}}, [control("/name", "Namn", "Name")])
    found = _pointers(_problems(raw, tmp_path))
    assert "only local $ref" in found["/schema/properties/name/$ref"]


def test_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(broken)
    assert caught.value.problems[0][:2] == (str(broken), "")
    assert "JSON" in caught.value.problems[0][2]
    with pytest.raises(FormDefinitionError, match="cannot read"):
        load_definition(tmp_path / "missing.json")


def test_local_refs_must_resolve(tmp_path: Path) -> None:
    raw = raw_form({"name": {"$ref": "#/$defs/missing"}}, [control("/name", "Namn", "Name")])
    found = _pointers(_problems(raw, tmp_path))
    assert "does not point at a schema" in found["/schema/properties/name/$ref"]


def form_with_defs() -> FormDefinition:
    raw = raw_form({"applicant": {"$ref": "#/$defs/person"}}, [control("/applicant", "Sökande", "Applicant")])
    raw["schema"]["$defs"] = {
        "person": {
            "type": "object",
            "properties": {
                "email": {"type": "string", "format": "email", "title": "E-post"},
                "born": {"type": "string", "format": "date"},
            },
            "required": ["email"],
        }
    }
    raw["schema"]["required"] = ["applicant"]
    return build_definition(raw)


def test_an_object_without_widget_becomes_a_fieldset() -> None:
    definition = form_with_defs()
    (fieldset,) = definition.first_page.elements
    assert fieldset.widget == "fieldset"  # type: ignore[union-attr]
    assert [(c.pointer, c.widget, text(c.label, "sv"), c.required) for c in fieldset.children] == [  # type: ignore[union-attr]
        ("/applicant/email", "email", "E-post", True),
        ("/applicant/born", "date", "Born", False),
    ]
