"""The outbox table's side of delivery: claim due rows, record what came of them.

Every function here is one short transaction; none is open while a connector talks to the
network (SQLite has one connection per process, and PostgreSQL row locks would be held for the
length of a timeout).

A claim is a lease: ``locked_by`` this worker until ``locked_until``. A worker that dies
mid-delivery leaves the row ``delivering``; once the lease has run out another worker claims it
again, with the same idempotency key. Results are recorded compare-and-set on
``locked_by == me and state == "delivering"``, so a worker whose lease ran out cannot overwrite
the result of the worker that took the row over.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..cases.documents import find_document, open_document
from ..cases.sealing import open_text
from ..cases.uploads import case_upload, envelope_attachments, open_upload
from ..connectors import Delivered, DeliveryResult, NeedsPerson
from ..db import Case, CaseEvent, Database, OutboxRow, utcnow
from ..envelope import build_envelope, build_record, record_attachments
from ..errors import NotFound
from ..observability import redact
from ..security import Keyring, Policy, bound_keyring, case_controls, policy_for, read_case

if TYPE_CHECKING:
    from ..settings import Settings

logger = logging.getLogger("blankett.dispatch")

WORKER_ACTOR = "system:worker"
# A row naming a connector instance this worker does not have is looked at again this often:
# an operator who adds the instance and restarts should not wait out a long backoff.
UNCONFIGURED_RETRY_SECONDS = 60.0
_MAX_ERROR_CHARS = 1000


@dataclass(frozen=True)
class Claim:
    """A row this worker now holds, and everything needed to deliver it without the database."""

    outbox_id: int
    case_id: int
    case_reference: str
    connector: str
    idempotency_key: str
    attempts: int  # including the one about to be made
    envelope: dict[str, Any] | None  # None when it could not be built: see ``problem``
    problem: str | None = None
    record: bool = False  # ``envelope`` is a later record of the case (build_record), not the case


def retry_delay(attempts: int, base: float, maximum: float) -> float:
    """Seconds until the next attempt after ``attempts`` failed ones: exponential, full jitter.

    Full jitter (a uniform pick below the exponential cap) spreads out the retries of many
    deliveries that failed together, e.g. when a case system comes back after an outage.
    """
    cap = min(maximum, base * 2 ** max(attempts - 1, 0))
    return random.uniform(0, cap)  # noqa: S311 - spreading load, not a secret


def _due(now: Any) -> Any:
    return or_(
        and_(OutboxRow.state == "pending", OutboxRow.next_attempt_at <= now),
        and_(OutboxRow.state == "delivering", OutboxRow.locked_until < now),
    )


async def claim_due(
    db: Database, settings: Settings, worker_id: str, connectors: Collection[str], limit: int
) -> list[Claim]:
    """Take up to ``limit`` due rows for ``worker_id`` and build their envelopes."""
    now = utcnow()
    async with db.session() as session:
        query = (
            select(OutboxRow).where(_due(now)).order_by(OutboxRow.next_attempt_at, OutboxRow.id).limit(limit)
        )
        if db.dialect == "postgresql":
            # Concurrent workers each get different rows instead of waiting on each other.
            # (SQLite transactions are serial already: BEGIN IMMEDIATE.)
            query = query.with_for_update(skip_locked=True, of=OutboxRow)
        rows = list(await session.scalars(query))
        if not rows:
            return []
        their_cases = select(Case).where(Case.id.in_({row.case_id for row in rows}))
        cases = {case.id: case for case in await session.scalars(their_cases)}
        protection = (bound_keyring(db), policy_for(settings))
        claims: list[Claim] = []
        for row in rows:
            if row.connector not in connectors:
                _postpone_unconfigured(row, settings, now)
                continue
            row.state = "delivering"
            row.locked_by = worker_id
            row.locked_until = now + timedelta(seconds=settings.delivery_lease_seconds)
            row.attempts += 1
            claims.append(await _claim(session, row, cases.get(row.case_id), protection, settings.base_url))
        return claims


def _postpone_unconfigured(row: OutboxRow, settings: Settings, now: Any) -> None:
    # Never drop or park it: the instance may be missing from this worker's settings only.
    logger.warning(
        "Outbox row %s names connector %r, which is not configured; keeping it pending.",
        row.id,
        row.connector,
    )
    row.state = "pending"
    row.locked_by = None
    row.locked_until = None
    row.last_error = f"Connector instance {row.connector!r} is not configured (connectors.{row.connector})."
    delay = min(settings.delivery_backoff_max_seconds, UNCONFIGURED_RETRY_SECONDS)
    row.next_attempt_at = now + timedelta(seconds=delay)


async def _claim(
    session: AsyncSession, row: OutboxRow, case: Case | None, protection: tuple[Keyring | None, Policy],
    base_url: str,
) -> Claim:
    envelope: dict[str, Any] | None = None
    problem: str | None = None
    keyring, policy = protection
    try:
        if case is None:
            raise LookupError(f"case {row.case_id} does not exist")
        # Decrypts a sealed case, and records the read where the case's controls say so.
        contents = await read_case(
            session, case, keyring=keyring, controls=case_controls(case, policy), actor=WORKER_ACTOR,
            purpose="delivery", connector=row.connector, outbox_id=row.id,
        )
        if contents.purged:
            raise LookupError(f"the answers of case {case.reference} were purged under the retention rule")
        if row.event_id is not None:
            envelope = await _record(session, case, row.event_id, keyring, base_url)
        else:
            envelope = build_envelope(case, contents, await envelope_attachments(session, case, base_url))
    except Exception as exc:  # one broken case must not stop the others: retry, then park
        logger.exception("Could not build the envelope of case %s for outbox row %s.", row.case_id, row.id)
        problem = f"Could not build the case envelope: {type(exc).__name__}: {exc}"
    return Claim(
        outbox_id=row.id,
        case_id=row.case_id,
        case_reference=case.reference if case is not None else f"case {row.case_id}",
        connector=row.connector,
        idempotency_key=row.idempotency_key,
        attempts=row.attempts,
        envelope=envelope,
        problem=problem,
        record=row.event_id is not None,
    )


async def _record(
    session: AsyncSession, case: Case, event_id: int, keyring: Keyring | None, base_url: str
) -> dict[str, Any]:
    event = await session.get(CaseEvent, event_id)
    if event is None or event.case_id != case.id:
        raise LookupError(f"event {event_id} of case {case.reference} does not exist")
    return build_record(case, event, open_text(case, keyring, event.data or {}), record_attachments(case, event, base_url))


async def record_result(
    db: Database, settings: Settings, claim: Claim, worker_id: str, result: DeliveryResult
) -> bool:
    """Store ``result`` if this worker still holds the row; False when the lease was lost."""
    values = _outcome(settings, claim, result)
    async with db.session() as session:
        if not await _compare_and_set(session, claim, worker_id, values):
            return False
        if isinstance(result, Delivered) and claim.record:
            # The citizen's own addition: the audit trail notes it; their timeline already shows it.
            await audit.record(
                session, WORKER_ACTOR, "record.delivered", case_id=claim.case_id, connector=claim.connector,
                outbox_id=claim.outbox_id,
            )
        elif isinstance(result, Delivered):
            await _note_delivered(session, claim, result)
        elif values["state"] == "parked":
            await audit.record(
                session,
                WORKER_ACTOR,
                "delivery.parked",
                case_id=claim.case_id,
                connector=claim.connector,
                outbox_id=claim.outbox_id,
                attempts=claim.attempts,
            )
    return True


def _outcome(settings: Settings, claim: Claim, result: DeliveryResult) -> dict[str, Any]:
    now = utcnow()
    if isinstance(result, Delivered):
        return {
            "state": "delivered",
            "delivered_at": now,
            "external_id": result.external_id,
            "last_error": None,
        }
    if isinstance(result, NeedsPerson) or claim.attempts >= settings.delivery_max_attempts:
        return {"state": "parked", "last_error": clean_error(result.reason)}
    base, cap = settings.delivery_backoff_seconds, settings.delivery_backoff_max_seconds
    delay = retry_delay(claim.attempts, base, cap)
    return {
        "state": "pending",
        "next_attempt_at": now + timedelta(seconds=delay),
        "last_error": clean_error(result.reason),
    }


async def release(db: Database, claim: Claim, worker_id: str, reason: str) -> bool:
    """Hand a claimed row back, due now (the worker is stopping mid-delivery)."""
    values = {"state": "pending", "next_attempt_at": utcnow(), "last_error": clean_error(reason)}
    async with db.session() as session:
        return await _compare_and_set(session, claim, worker_id, values)


async def _compare_and_set(
    session: AsyncSession, claim: Claim, worker_id: str, values: dict[str, Any]
) -> bool:
    statement = (
        update(OutboxRow)
        .where(
            OutboxRow.id == claim.outbox_id,
            OutboxRow.locked_by == worker_id,
            OutboxRow.state == "delivering",
        )
        .values(locked_by=None, locked_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    result = cast(CursorResult[Any], await session.execute(statement))
    changed = result.rowcount == 1
    if not changed:
        logger.warning(
            "Outbox row %s was taken over by another worker (lease ran out); not recording this attempt.",
            claim.outbox_id,
        )
    return changed


async def _note_delivered(session: AsyncSession, claim: Claim, result: Delivered) -> None:
    session.add(
        CaseEvent(
            case_id=claim.case_id,
            kind="delivered",
            actor=f"connector:{claim.connector}",
            data={"connector": claim.connector, "external_id": result.external_id},
        )
    )
    await audit.record(
        session,
        WORKER_ACTOR,
        "case.delivered",
        case_id=claim.case_id,
        connector=claim.connector,
        outbox_id=claim.outbox_id,
    )


def clean_error(text: str) -> str:
    """What may be stored as ``last_error``: shown to operators, so no personal data, and short."""
    text = redact(text)
    return text if len(text) <= _MAX_ERROR_CHARS else text[: _MAX_ERROR_CHARS - 3] + "..."


def attachment_reader(db: Database, case_id: int) -> Callable[[str], Awaitable[bytes]]:
    """``Delivery.read_attachment`` for one case: an attachment's bytes from the platform's own
    storage, each read in a short transaction of its own (never one held across a delivery)."""

    async def read(attachment_id: str) -> bytes:
        async with db.session() as session:
            case = await session.get(Case, case_id)
            if case is None:
                raise LookupError(f"case {case_id} does not exist")
            keyring = bound_keyring(db)
            try:
                upload = await case_upload(session, case, attachment_id)
                return open_upload(upload, keyring, case)
            except NotFound:
                pass
            try:  # a file the citizen attached to a later record is a document of the case
                return open_document(case, await find_document(session, case, attachment_id), keyring)
            except NotFound as exc:
                raise LookupError(f"attachment {attachment_id} of case {case.reference} is gone") from exc

    return read
