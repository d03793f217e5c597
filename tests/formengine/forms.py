"""Small inline form definitions for the form-engine tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from blankett.formengine import FormDefinition, build_definition

ROOT = Path(__file__).resolve().parents[2]
SYNPUNKT = ROOT / "forms" / "synpunkt.json"


def label(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def control(path: str, sv: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"type": "control", "path": path, "label": label(sv, en), **extra}


def raw_form(
    properties: dict[str, Any], *pages: list[dict[str, Any]], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A definition dict with one page per list of elements (page ids p1, p2, ...)."""
    return {
        "formatVersion": "1.0",
        "id": "testform",
        "version": "1.0.0",
        "title": label("Testblankett", "Test form"),
        "schema": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": properties,
            "required": list(required),
        },
        "pages": [
            {"id": f"p{n}", "title": label(f"Sida {n}", f"Page {n}"), "elements": elements}
            for n, elements in enumerate(pages, start=1)
        ],
    }


def form(
    properties: dict[str, Any], *pages: list[dict[str, Any]], required: tuple[str, ...] = ()
) -> FormDefinition:
    return build_definition(raw_form(properties, *pages, required=required), "<test>")


def write(tmp_path: Path, raw: Any, name: str = "testform.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def definition_for(
    schema: dict[str, Any], pages: list[dict[str, Any]] | None = None, **extra: Any
) -> FormDefinition:
    """A definition around ``schema`` (no ``pages``: the automatic layout)."""
    raw: dict[str, Any] = {
        "formatVersion": "1.0",
        "id": "testform",
        "version": "1.0.0",
        "title": label("Testblankett", "Test form"),
        "schema": schema,
        **extra,
    }
    if pages is not None:
        raw["pages"] = pages
    return build_definition(raw, "<test>")


def page(page_id: str, *elements: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": page_id,
        "title": label(f"Sida {page_id}", f"Page {page_id}"),
        "elements": list(elements),
        **extra,
    }


def schema_of(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": list(required),
        **extra,
    }
