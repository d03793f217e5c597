"""``blankett forms new ID``: a starting point for a new service, in both files.

The form definition is valid at once; the service settings deliberately are not: the
classification is left for the information-security function, and `blankett forms check`
(and the catalogue) refuse the service until a person has classified it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from blankett.errors import FormError

from .layout import SLUG
from .metaschema import SCHEMA_ID


def definition(service_id: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "formatVersion": "1.0",
        "id": service_id,
        "version": "0.1.0",
        "status": "draft",
        "title": {"sv": "TODO: Rubrik på svenska", "en": "TODO: Title in English"},
        "summary": {"sv": "TODO: Vad tjänsten gäller.", "en": "TODO: What the service is for."},
        "schema": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"description": {"type": "string", "minLength": 1, "maxLength": 4000}},
            "required": ["description"],
        },
        "pages": [
            {
                "id": "arende",
                "title": {"sv": "Beskriv ditt ärende", "en": "Describe your matter"},
                "elements": [
                    {
                        "type": "control",
                        "path": "/description",
                        "widget": "textarea",
                        "label": {"sv": "Beskrivning", "en": "Description"},
                        "hint": {"sv": "Skriv så konkret du kan.", "en": "Be as specific as you can."},
                    }
                ],
            }
        ],
    }


SETTINGS = """\
# Service settings for the e-service in forms/{id}.json.
# Owned by the information-security function, not by the form author.

handling_time_days = 20

[classification]
# TODO: the information-security function classifies this service (KLASSA scale: 0 Ingen/
# försumbar, 1 Måttlig, 2 Betydande, 3 Allvarlig, 4 Synnerligen allvarlig) and fills in who,
# when and under which record. Until then `blankett forms check` fails and the service is
# not published.
confidentiality = "TODO"
integrity = "TODO"
availability = "TODO"
traceability = "TODO"
classified_by = ""
# classified_on = 2026-10-15
record = ""
information_owner = ""

[personal_data]
special_categories = false
criminal_data = false
children = false
secrecy_provision = ""

[login]
required = true

[[routes]]
connector = "handlaggning"
"""


def scaffold(service_id: str, forms_dir: Path, services_dir: Path) -> tuple[Path, Path]:
    """Write ``forms_dir/ID.json`` and ``services_dir/ID.toml``; never overwrites
    (:class:`~blankett.errors.FormError` says why not)."""
    if not SLUG.fullmatch(service_id):
        raise FormError(f"{service_id!r} is not a valid id: use lower-case letters, digits and '-'.")
    form, settings = forms_dir / f"{service_id}.json", services_dir / f"{service_id}.toml"
    existing = [str(p) for p in (form, settings) if p.exists()]
    if existing:
        raise FormError(f"{' and '.join(existing)} already exist; choose another id or edit them.")
    forms_dir.mkdir(parents=True, exist_ok=True)
    services_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(definition(service_id), indent=2, ensure_ascii=False)
    form.write_text(text + "\n", encoding="utf-8")
    settings.write_text(SETTINGS.format(id=service_id), encoding="utf-8")
    return form, settings
