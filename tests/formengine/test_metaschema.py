"""The definition meta-schema: shipped for editors, run by the loader before its own checks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from blankett.errors import FormDefinitionError
from blankett.formengine import build_definition, metaschema, widgets

from .forms import ROOT, SYNPUNKT


def synpunkt() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SYNPUNKT.read_text(encoding="utf-8"))
    return loaded


def problems_of(raw: Any) -> list[tuple[str, str]]:
    with pytest.raises(FormDefinitionError) as caught:
        build_definition(raw, "f.json")
    return [(pointer, message) for _, pointer, message in caught.value.problems]


def test_shipped_file_is_a_valid_2020_12_schema_with_the_documented_id() -> None:
    shipped = metaschema.raw_schema()
    Draft202012Validator.check_schema(shipped)
    assert shipped["$id"] == metaschema.SCHEMA_ID == "https://blankett.se/schemas/form-definition/v1.json"


def test_widget_names_in_the_shipped_file_equal_the_registry() -> None:
    """Editors complete from the file; add a new widget's name to it when you register one."""
    assert metaschema.raw_schema()["$defs"]["widget"]["enum"] == widgets.names()


FORMS = [p for p in sorted((ROOT / "forms").glob("*.json")) if p.name != "published.lock.json"]


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_repository_forms_name_and_pass_the_meta_schema(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["$schema"] == metaschema.SCHEMA_ID
    assert metaschema.problems(raw) == []


def test_unknown_keys_are_reported_with_a_suggestion() -> None:
    raw = synpunkt()
    element = raw["pages"][0]["elements"][0]
    element["lable"] = element.pop("label")
    raw["pages"][1]["showIff"] = "x"
    raw["pages"][2]["elements"][0]["zzz"] = 1
    raw["colour"] = "blue"
    found = problems_of(raw)
    assert ("/pages/0/elements/0/lable", "unknown key 'lable' (did you mean 'label'?)") in found
    assert ("/pages/1/showIff", "unknown key 'showIff' (did you mean 'showIf'?)") in found
    assert any(p == "/pages/2/elements/0/zzz" and "allowed here:" in m for p, m in found)
    assert any(p == "/colour" and m.startswith("unknown key 'colour'") for p, m in found)


def test_keys_inside_the_data_schema_are_not_the_formats_business() -> None:
    raw = synpunkt()
    raw["schema"]["properties"]["category"]["x-anything"] = True
    raw["schema"]["x-vendor"] = {"lable": 1}
    assert build_definition(raw, "f.json").id == "synpunkt"


def test_structure_problems_have_pointers_and_plain_messages() -> None:
    raw = synpunkt()
    raw["version"] = "1.0"
    raw["status"] = "publishd"
    raw["conditions"] = {"a": {"path": "/category", "schema": {"const": "beröm"}, "nott": "b"}}
    raw["pages"][2]["elements"].append({"type": "content", "kind": "warnng", "text": {"sv": "a", "en": "b"}})
    found = dict(problems_of(raw))
    assert "semantic version" in found["/version"]
    assert "did you mean 'published'" in found["/status"]
    assert found["/conditions/a/nott"] == "unknown key 'nott' (did you mean 'not'?)"
    assert "warnng" in found["/pages/2/elements/4/kind"]


def test_a_fault_the_engine_explains_is_reported_once() -> None:
    raw = synpunkt()
    del raw["title"]["en"]
    raw["pages"][0]["elements"][1]["widget"] = "radio"
    del raw["pages"][1]["elements"][0]["path"]
    found = problems_of(raw)
    pointers = [p for p, _ in found]
    assert pointers.count("/title/en") == 1
    assert pointers.count("/pages/0/elements/1/widget") == 1
    assert pointers.count("/pages/1/elements/0/path") == 1


def test_the_format_as_documented_is_accepted() -> None:
    """Exit pages, automatic pages, content of every kind, repeats and inline conditions."""
    raw = copy.deepcopy(synpunkt())
    text = {"sv": "Text", "en": "Text"}
    raw["status"] = "published"
    raw["schema"]["properties"]["others"] = {"type": "array", "items": {"type": "string"}}
    raw["conditions"] = {
        "praise": {"path": "/category", "schema": {"const": "beröm"}},
        "notPraise": {"not": "praise"},
        "school": {"path": "/area", "schema": {"enum": ["skola"]}},
        "either": {"any": ["praise", {"all": ["notPraise", "school"]}]},
    }
    raw["pages"].insert(1, {"id": "stopp", "type": "exit", "title": text, "text": text, "showIf": "either"})
    raw["pages"][0]["elements"].extend(
        {"type": "content", "kind": kind, "text": text, **({"summary": text} if kind == "details" else {})}
        for kind in ("heading", "paragraph", "inset", "details", "warning")
    )
    raw["pages"].append({"id": "fler", "title": text, "elements": [
        {"type": "control", "path": "/others", "widget": "repeat", "label": text, "itemTitle": text,
         "addLabel": text, "showIf": {"path": "/area", "schema": {"const": "annat"}}},
    ]})
    assert metaschema.problems(raw) == []
    assert build_definition(raw, "f.json").page("stopp").kind == "exit"
