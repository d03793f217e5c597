"""Answers in progress, saved on every page so nothing is lost between pages or sessions."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ..catalog import Service
from ..db import Database, Draft, utcnow

DRAFT_LIFETIME = timedelta(days=30)


async def load_answers(db: Database, owner: str, service: Service) -> dict[str, Any]:
    async with db.session() as s:
        draft = await s.scalar(select(Draft).where(Draft.owner_key == owner, Draft.service_id == service.id))
        if draft is None or draft.expires_at <= utcnow():
            return {}
        return dict(draft.answers)


async def save_answers(db: Database, owner: str, service: Service, answers: dict[str, Any]) -> None:
    now = utcnow()
    async with db.session() as s:
        draft = await s.scalar(select(Draft).where(Draft.owner_key == owner, Draft.service_id == service.id))
        if draft is None:
            s.add(Draft(
                id=str(uuid.uuid4()), owner_key=owner, service_id=service.id, service_version=service.version,
                answers=answers, updated_at=now, expires_at=now + DRAFT_LIFETIME,
            ))
        else:
            draft.answers, draft.updated_at = answers, now
            draft.service_version, draft.expires_at = service.version, now + DRAFT_LIFETIME
