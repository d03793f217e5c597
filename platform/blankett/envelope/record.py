"""The case record: a later addition by the citizen to a case already delivered (a message, an
answer to a completion request with its files, a withdrawal), as receivers that take records
get it. Its JSON Schema ships beside this module as ``case-record-v1.schema.json``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..db import Case, CaseEvent
from .build import CLASSIFICATION_ASPECTS, utc_timestamp

RECORD_VERSION = "1.0"
# Timeline event kinds a record is made of ("status" only as the citizen's withdrawal).
RECORD_EVENT_KINDS = ("citizen_message", "completion_answer")


def record_kind(event: CaseEvent) -> str:
    return "withdrawal" if event.kind == "status" else event.kind


def build_record(
    case: Case, event: CaseEvent, text: str | None, attachments: Iterable[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """The record of ``event``; ``text`` opened from the event (sealed like the answers)."""
    classification = (case.meta or {}).get("classification") or {}
    return {
        "recordVersion": RECORD_VERSION,
        "case": {"reference": case.reference, "status": case.status},
        "service": {"id": case.service_id, "version": case.service_version},
        "record": {
            "id": str(event.id),
            "kind": record_kind(event),
            "at": utc_timestamp(event.at),
            "text": None if event.kind == "status" else text,
            "attachments": [dict(a) for a in attachments],
        },
        "classification": {aspect: classification.get(aspect) for aspect in CLASSIFICATION_ASPECTS},
    }


def record_attachments(case: Case, event: CaseEvent, base_url: str | None) -> list[dict[str, Any]]:
    """The files of a completion answer (documents of the case) as the record lists them."""
    listed = []
    for doc in (event.data or {}).get("documents") or []:
        entry: dict[str, Any] = {
            "id": doc["id"], "fileName": doc["filename"], "contentType": doc["mediaType"],
            "size": doc["size"], "sha256": doc["sha256"],
        }
        if base_url:
            entry["href"] = f"{base_url.rstrip('/')}/api/v1/cases/{case.reference}/documents/{doc['id']}"
        listed.append(entry)
    return listed
