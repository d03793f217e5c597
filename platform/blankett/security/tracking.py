"""Classification changes in the audit trail.

The classification lives in ``config/services/<id>.toml``, outside the database, so a change
happens when someone edits a file and restarts. At start-up the platform compares each
published service's classification with the last one the audit trail recorded for it, and
records the first one (``classification.recorded``) or the change (``classification.changed``,
with the previous ratings), so the trail shows when each level of protection began.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .. import audit
from ..db import AuditEvent, Database

if TYPE_CHECKING:
    from ..catalog import Catalog, Service

ACTOR = "system:catalog"
_ACTIONS = ("classification.recorded", "classification.changed")


def classification_record(service: Service) -> dict[str, Any]:
    """What the trail keeps of a classification: the ratings and who decided them, when, where."""
    c = service.classification
    return {
        **c.ratings(),
        "classified_by": c.classified_by,
        "classified_on": c.classified_on.isoformat() if c.classified_on else None,
        "record": c.record,
        "information_owner": c.information_owner,
        "personal_data": dict(service.personal_data),
    }


async def record_classifications(db: Database, catalog: Catalog) -> list[str]:
    """Audit each service whose classification is new or changed; returns their ids."""
    changed: list[str] = []
    async with db.session() as session:
        for service in sorted(catalog.services.values(), key=lambda s: s.id):
            now = classification_record(service)
            last = await session.scalar(
                select(AuditEvent)
                .where(AuditEvent.action.in_(_ACTIONS), AuditEvent.detail["service"].as_string() == service.id)
                .order_by(AuditEvent.id.desc())
                .limit(1)
            )
            if last is None:
                await audit.record(session, ACTOR, "classification.recorded", service=service.id, classification=now)
            elif last.detail.get("classification") != now:
                await audit.record(
                    session, ACTOR, "classification.changed", service=service.id, classification=now,
                    previous=last.detail.get("classification"),
                )
            else:
                continue
            changed.append(service.id)
    return changed
