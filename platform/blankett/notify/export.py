""" "Download my data": what the platform holds about a person, as one JSON document.

The person, their profile, their cases (reference, service, status, dates; not the answers:
those are on each case page and in its PDF copy, where reading them is audited as the case's
classification demands) and the notifications sent to them (no addresses or texts are kept).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import Case, Notification, Person, utcnow
from ..security import Keyring, read_number
from .profile import profile_json, read_profile

NOTE = {
    "sv": "Svaren i dina ärenden finns på varje ärendes sida under Mina sidor, och i ärendets PDF-kopia.",
    "en": "The answers in your cases are on each case's page under My pages, and in the case's PDF copy.",
}


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def personal_data(
    session: AsyncSession, person: Person, keyring: Keyring | None, base_url: str
) -> dict[str, Any]:
    cases = await session.scalars(
        select(Case).where(Case.owner_person_id == person.id).order_by(Case.submitted_at, Case.id)
    )
    references = {}
    case_list = []
    for case in cases:
        references[case.id] = case.reference
        case_list.append(
            {
                "reference": case.reference,
                "service": case.service_id,
                "serviceTitle": (case.meta or {}).get("title") or {},
                "status": case.status,
                "registrationNumber": case.external_id,
                "submittedAt": _when(case.submitted_at),
                "updatedAt": _when(case.updated_at),
                "answersRemoved": case.purged_at is not None,
                "link": f"{base_url}/arenden/{case.public_id}",
            }
        )
    notices = await session.scalars(
        select(Notification).where(Notification.person_id == person.id).order_by(Notification.id)
    )
    return {
        "exportedAt": utcnow().isoformat(),
        "person": {
            "id": person.id,
            "givenName": person.given_name,
            "familyName": person.family_name,
            "personalNumber": read_number(person, keyring),
            "createdAt": _when(person.created_at),
            "lastLoginAt": _when(person.last_login_at),
        },
        "profile": profile_json(read_profile(person, keyring)),
        "cases": case_list,
        "notifications": [
            {
                "case": references.get(n.case_id) if n.case_id is not None else None,
                "kind": n.kind,
                "channel": n.channel,
                "state": n.state,
                "createdAt": _when(n.created_at),
                "sentAt": _when(n.sent_at),
            }
            for n in notices
        ],
        "note": NOTE,
    }
