"""The retention purge: expired drafts and sessions go; delivered and closed cases lose their answers
once their classification's retention has passed, keeping the metadata; each purge is audited."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from blankett.cases import file_case, save_answers
from blankett.catalog import Service
from blankett.db import AuditEvent, Case, CaseEvent, Database, Draft, OutboxRow, WebSession, utcnow
from blankett.security import Keyring, PurgeSchedule, bind_keyring, load_policy, open_case, purge
from blankett.settings import load_settings
from tests.security.conftest import Cli
from tests.security.helpers import raw_rows, synpunkt
from tests.security.test_rotation import ANSWERS, SUBMITTER


async def settle(
    db: Database, case_id: int, *, status: str | None = "closed", delivered: bool = True
) -> None:
    """What the case system and the worker would have done: deliver, then close (or not)."""
    now = utcnow()
    async with db.session() as s:
        if delivered:
            await s.execute(
                update(OutboxRow)
                .where(OutboxRow.case_id == case_id)
                .values(state="delivered", delivered_at=now)
            )
        if status:
            await s.execute(update(Case).where(Case.id == case_id).values(status=status, updated_at=now))
            s.add(
                CaseEvent(
                    case_id=case_id, at=now, kind="status", status=status, actor="connector:handlaggning"
                )
            )


def test_closed_and_delivered_cases_lose_their_answers_after_their_retention(
    database_url: str, tmp_path: Path, cli: Cli
) -> None:
    k1, k2 = synpunkt(tmp_path, confidentiality=1), synpunkt(tmp_path, confidentiality=2)
    assert (k1.controls.retention_days, k2.controls.retention_days) == (60, 30)
    policy = load_policy()

    async def scenario() -> dict[str, Any]:
        db = Database(database_url)
        bind_keyring(db, Keyring.generate())

        async def filed(service: Service, **settled: Any) -> str:
            case = await file_case(db, service, ANSWERS, language="sv", person_id=None, submitter=SUBMITTER)
            await settle(db, case.id, **settled)
            return case.reference

        try:
            refs = {
                "k2 closed": await filed(k2),
                "k1 closed": await filed(k1),  # the flip: same case, lower rating, longer retention
                "k2 withdrawn": await filed(k2, status="withdrawn"),
                "k2 open": await filed(k2, status=None),
                "k2 undelivered": await filed(k2, delivered=False),
            }
            later = utcnow() + timedelta(days=45)
            dry = await purge(db, policy, dry_run=True, now=later)
            report = await purge(db, policy, now=later)
            again = await purge(db, policy, now=later)
            async with db.session() as s:
                cases = {c.reference: c for c in await s.scalars(select(Case))}
                purges = list(await s.scalars(select(AuditEvent).where(AuditEvent.action == "case.purged")))
                events = list(await s.scalars(select(CaseEvent)))
            return {
                "refs": refs,
                "dry": dry,
                "report": report,
                "again": again,
                "cases": cases,
                "purges": purges,
                "events": events,
            }
        finally:
            await db.dispose()

    r = asyncio.run(scenario())
    refs, cases = r["refs"], r["cases"]
    due = {refs["k2 closed"], refs["k2 withdrawn"]}
    assert {ref for ref, _ in r["dry"].cases} == due
    assert {ref for ref, _ in r["report"].cases} == due
    assert r["again"].cases == []
    for ref in due:
        case = cases[ref]
        assert case.purged_at is not None
        assert case.sealed is None
        assert case.key_id is None
        assert case.payload == {}
        assert case.submitter is None
        assert case.meta["classification"]["confidentiality"] == 2
        assert case.status in {"closed", "withdrawn"}
        assert open_case(case, None).purged
    for name in ("k1 closed", "k2 open", "k2 undelivered"):
        assert cases[refs[name]].purged_at is None, name
        assert cases[refs[name]].sealed, name
    assert sorted(e.detail["retention_days"] for e in r["purges"]) == [30, 30]
    assert {e.detail["rule"] for e in r["purges"]} == {"case-retention"}
    assert {e.case_id for e in r["purges"]} == {cases[ref].id for ref in due}
    assert len(r["events"]) == 2 * 5 - 1  # the timeline stays: filed + closed, one never closed

    code, out = cli("purge", "--dry-run")
    assert code == 0
    assert "Would purge the answers of 0 case(s) (rule case-retention)." in out


def test_the_dry_run_changes_nothing(sqlite_url: str, tmp_path: Path) -> None:
    service = synpunkt(tmp_path, confidentiality=2)

    async def scenario() -> tuple[str, str, int]:
        db = Database(sqlite_url)
        bind_keyring(db, Keyring.generate())
        try:
            case = await file_case(db, service, ANSWERS, language="sv", person_id=None, submitter=SUBMITTER)
            await settle(db, case.id)
            before = raw_rows(sqlite_url, "cases") + raw_rows(sqlite_url, "audit_events")
            report = await purge(db, load_policy(), dry_run=True, now=utcnow() + timedelta(days=31))
            return (
                before,
                raw_rows(sqlite_url, "cases") + raw_rows(sqlite_url, "audit_events"),
                len(report.cases),
            )
        finally:
            await db.dispose()

    before, after, due = asyncio.run(scenario())
    assert due == 1
    assert before == after


def test_expired_drafts_and_sessions_are_deleted(database_url: str, tmp_path: Path) -> None:
    service = synpunkt(tmp_path)

    async def scenario() -> tuple[list[str], list[str], list[AuditEvent]]:
        db = Database(database_url)
        bind_keyring(db, Keyring.generate())
        now = utcnow()
        try:
            await save_answers(db, "person-old", service, {"description": "gammalt"})
            await save_answers(db, "person-new", service, {"description": "nytt"})
            async with db.session() as s:
                await s.execute(
                    update(Draft)
                    .where(Draft.owner_key == "person-old")
                    .values(expires_at=now - timedelta(minutes=1))
                )
                s.add(
                    WebSession(
                        id="old",
                        data={},
                        created_at=now,
                        last_seen_at=now,
                        expires_at=now - timedelta(seconds=1),
                    )
                )
                s.add(
                    WebSession(
                        id="live",
                        data={},
                        created_at=now,
                        last_seen_at=now,
                        expires_at=now + timedelta(hours=1),
                    )
                )
            await purge(db, load_policy())
            async with db.session() as s:
                drafts = list(await s.scalars(select(Draft.owner_key)))
                sessions = list(await s.scalars(select(WebSession.id)))
                events = list(await s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
            return drafts, sessions, events
        finally:
            await db.dispose()

    drafts, sessions, events = asyncio.run(scenario())
    assert drafts == ["person-new"]
    assert sessions == ["live"]
    purges = [e for e in events if e.action.endswith(".purged")]  # saving a draft is an event too
    assert [(e.action, e.detail["rule"], e.detail["count"]) for e in purges] == [
        ("drafts.purged", "draft-lifetime", 1),
        ("sessions.purged", "session-expiry", 1),
    ]


def test_where_drafts_may_not_be_kept_a_draft_lives_only_as_long_as_an_idle_session(
    sqlite_url: str, tmp_path: Path
) -> None:
    kept, not_kept = synpunkt(tmp_path, confidentiality=1), synpunkt(tmp_path, confidentiality=3)
    assert kept.controls.drafts_allowed
    assert not not_kept.controls.drafts_allowed

    async def lifetimes() -> list[timedelta]:
        db = Database(sqlite_url)
        bind_keyring(db, Keyring.generate())
        try:
            for service in (kept, not_kept):
                await save_answers(
                    db, f"p-{service.classification.confidentiality}", service, {"description": "x"}
                )
            async with db.session() as s:
                drafts = list(await s.scalars(select(Draft).order_by(Draft.owner_key)))
            return [d.expires_at - d.updated_at for d in drafts]
        finally:
            await db.dispose()

    assert asyncio.run(lifetimes()) == [timedelta(days=30), timedelta(minutes=15)]


def test_the_worker_purges_on_its_interval(sqlite_url: str, tmp_path: Path) -> None:
    def settings(minutes: int):  # type: ignore[no-untyped-def]
        return load_settings(
            environ={},
            values={
                "var_dir": str(tmp_path),
                "database_url": sqlite_url,
                "secret_key": "s" * 40,
                "purge_interval_minutes": minutes,
            },
        )

    async def scenario() -> list[bool]:
        db = Database(sqlite_url)
        try:
            hourly, never = PurgeSchedule(settings(60), db), PurgeSchedule(settings(0), db)
            return [
                await hourly.run_if_due() is not None,
                await hourly.run_if_due() is not None,
                await never.run_if_due() is not None,
            ]
        finally:
            await db.dispose()

    assert asyncio.run(scenario()) == [True, False, False]  # at start, not again within the hour, never
