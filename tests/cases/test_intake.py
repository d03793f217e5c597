"""Filing writes everything in one transaction, or nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from blankett import audit
from blankett.catalog import load_service
from blankett.cases import file_case
from blankett.db import AuditEvent, Case, CaseEvent, Database, OutboxRow
from blankett.security import Keyring, bind_keyring
from tests.conftest import ROOT

SERVICE = load_service(ROOT / "forms" / "synpunkt.json", ROOT / "config" / "services" / "synpunkt.toml", None)
ANSWERS = {"category": "beröm", "area": "skola", "description": "Bra bemötande i receptionen.",
           "contact": {"name": "Anna", "email": "a@example.se", "wantsReply": False}, "consent": True}
KEYRING = Keyring.generate()


def sealing_db(url: str) -> Database:
    """synpunkt is rated confidentiality 1: its answers are sealed, so the database needs master keys."""
    db = Database(url)
    bind_keyring(db, KEYRING)
    return db


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


async def _count(db: Database, model: type) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


def test_filing_writes_case_event_outbox_and_audit(database_url: str) -> None:
    async def scenario() -> None:
        db = sealing_db(database_url)
        try:
            first = await file_case(db, SERVICE, ANSWERS, language="sv", person_id=None, submitter=None)
            second = await file_case(db, SERVICE, ANSWERS, language="en", person_id=None, submitter=None)
            year = first.submitted_at.year
            assert first.reference == f"BLK-{year}-000001"
            assert second.reference == f"BLK-{year}-000002"
            assert first.public_id != second.public_id and len(first.public_id) >= 32
            assert first.definition_hash == SERVICE.form.hash
            async with db.session() as s:
                rows = list(await s.scalars(select(OutboxRow).where(OutboxRow.case_id == first.id)))
                assert [r.connector for r in rows] == ["handlaggning"]
                assert rows[0].state == "pending"
                events = list(await s.scalars(select(CaseEvent).where(CaseEvent.case_id == first.id)))
                assert [(e.kind, e.status) for e in events] == [("status", "received")]
                actions = list(await s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == first.id)))
                assert actions == ["case.submitted"]
                assert await audit.verify_chain(s) is None
        finally:
            await db.dispose()

    run(scenario())


def test_a_failure_mid_filing_leaves_nothing(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken_record(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken_record)

    async def scenario() -> None:
        db = sealing_db(database_url)
        try:
            with pytest.raises(RuntimeError):
                await file_case(db, SERVICE, ANSWERS, language="sv", person_id=None, submitter=None)
            for model in (Case, CaseEvent, OutboxRow, AuditEvent):
                assert await _count(db, model) == 0, model
        finally:
            await db.dispose()

    run(scenario())


def test_references_do_not_collide_under_concurrency(database_url: str) -> None:
    async def scenario() -> None:
        dbs = [sealing_db(database_url) for _ in range(3)]
        try:
            cases = await asyncio.gather(*(
                file_case(db, SERVICE, ANSWERS, language="sv", person_id=None, submitter=None)
                for db in dbs for _ in range(5)
            ))
            assert len({c.reference for c in cases}) == 15
        finally:
            for db in dbs:
                await db.dispose()

    run(scenario())


def test_audit_chain_detects_tampering(database_url: str, tmp_path: Path) -> None:
    async def scenario() -> None:
        db = sealing_db(database_url)
        try:
            for _ in range(3):
                await file_case(db, SERVICE, ANSWERS, language="sv", person_id=None, submitter=None)
            async with db.session() as s:
                assert await audit.verify_chain(s) is None
                second = (await s.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()[1]
                second.actor = "person:someone-else"
            async with db.session() as s:
                assert await audit.verify_chain(s) == second.id
        finally:
            await db.dispose()

    run(scenario())


def test_a_service_that_requires_signing_is_not_filed_unsigned(sqlite_url: str) -> None:
    import dataclasses

    from blankett.errors import SubmissionInvalid

    signed = dataclasses.replace(SERVICE, controls=dataclasses.replace(SERVICE.controls, signing_required=True))

    async def scenario() -> None:
        db = sealing_db(sqlite_url)
        try:
            with pytest.raises(SubmissionInvalid):
                await file_case(db, signed, ANSWERS, language="sv", person_id=None, submitter=None)
            assert await _count(db, Case) == 0
        finally:
            await db.dispose()

    run(scenario())
