"""Case rows as the submit transaction files them, for envelope and delivery tests."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from blankett.db import Case

CLASSIFICATION = {"confidentiality": 1, "integrity": 1, "availability": 1, "traceability": 1}


def sample_case(number: int = 1, **overrides: Any) -> Case:
    """An identified citizen's feedback case, ``BLK-2026-<number>``; keyword arguments override."""
    values: dict[str, Any] = {
        "reference": f"BLK-2026-{number:06d}",
        "public_id": secrets.token_urlsafe(32),
        "service_id": "synpunkt",
        "service_version": "1.0.0",
        "definition_hash": "9f2c" * 16,
        "language": "sv",
        "payload": {"category": "förslag", "area": "gata-park", "description": "Fler bänkar i parken, tack."},
        "submitter": {
            "personId": "5b0c5f4e-9a53-4d3b-8a57-0d6f1c1b7e21",
            "personalNumber": "199001011234",
            "givenName": "Tove",
            "familyName": "Svensson",
            "loa": "loa3",
        },
        "meta": {
            "title": {
                "sv": "Lämna en synpunkt eller ett klagomål",
                "en": "Give feedback or make a complaint",
            },
            "classification": dict(CLASSIFICATION),
            "routes": ["handlaggning"],
            "handlingTimeDays": 20,
        },
        "status": "received",
        "submitted_at": datetime(2026, 11, 22, 9, 15, 30, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 22, 9, 15, 30, tzinfo=UTC),
    }
    values.update(overrides)
    return Case(**values)
