"""The outbox worker against a real receiver, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import update

from blankett import audit
from blankett.connectors import Connector, Delivered, Delivery, DeliveryResult, RetryLater
from blankett.db import Database, OutboxRow, utcnow
from blankett.dispatch import claim_due, deliver_due, record_result, run_worker
from blankett.envelope import validate_envelope
from blankett.errors import ConnectorMisconfigured, ConnectorRejected, ConnectorUnavailable
from tests.connectors.helpers import make_settings
from tests.dispatch.helpers import audit_events, case_events, delivering, file_case, make_due, outbox_row
from tests.support.webhook_receiver import WebhookReceiver

WORKER = "test-worker"


def test_delivered_case_gets_external_id_case_event_and_audit_event(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    settings = make_settings(tmp_path, {"hook": receiver.connector_options()}, database_url=database_url)

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db)
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.external_id, row.attempts) == ("delivered", "ARENDE-1", 1)
            assert row.delivered_at is not None
            assert (row.locked_by, row.last_error) == (None, None)
            [event] = await case_events(db, filed.case_id)
            assert (event.kind, event.actor) == ("delivered", "connector:hook")
            assert event.data == {"connector": "hook", "external_id": "ARENDE-1"}
            [entry] = await audit_events(db)
            assert (entry.actor, entry.action, entry.case_id) == (
                "system:worker",
                "case.delivered",
                filed.case_id,
            )
            assert entry.detail == {"connector": "hook", "outbox_id": filed.outbox_id()}
            async with db.session() as session:
                assert await audit.verify_chain(session) is None
            assert await deliver_due(settings, db, connectors, WORKER) == 0  # nothing left
        assert receiver.accepted == {filed.key(): "ARENDE-1"}
        validate_envelope(receiver.envelopes[filed.key()])
        assert receiver.envelopes[filed.key()]["case"]["reference"] == filed.reference

    asyncio.run(scenario())


def test_server_error_then_success(database_url: str, tmp_path: Path, receiver: WebhookReceiver) -> None:
    settings = make_settings(tmp_path, {"hook": receiver.connector_options()}, database_url=database_url)
    receiver.fail_next(1, status=500)

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db)
            before = utcnow()
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.attempts, row.locked_by) == ("pending", 1, None)
            assert "answered 500" in (row.last_error or "")
            # full jitter below the first cap (delivery_backoff_seconds = 5)
            assert before <= row.next_attempt_at <= utcnow() + timedelta(seconds=5)
            if row.next_attempt_at > utcnow():  # not due yet (unless the jitter picked about 0)
                assert await deliver_due(settings, db, connectors, WORKER) == 0
            await make_due(db, filed.outbox_id())
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.attempts, row.external_id) == ("delivered", 2, "ARENDE-1")
            assert len(await case_events(db, filed.case_id)) == 1
        assert receiver.calls == [filed.key(), filed.key()]  # the same webhook-id both times
        assert receiver.accepted == {filed.key(): "ARENDE-1"}

    asyncio.run(scenario())


@pytest.mark.parametrize("whose", ["connector", "worker"])
def test_timeout_then_success(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver, whose: str
) -> None:
    if whose == "connector":  # the webhook's own HTTP timeout
        settings = make_settings(
            tmp_path, {"hook": receiver.connector_options(timeout_seconds=0.3)}, database_url=database_url
        )
        expected = "did not answer within 0.3 s"
    else:  # the worker's overall bound on one attempt
        settings = make_settings(
            tmp_path,
            {"hook": receiver.connector_options(timeout_seconds=30)},
            database_url=database_url,
            delivery_timeout_seconds=0.3,
        )
        expected = "No result from connector 'hook' within 0.3 s"
    receiver.stall_next(1, seconds=1.0)

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db)
            started = time.monotonic()
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            assert time.monotonic() - started < 1.0
            row = await outbox_row(db, filed.outbox_id())
            assert row.state == "pending"
            assert expected in (row.last_error or "")
            await make_due(db, filed.outbox_id())
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.attempts) == ("delivered", 2)
        # The stalled first request still reaches the receiver in the end: same id, filed once.
        await asyncio.to_thread(receiver.wait_until, lambda r: r.duplicates == 1)
        assert receiver.accepted == {filed.key(): "ARENDE-1"}

    asyncio.run(scenario())


def test_refused_case_is_parked_then_requeued_and_delivered(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver, capsys: pytest.CaptureFixture[str]
) -> None:
    from blankett.cli import main

    settings = make_settings(tmp_path, {"hook": receiver.connector_options()}, database_url=database_url)
    receiver.fail_next(1, status=422)

    async def until_parked() -> Any:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db)
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.attempts) == ("parked", 1)
            assert "answered 422" in (row.last_error or "")
            assert await deliver_due(settings, db, connectors, WORKER) == 0  # parked rows wait for a person
            assert [e.action for e in await audit_events(db)] == ["delivery.parked"]
            return filed

    filed = asyncio.run(until_parked())
    config = tmp_path / "cli.toml"
    config.write_text(
        f'database_url = "{database_url}"\nvar_dir = "{tmp_path / "var"}"\nsecret_key = "{"k" * 40}"\n'
    )
    assert main(["--config", str(config), "deliveries", "requeue", str(filed.outbox_id())]) == 0
    assert f"Re-queued 1 delivery: {filed.outbox_id()}." in capsys.readouterr().out

    async def after_requeue() -> None:
        async with delivering(settings) as (db, connectors):
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.attempts) == ("pending", 0)
            assert row.next_attempt_at <= utcnow()
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.attempts, row.external_id) == ("delivered", 1, "ARENDE-1")
            actions = [(e.action, e.actor.split(":")[0]) for e in await audit_events(db)]
            assert actions == [
                ("delivery.parked", "system"),
                ("delivery.requeued", "cli"),
                ("case.delivered", "system"),
            ]

    asyncio.run(after_requeue())


def test_attempt_limit_parks_the_delivery(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    settings = make_settings(
        tmp_path,
        {"hook": receiver.connector_options()},
        database_url=database_url,
        delivery_max_attempts=3,
        delivery_backoff_seconds=0.0,
    )
    receiver.fail_next(5, status=503)

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db)
            states = []
            for _ in range(4):
                await deliver_due(settings, db, connectors, WORKER)
                row = await outbox_row(db, filed.outbox_id())
                states.append((row.state, row.attempts))
            assert states == [("pending", 1), ("pending", 2), ("parked", 3), ("parked", 3)]
            assert "answered 503" in (row.last_error or "")
            [parked] = await audit_events(db)
            assert parked.action == "delivery.parked"
            assert parked.detail == {"connector": "hook", "outbox_id": filed.outbox_id(), "attempts": 3}
            assert await case_events(db, filed.case_id) == []
        assert len(receiver.calls) == 3
        assert receiver.accepted == {}

    asyncio.run(scenario())


def test_unknown_connector_instance_stays_pending(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    settings = make_settings(tmp_path, {"hook": receiver.connector_options()}, database_url=database_url)

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db, routes=("hook", "removed"))
            assert await deliver_due(settings, db, connectors, WORKER) == 1  # only the configured one
            row = await outbox_row(db, filed.outbox_id("removed"))
            assert (row.state, row.attempts, row.locked_by) == ("pending", 0, None)
            assert row.last_error == "Connector instance 'removed' is not configured (connectors.removed)."
            assert row.next_attempt_at > utcnow()  # looked at again later, never dropped
            assert (await outbox_row(db, filed.outbox_id("hook"))).state == "delivered"
            await make_due(db, filed.outbox_id("removed"))
            assert await deliver_due(settings, db, connectors, WORKER) == 0
            assert (await outbox_row(db, filed.outbox_id("removed"))).state == "pending"

    asyncio.run(scenario())


def test_a_case_above_the_connectors_clearance_is_not_sent(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    settings = make_settings(tmp_path, {"hook": receiver.connector_options()}, database_url=database_url)
    meta = {
        "title": {"sv": "Orosanmälan", "en": "Report of concern"},
        "classification": {"confidentiality": 3, "integrity": 2, "availability": 2, "traceability": 3},
    }

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db, meta=meta)
            await deliver_due(settings, db, connectors, WORKER)
            row = await outbox_row(db, filed.outbox_id())
            assert row.state == "parked"
            assert (
                row.last_error == "The case is rated K3 but connector 'hook' (webhook) may carry at most K2."
            )
        assert receiver.requests == 0

    asyncio.run(scenario())


def test_a_case_whose_envelope_cannot_be_built_does_not_block_others(
    sqlite_url: str, tmp_path: Path, receiver: WebhookReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, {"hook": receiver.connector_options()}, database_url=sqlite_url)

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            broken = await file_case(db, 1, payload=["not", "an", "object"])
            fine = await file_case(db, 2)
            assert await deliver_due(settings, db, connectors, WORKER) == 2
            row = await outbox_row(db, broken.outbox_id())
            assert row.state == "pending"
            assert (row.last_error or "").startswith("Could not build the case envelope: ValueError")
            assert (await outbox_row(db, fine.outbox_id())).state == "delivered"

    with caplog.at_level(logging.ERROR, logger="blankett.dispatch"):
        asyncio.run(scenario())
    assert any(r.exc_info and "Could not build the envelope" in r.getMessage() for r in caplog.records)


class _Scripted(Connector[dict[str, Any]]):
    """In-process connector doing what the test says: no network involved."""

    id = "scripted"
    label = "Scripted"
    max_confidentiality = 4
    options_schema: ClassVar[dict[str, Any]] = {"type": "object"}
    behaviour: ClassVar[Any] = None

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        outcome = type(self).behaviour
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("behaviour", "state", "error"),
    [
        (ConnectorUnavailable("queue is down"), "pending", "queue is down"),
        (ConnectorRejected("case system said no"), "parked", "case system said no"),
        (ConnectorMisconfigured("wrong password"), "parked", "wrong password"),
        (
            RuntimeError("bug in connector for 199001011234"),
            "pending",
            "RuntimeError: bug in connector for [personnummer]",
        ),
        ("not a result", "pending", "Connector returned str, not a delivery result."),
        (RetryLater("try at noon"), "pending", "try at noon"),
    ],
)
def test_connector_failures_are_translated(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, behaviour: Any, state: str, error: str
) -> None:
    settings = make_settings(tmp_path, database_url=sqlite_url)
    _Scripted.behaviour = behaviour

    async def scenario() -> None:
        db = Database(sqlite_url)
        try:
            filed = await file_case(db, routes=("scripted",))
            connectors = {"scripted": _Scripted("scripted", {}, settings)}
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id("scripted"))
            assert (row.state, row.last_error) == (state, error)  # personal data redacted
        finally:
            await db.dispose()

    with caplog.at_level(logging.ERROR, logger="blankett.dispatch"):
        asyncio.run(scenario())
    if isinstance(behaviour, RuntimeError):
        [record] = [r for r in caplog.records if r.exc_info]
        assert record.exc_info is not None  # the traceback is logged
        assert record.exc_info[1] is behaviour


def test_a_worker_whose_lease_ran_out_cannot_overwrite_the_result(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    settings = make_settings(
        tmp_path,
        {"hook": receiver.connector_options()},
        database_url=database_url,
        delivery_lease_seconds=0.2,
    )

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db)
            [slow_claim] = await claim_due(db, settings, "slow-worker", connectors.keys(), 10)
            await asyncio.sleep(0.3)  # the slow worker's lease runs out mid-delivery
            assert await deliver_due(settings, db, connectors, "quick-worker") == 1
            assert await record_result(db, settings, slow_claim, "slow-worker", RetryLater("late")) is False
            assert await record_result(db, settings, slow_claim, "slow-worker", Delivered("X")) is False
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.external_id, row.attempts) == ("delivered", "ARENDE-1", 2)
            assert len(await case_events(db, filed.case_id)) == 1

    asyncio.run(scenario())


def test_run_worker_delivers_and_stops_when_told(
    sqlite_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    settings = make_settings(
        tmp_path, {"hook": receiver.connector_options()}, database_url=sqlite_url, worker_poll_seconds=0.05
    )

    async def scenario() -> None:
        db = Database(sqlite_url)
        stop = asyncio.Event()
        try:
            worker = asyncio.create_task(run_worker(settings, db, stop))
            filed = [await file_case(db, n) for n in range(1, 4)]
            await asyncio.to_thread(receiver.wait_until, lambda r: len(r.accepted) == 3)
            stop.set()
            started = time.monotonic()
            await asyncio.wait_for(worker, 2)
            assert time.monotonic() - started < 0.5  # idle: stops at once
            assert {(await outbox_row(db, f.outbox_id())).state for f in filed} == {"delivered"}
        finally:
            await db.dispose()

    asyncio.run(scenario())


def test_a_stopping_worker_hands_deliveries_in_flight_back(
    sqlite_url: str, tmp_path: Path, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("blankett.dispatch.worker.STOP_GRACE_SECONDS", 0.2)
    settings = make_settings(
        tmp_path,
        {"hook": receiver.connector_options(timeout_seconds=30)},
        database_url=sqlite_url,
        worker_poll_seconds=0.05,
    )
    receiver.stall_next(1, seconds=1.5)

    async def scenario() -> None:
        db = Database(sqlite_url)
        stop = asyncio.Event()
        try:
            filed = await file_case(db)
            worker = asyncio.create_task(run_worker(settings, db, stop))
            await asyncio.to_thread(receiver.wait_until, lambda r: r.requests == 1)
            stop.set()
            started = time.monotonic()
            await asyncio.wait_for(worker, 2)
            assert time.monotonic() - started < 1.0
            row = await outbox_row(db, filed.outbox_id())
            assert (row.state, row.locked_by, row.attempts) == ("pending", None, 1)
            assert row.next_attempt_at <= utcnow()  # due at once for the next worker
            assert row.last_error == "The worker stopped during delivery."
        finally:
            await db.dispose()

    asyncio.run(scenario())


def test_filedrop_through_the_worker_writes_once_and_again_the_same(
    database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    settings = make_settings(
        tmp_path, {"drop": {"type": "filedrop", "directory": str(folder)}}, database_url=database_url
    )

    async def scenario() -> None:
        async with delivering(settings) as (db, connectors):
            filed = await file_case(db, 5, routes=("drop",))
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            row = await outbox_row(db, filed.outbox_id("drop"))
            assert (row.state, row.external_id) == ("delivered", "BLK-2026-000005.json")
            path = folder / "BLK-2026-000005.json"
            first = path.read_bytes()
            validate_envelope(json.loads(first))
            # Delivered again (a re-queue, or a worker that died before recording): same file, same bytes.
            async with db.session() as session:
                await session.execute(
                    update(OutboxRow)
                    .where(OutboxRow.id == row.id)
                    .values(state="pending", next_attempt_at=utcnow())
                )
            assert await deliver_due(settings, db, connectors, WORKER) == 1
            assert path.read_bytes() == first
            assert [p.name for p in folder.iterdir()] == ["BLK-2026-000005.json"]
            assert len(await case_events(db, filed.case_id)) == 2  # each delivery is on the timeline

    asyncio.run(scenario())
