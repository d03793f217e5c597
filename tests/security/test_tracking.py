"""Classification changes and drafts in the audit trail."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from sqlalchemy import select

from blankett import audit
from blankett.cases import delete_draft, save_answers
from blankett.db import AuditEvent, Database
from blankett.security import Keyring, bind_keyring
from tests.cases.test_intake import ANSWERS, SERVICE
from tests.conftest import ROOT
from tests.support.platform import running_platform


def _events(database_url: str, prefix: str) -> list[AuditEvent]:
    async def read() -> list[AuditEvent]:
        db = Database(database_url)
        try:
            async with db.session() as s:
                rows = await s.scalars(select(AuditEvent).where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.id))
                found = list(rows)
                assert await audit.verify_chain(s) is None
                return found
        finally:
            await db.dispose()

    return asyncio.run(read())


def test_a_changed_classification_enters_the_audit_trail(database_url: str, tmp_path: Path) -> None:
    services = tmp_path / "services"
    shutil.copytree(ROOT / "config" / "services", services)
    with running_platform(database_url, tmp_path / "var", services_dir=str(services)) as platform:
        published = set(platform.app.state.catalog.services)
    first = _events(database_url, "classification.")
    assert {e.action for e in first} == {"classification.recorded"}
    assert {e.detail["service"] for e in first} == published
    assert all(e.actor == "system:catalog" for e in first)

    with running_platform(database_url, tmp_path / "var", services_dir=str(services)):
        pass  # the same classifications: nothing new
    assert len(_events(database_url, "classification.")) == len(first)

    toml = services / "synpunkt.toml"
    toml.write_text(toml.read_text().replace("integrity = 1", "integrity = 2"))
    with running_platform(database_url, tmp_path / "var", services_dir=str(services)):
        pass
    changed = [e for e in _events(database_url, "classification.") if e.action == "classification.changed"]
    assert [e.detail["service"] for e in changed] == ["synpunkt"]
    assert changed[0].detail["previous"]["integrity"] == 1 and changed[0].detail["classification"]["integrity"] == 2


def test_starting_and_deleting_a_draft_are_audited(database_url: str) -> None:
    async def scenario() -> None:
        db = Database(database_url)
        bind_keyring(db, Keyring.generate())
        try:
            await save_answers(db, "person-1", SERVICE, {"category": "beröm"})
            await save_answers(db, "person-1", SERVICE, ANSWERS)  # a later page: the same draft
            await save_answers(db, "session:abc", SERVICE, {"category": "beröm"})
            assert await delete_draft(db, "person-1", SERVICE.id)
        finally:
            await db.dispose()

    asyncio.run(scenario())
    events = [(e.actor, e.action) for e in _events(database_url, "draft.")]
    assert events == [
        ("person:person-1", "draft.started"), ("anonymous", "draft.started"), ("person:person-1", "draft.deleted"),
    ]
    assert all("beröm" not in str(e.detail) for e in _events(database_url, "draft."))  # no answers in the trail
