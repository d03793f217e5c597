"""The audit trail: who did what, when, to which case, without the answers themselves.

Events are append-only and hash-chained: each one stores the hash of the one before it, so a
changed, removed or reordered event breaks the chain at that point (``verify_chain``).
Call ``record`` inside the transaction that does the thing being recorded.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from .db.models import AuditEvent, utcnow

GENESIS = "0" * 64
AUDIT_LOCK_KEY = 0x426C616E6B  # any constant shared by every writer


def _digest(prev_hash: str, at: datetime, actor: str, action: str, case_id: int | None, detail: dict[str, Any]) -> str:
    body = json.dumps(
        [prev_hash, at.isoformat(), actor, action, case_id, detail], sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(body.encode()).hexdigest()


async def record(
    session: AsyncSession, actor: str, action: str, *, case_id: int | None = None, **detail: Any
) -> AuditEvent:
    """Append one event. ``detail`` holds identifiers and facts, never answers or personal data."""
    if session.bind.dialect.name == "postgresql":
        # Serialise appends: row locks cannot stop two writers from chaining onto the same
        # last event. (SQLite transactions are already serial: BEGIN IMMEDIATE.)
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})
    last = await session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    prev_hash = last.hash if last else GENESIS
    at = utcnow().replace(microsecond=0)
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=detail,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, at, actor, action, case_id, detail),
    )
    session.add(event)
    await session.flush()
    return event


async def verify_chain(session: AsyncSession) -> int | None:
    """Return the id of the first event that does not fit the chain, or None when all is well."""
    prev_hash = GENESIS
    for event in await session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        expected = _digest(prev_hash, event.at, event.actor, event.action, event.case_id, event.detail)
        if event.prev_hash != prev_hash or event.hash != expected:
            return event.id
        prev_hash = event.hash
    return None
