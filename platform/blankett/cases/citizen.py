"""What the citizen does to a filed case: write to case handling, answer a completion request,
withdraw the case.

The handler's side lives in ``lifecycle``; this is its mirror, with the same rules: each
function writes its timeline event and an audit event in the caller's transaction, moves
``case.updated_at`` (so a case system polling the case API sees the case as changed), and seals
free text like the case's answers. Attachments to an answer are stored as documents of the case
(``kind = "completion"``), listed on the event, so the case system fetches them as it fetches a
decision document. Each step is also queued as a record (blankett.envelope.build_record) to the
case's receivers that take records, through the outbox like the case itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..db import Case, CaseEvent, OutboxRow, utcnow
from ..security import Keyring
from .lifecycle import OPEN_STATUSES, add_event, change_status, check_status, check_transition
from .sealing import seal_text

MAX_TEXT_CHARS = 5000  # a long letter; the form field says so too
MAX_ATTACHMENTS = 5


async def queue_record(session: AsyncSession, case: Case, event: CaseEvent, takers: Collection[str]) -> list[str]:
    """Deliver ``event`` onward as a record to each receiver of the case that takes records
    (``takers``: connector instances whose type has ``takes_records``): one outbox row each, in
    the caller's transaction, so the record reaches case handling as reliably as the case did."""
    routed = await session.scalars(
        select(OutboxRow.connector).where(OutboxRow.case_id == case.id, OutboxRow.event_id.is_(None)).distinct()
    )
    names = sorted(set(routed) & set(takers))
    now = utcnow()
    session.add_all(
        OutboxRow(
            case_id=case.id, event_id=event.id, connector=name, idempotency_key=secrets.token_urlsafe(32),
            state="pending", next_attempt_at=now, created_at=now,
        )
        for name in names
    )
    return names


async def write_to_handling(
    session: AsyncSession, case: Case, actor: str, text: str, *, keyring: Keyring | None,
    record_takers: Collection[str] = (),
) -> CaseEvent:
    """A message from the citizen to case handling; possible while the case is open."""
    check_status(case, ("skicka meddelanden", "send messages"))
    event = await add_event(session, case, "citizen_message", actor, seal_text(case, keyring, text))
    await audit.record(session, actor, "case.citizen_message_added", case_id=case.id, event_id=event.id)
    await queue_record(session, case, event, record_takers)
    return event


async def answer_completion(
    session: AsyncSession, case: Case, actor: str, text: str, *, keyring: Keyring | None,
    documents: Sequence[Mapping[str, Any]] = (), record_takers: Collection[str] = (),
) -> CaseEvent:
    """The citizen's answer to a completion request; handling then goes on (``in_progress``)."""
    check_status(case, ("svara på en begäran om komplettering", "answer a completion request"), frozenset({"waiting"}))
    data: dict[str, Any] = seal_text(case, keyring, text)
    if documents:
        data["documents"] = [dict(d) for d in documents]
    event = await add_event(session, case, "completion_answer", actor, data)
    await audit.record(
        session, actor, "case.completion_answered", case_id=case.id, event_id=event.id, documents=len(documents)
    )
    await change_status(session, case, "in_progress", actor)
    await queue_record(session, case, event, record_takers)
    return event


def check_withdrawable(case: Case) -> None:
    """Raise ``InvalidTransition`` unless the case may still be withdrawn: open, not yet decided."""
    check_status(case, ("återkalla ärendet", "withdraw the case"), OPEN_STATUSES)
    check_transition(case.status, "withdrawn")


async def withdraw(
    session: AsyncSession, case: Case, actor: str, *, record_takers: Collection[str] = ()
) -> CaseEvent | None:
    """The citizen takes the case back before it is decided (återkallar ärendet)."""
    check_withdrawable(case)
    event = await change_status(session, case, "withdrawn", actor)
    if event is not None:
        await queue_record(session, case, event, record_takers)
    return event
