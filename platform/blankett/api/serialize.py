"""Cases, timeline events and documents as the case API shows them (see ``schemas``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..cases.lifecycle import STATUS_LABELS
from ..cases.sealing import open_text
from ..db import Case, CaseEvent, Document
from ..security import Keyring

API_PREFIX = "/api/v1"
LOCAL_TIME = ZoneInfo("Europe/Stockholm")  # handling times count in the municipality's days


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def case_href(case: Case) -> str:
    return f"{API_PREFIX}/cases/{case.reference}"


def expected_decision(case: Case) -> str | None:
    days = (case.meta or {}).get("handlingTimeDays")
    if not days:
        return None
    return (case.submitted_at + timedelta(days=int(days))).astimezone(LOCAL_TIME).date().isoformat()


def case_summary(case: Case) -> dict[str, Any]:
    sv, en = STATUS_LABELS.get(case.status, (case.status, case.status))
    return {
        "reference": case.reference,
        "service": case.service_id,
        "status": case.status,
        "statusLabel": {"sv": sv, "en": en},
        "registrationNumber": case.external_id,
        "submittedAt": stamp(case.submitted_at),
        "updatedAt": stamp(case.updated_at),
        "expectedDecisionBy": expected_decision(case),
        "href": case_href(case),
    }


def document_info(document: Document) -> dict[str, Any]:
    """What a timeline event records about a document (no href: that depends on who looks)."""
    return {
        "id": document.id, "kind": document.kind, "filename": document.filename,
        "mediaType": document.media_type, "size": document.size, "sha256": document.sha256,
    }


def document_json(case: Case, info: dict[str, Any]) -> dict[str, Any]:
    return {**info, "href": f"{case_href(case)}/documents/{info['id']}"}


def public_actor(actor: str) -> str:
    """Who did it, without the internal id of a person: ``citizen`` stands for the case's owner."""
    return "citizen" if actor.startswith("person:") or actor == "anonymous" else actor


def event_json(case: Case, event: CaseEvent, keyring: Keyring | None) -> dict[str, Any]:
    data = event.data or {}
    shown: dict[str, Any] = {
        "id": event.id, "at": stamp(event.at), "kind": event.kind, "status": event.status,
        "actor": public_actor(event.actor), "text": open_text(case, keyring, data),
    }
    if isinstance(data.get("due"), str):
        shown["dueDate"] = data["due"]
    if isinstance(data.get("registration_number"), str):
        shown["registrationNumber"] = data["registration_number"]
    if isinstance(data.get("document"), dict):
        shown["document"] = document_json(case, data["document"])
    if isinstance(data.get("documents"), list):
        shown["documents"] = [document_json(case, d) for d in data["documents"] if isinstance(d, dict)]
    return shown
