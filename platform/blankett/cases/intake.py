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
from ..errors import SubmissionInvalid
from ..security import bound_keyring, store_case
from .definitions import keep_definition
from .signing import SIGNATURE_VALUE_KEY
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
    signature: dict[str, Any] | None = None,
    representation: dict[str, Any] | None = None,
    represented_key: str | None = None,
) -> Case:
    """File ``answers``; a service whose controls demand a signature needs ``signature``
    (blankett.cases.signing), recorded on the case in the same transaction. A case filed for
    an organisation or a child carries ``representation`` and ``represented_key``
    (blankett.cases.representation); the child's identity is in ``submitter``, sealed with it."""
    if service.controls.signing_required and signature is None:
        raise SubmissionInvalid(f"{service.id} must be signed before it is filed")
    if signature is not None and "value" in signature and service.controls.encrypt_at_rest:
        # The provider's signature can name the signer: it is sealed with the submitter (and
        # purged with it); the case keeps what the signing bound, which names nobody.
        submitter = {**(submitter or {}), SIGNATURE_VALUE_KEY: signature["value"]}
        signature = {k: v for k, v in signature.items() if k != "value"}
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
            signature=signature,
            representation=representation,
            represented_key=represented_key,
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
            **_filed_for(representation),
        )
        if signature is not None:
            await audit.record(
                s, actor, "case.signed", case_id=case.id, method=signature["method"],
                signed_data=signature["signedData"],
            )
        if draft_owner:
            attached = await attach_uploads(s, case, draft_owner, answers, bound_keyring(db))
            if attached:
                await audit.record(s, actor, "case.attachments_filed", case_id=case.id, count=len(attached))
            await s.execute(delete(Draft).where(Draft.owner_key == draft_owner, Draft.service_id == service.id))
    return case


def _filed_for(representation: dict[str, Any] | None) -> dict[str, Any]:
    """The audit event's note of whom the case was filed for: kind and evidence, no identity."""
    if representation is None:
        return {}
    return {"filed_for": representation["kind"], "evidence": representation["evidence"]}
