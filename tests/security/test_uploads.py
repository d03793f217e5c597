"""Uploaded files under the security machinery: key rotation re-wraps a draft's file keys,
a filed file shares its case's key and retention, and files no case took are purged."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from blankett.cases import file_case, save_answers
from blankett.cases.uploads import open_upload, store_upload
from blankett.db import AuditEvent, Case, Database, Upload, utcnow
from blankett.security import Keyring, bind_keyring, load_policy, purge, rotate
from tests.security.helpers import synpunkt
from tests.security.test_purge import settle
from tests.security.test_rotation import ANSWERS
from tests.support.files import pdf

FILE = pdf("Bilaga")


async def _uploads(db: Database) -> dict[str, Upload]:
    async with db.session() as s:
        return {u.id: u for u in await s.scalars(select(Upload))}


async def _age(db: Database, upload_id: str, hours: int) -> None:
    async with db.session() as s:
        await s.execute(update(Upload).where(Upload.id == upload_id).values(created_at=utcnow() - timedelta(hours=hours)))


def test_rotation_rewraps_the_keys_of_files_not_yet_filed(database_url: str, tmp_path: Path) -> None:
    service = synpunkt(tmp_path, confidentiality=2)
    old = Keyring.generate("k1")

    async def scenario() -> tuple[Any, Upload, Keyring]:
        db = Database(database_url)
        bind_keyring(db, old)
        try:
            ref = await store_upload(db, "person-1", service, "/bilaga", "bilaga.pdf", "application/pdf", FILE)
            both = Keyring({**old.keys, "k2": Keyring.generate("k2").keys["k2"]}, "k2")
            bind_keyring(db, both)
            report = await rotate(db, both, actor="test")
            return report, (await _uploads(db))[ref["id"]], Keyring({"k2": both.keys["k2"]}, "k2")
        finally:
            await db.dispose()

    report, upload, only_new = asyncio.run(scenario())
    assert report.rewrapped["uploads"] == 1 and upload.key_id == "k2"
    assert open_upload(upload, only_new) == FILE  # the old master key is no longer needed


def test_files_no_case_took_are_purged_and_filed_ones_follow_their_case(database_url: str, tmp_path: Path) -> None:
    service = synpunkt(tmp_path, confidentiality=2)
    policy = load_policy()

    async def scenario() -> dict[str, Any]:
        db = Database(database_url)
        bind_keyring(db, Keyring.generate())
        try:
            orphan = await store_upload(db, "session:gone", service, "/bilaga", "a.pdf", "application/pdf", FILE)
            fresh = await store_upload(db, "session:new", service, "/bilaga", "b.pdf", "application/pdf", FILE)
            drafted = await store_upload(db, "session:busy", service, "/bilaga", "c.pdf", "application/pdf", FILE)
            filed = await store_upload(db, "person-1", service, "/bilaga", "d.pdf", "application/pdf", FILE)
            left = await store_upload(db, "person-1", service, "/bilaga", "e.pdf", "application/pdf", FILE)
            await save_answers(db, "session:busy", service, {**ANSWERS, "bilaga": drafted})
            for ref in (orphan, drafted, filed, left):
                await _age(db, ref["id"], hours=2)
            case = await file_case(
                db, service, {**ANSWERS, "bilaga": [filed]}, language="sv", person_id=None,
                submitter=None, draft_owner="person-1",
            )
            after_filing = await _uploads(db)
            report = await purge(db, policy)
            after_purge = await _uploads(db)
            await settle(db, case.id)
            await purge(db, policy, now=utcnow() + timedelta(days=policy.controls_for({"confidentiality": 2}).retention_days + 1))
            async with db.session() as s:
                purged = await s.scalar(select(Case).where(Case.id == case.id))
                actions: dict[str, Any] = {}
                for event in await s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
                    actions.setdefault(event.action, event.detail)  # the first of each
            return {
                "refs": (orphan, fresh, drafted, filed, left), "case": case, "filing": after_filing,
                "report": report, "purge": after_purge, "end": await _uploads(db), "purged": purged, "actions": actions,
            }
        finally:
            await db.dispose()

    found = asyncio.run(scenario())
    orphan, fresh, drafted, filed, left = (r["id"] for r in found["refs"])
    assert left not in found["filing"]  # uploaded but not in the answers: gone with the filing
    attached = found["filing"][filed]
    assert attached.case_id == found["case"].id and attached.sealed and attached.key_id is None
    assert found["report"].uploads == 1 and set(found["purge"]) == {fresh, drafted, filed}
    assert found["actions"]["uploads.purged"]["rule"] == "orphaned-uploads"
    assert found["actions"]["uploads.purged"]["count"] == 1
    assert found["purged"].purged_at is not None and filed not in found["end"]
    assert "attachments" in found["actions"]["case.purged"]["removed"]
