"""Answers in progress, saved on every page so nothing is lost between pages or sessions.

How long a draft lives, and whether it is encrypted, is the service's controls' call: a kept
draft lives ``draft_lifetime_days`` after its last change; where drafts may not be kept it lives
only as long as an idle session would, so it cannot be picked up again another day. The purge
(``blankett purge``) deletes expired drafts.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from .. import audit
from ..catalog import Service
from ..db import Database, Draft, utcnow
from ..security import Controls, bound_keyring, open_draft, store_draft


def draft_lifetime(controls: Controls) -> timedelta:
    if controls.drafts_allowed:
        return timedelta(days=controls.draft_lifetime_days)
    return timedelta(minutes=controls.session_idle_minutes)


async def load_answers(db: Database, owner: str, service: Service) -> dict[str, Any]:
    async with db.session() as s:
        draft = await s.scalar(select(Draft).where(Draft.owner_key == owner, Draft.service_id == service.id))
        if draft is None or draft.expires_at <= utcnow():
            return {}
        return open_draft(draft, bound_keyring(db))


async def save_answers(db: Database, owner: str, service: Service, answers: dict[str, Any]) -> None:
    now = utcnow()
    expires = now + draft_lifetime(service.controls)
    async with db.session() as s:
        draft = await s.scalar(select(Draft).where(Draft.owner_key == owner, Draft.service_id == service.id))
        started = draft is None
        if draft is None:
            draft = Draft(id=str(uuid.uuid4()), owner_key=owner, service_id=service.id)
            s.add(draft)
        draft.service_version, draft.updated_at, draft.expires_at = service.version, now, expires
        # A fresh data key on every save, wrapped by the active master key.
        store_draft(draft, answers, service.controls, bound_keyring(db))
        if started:  # later saves of the same draft are not events of their own
            await audit.record(s, _actor(owner), "draft.started", service=service.id, draft=draft.id)


async def list_drafts(db: Database, owner: str) -> list[Draft]:
    """The owner's drafts that have not expired, newest first (answers stay sealed)."""
    async with db.session() as s:
        rows = await s.scalars(
            select(Draft).where(Draft.owner_key == owner, Draft.expires_at > utcnow()).order_by(Draft.updated_at.desc())
        )
        return list(rows)


async def delete_draft(db: Database, owner: str, service_id: str) -> bool:
    async with db.session() as s:
        result = await s.execute(delete(Draft).where(Draft.owner_key == owner, Draft.service_id == service_id))
        deleted = bool(result.rowcount)  # type: ignore[attr-defined]
        if deleted:
            await audit.record(s, _actor(owner), "draft.deleted", service=service_id)
    return deleted


def _actor(owner: str) -> str:
    """Who a draft's owner is in the audit trail: a person, or an anonymous session (unnamed)."""
    return "anonymous" if owner.startswith("session:") else f"person:{owner}"
