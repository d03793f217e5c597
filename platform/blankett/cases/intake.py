"""Filing a case: one transaction writes the case, its first timeline event, one outbox row per
route and an audit event, so a case is either wholly filed and queued for delivery or not at all.
The answers and the submitter are stored as the service's controls demand (encrypted at rest
from confidentiality 1 with the default policy), and in the same transaction the files the
answers reference become the case's (blankett.cases.uploads)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import delete

from .. import audit
from ..catalog import Service, routes_for
from ..db import Case, CaseEvent, Database, Draft, OutboxRow, utcnow
from ..security import bound_keyring, store_case
from .definitions import keep_definition
from .references import new_public_id, next_reference
from .uploads import attach_uploads


async def file_case(
    db: Database,
    service: Service,
    answers: dict[str, Any],
    *,
    language: str,
    person_id: str | None,
    submitter: dict[str, Any] | None,
    draft_owner: str | None = None,
) -> Case:
    now = utcnow()
    actor = f"person:{person_id}" if person_id else "anonymous"
    async with db.session() as s:
        case = Case(
            reference=await next_reference(s, now.year),
            public_id=new_public_id(),
            service_id=service.id,
            service_version=service.version,
            definition_hash=service.form.hash,
            owner_person_id=person_id,
            language=language,
            meta=service.snapshot(),
            status="received",
            submitted_at=now,
            updated_at=now,
        )
        store_case(case, answers, submitter, service.controls, bound_keyring(db))
        s.add(case)
        await s.flush()
        s.add(CaseEvent(case_id=case.id, at=now, kind="status", status="received", actor=actor))
        await keep_definition(s, service.form)  # the case will always read with this form
        taken = routes_for(service.routes, answers)
        for route in taken:
            s.add(OutboxRow(
                case_id=case.id, connector=route.connector, idempotency_key=secrets.token_urlsafe(32),
                state="pending", next_attempt_at=now, created_at=now,
            ))
        await audit.record(
            s, actor, "case.submitted", case_id=case.id, service=service.id, version=service.version,
            routes=[r.connector for r in taken],
        )
        if draft_owner:
            attached = await attach_uploads(s, case, draft_owner, answers, bound_keyring(db))
            if attached:
                await audit.record(s, actor, "case.attachments_filed", case_id=case.id, count=len(attached))
            await s.execute(delete(Draft).where(Draft.owner_key == draft_owner, Draft.service_id == service.id))
    return case
