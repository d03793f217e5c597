"""Filing cases straight into the tables, and reading back what delivery made of them."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from blankett.connectors import Connector, build_connectors
from blankett.db import AuditEvent, CaseEvent, Database, OutboxRow, utcnow
from blankett.settings import Settings
from tests.envelope.samples import sample_case


@dataclass(frozen=True)
class Filed:
    case_id: int
    reference: str
    outbox: dict[str, tuple[int, str]]  # connector instance -> (outbox id, idempotency key)

    def outbox_id(self, connector: str = "hook") -> int:
        return self.outbox[connector][0]

    def key(self, connector: str = "hook") -> str:
        return self.outbox[connector][1]


async def file_case(db: Database, number: int = 1, routes: Sequence[str] = ("hook",), **case: Any) -> Filed:
    """What the submit transaction does: the case and one outbox row per route, together."""
    async with db.session() as session:
        row = sample_case(number, **case)
        session.add(row)
        await session.flush()
        outbox = [
            OutboxRow(case_id=row.id, connector=name, idempotency_key=secrets.token_urlsafe(32))
            for name in routes
        ]
        session.add_all(outbox)
        await session.flush()
        return Filed(row.id, row.reference, {o.connector: (o.id, o.idempotency_key) for o in outbox})


async def outbox_row(db: Database, outbox_id: int) -> OutboxRow:
    async with db.session() as session:
        row = await session.get(OutboxRow, outbox_id)
        assert row is not None
        return row


async def make_due(db: Database, outbox_id: int) -> None:
    """Skip the backoff wait: the test is about what happens next, not about waiting."""
    async with db.session() as session:
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == outbox_id)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )


async def case_events(db: Database, case_id: int) -> list[CaseEvent]:
    async with db.session() as session:
        return list(
            await session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
            )
        )


async def audit_events(db: Database) -> list[AuditEvent]:
    async with db.session() as session:
        return list(await session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


@contextlib.asynccontextmanager
async def delivering(settings: Settings) -> AsyncIterator[tuple[Database, dict[str, Connector[Any]]]]:
    """The database and the configured connectors, closed afterwards."""
    db = Database(settings.database_url)
    connectors = build_connectors(settings)
    try:
        yield db, connectors
    finally:
        for connector in connectors.values():
            await connector.aclose()
        await db.dispose()
