"""Several workers on one PostgreSQL outbox: every case delivered, none twice."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from blankett import audit
from blankett.db import AuditEvent, Case, CaseEvent, Database, OutboxRow, upgrade
from blankett.dispatch import deliver_due, new_worker_id
from tests.connectors.helpers import make_settings
from tests.dispatch.helpers import delivering
from tests.envelope.samples import sample_case
from tests.support.databases import fresh_postgres
from tests.support.webhook_receiver import WebhookReceiver

CASES = 1000  # the number: a day's worth of cases for a large municipality
WORKERS = 3


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_postgres() as url:
        upgrade(url)
        yield url


async def _file_many(db: Database, count: int) -> set[str]:
    async with db.session() as session:
        cases = [sample_case(n) for n in range(1, count + 1)]
        session.add_all(cases)
        await session.flush()
        rows = [
            OutboxRow(case_id=c.id, connector="hook", idempotency_key=secrets.token_urlsafe(32))
            for c in cases
        ]
        session.add_all(rows)
        return {row.idempotency_key for row in rows}


async def _worker(settings_path: Path, url: str, receiver: WebhookReceiver, remaining: asyncio.Event) -> int:
    settings = make_settings(settings_path, {"hook": receiver.connector_options()}, database_url=url)
    worker_id, claimed = new_worker_id(), 0
    async with delivering(settings) as (db, connectors):  # a Database (and pool) of its own
        while not remaining.is_set():
            count = await deliver_due(settings, db, connectors, worker_id)
            claimed += count
            if count == 0:
                remaining.set()  # nothing due for anyone: all claimed rows are being finished
    return claimed


@pytest.mark.postgres
@pytest.mark.slow
def test_concurrent_workers_deliver_each_case_exactly_once(
    postgres_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    async def scenario() -> None:
        db = Database(postgres_url)
        try:
            keys = await _file_many(db, CASES)
            done = asyncio.Event()
            started = time.monotonic()
            claimed = await asyncio.gather(
                *(_worker(tmp_path, postgres_url, receiver, done) for _ in range(WORKERS))
            )
            elapsed = time.monotonic() - started
            async with db.session() as session:
                states = dict(
                    (
                        await session.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state))
                    ).all()
                )
                attempts = set(await session.scalars(select(OutboxRow.attempts)))
                events = await session.scalar(select(func.count()).select_from(CaseEvent))
                delivered_audits = await session.scalar(
                    select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "case.delivered")
                )
                assert await session.scalar(select(func.count()).select_from(Case)) == CASES
                assert await audit.verify_chain(session) is None
        finally:
            await db.dispose()
        assert states == {"delivered": CASES}
        assert attempts == {1}  # nobody claimed a row someone else held
        assert (events, delivered_audits) == (CASES, CASES)
        assert sum(claimed) == CASES
        assert all(count > 0 for count in claimed), claimed  # the work really was shared
        assert (receiver.duplicates, receiver.invalid) == (0, 0)
        assert set(receiver.accepted) == keys
        print(f"{CASES} deliveries by {WORKERS} workers in {elapsed:.1f} s")  # shown with -s; not a limit

    asyncio.run(scenario())
