"""`blankett keys rotate`: re-wrap every data key under the new master key, and still read every case."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select

from blankett.cases import file_case, load_answers, save_answers
from blankett.db import AuditEvent, Case, Database
from blankett.security import Keyring, bind_keyring, new_key_entry, open_case
from blankett.security.keyring import parse_keys
from tests.security.conftest import Cli
from tests.security.helpers import synpunkt

ANSWERS = {
    "category": "beröm",
    "area": "skola",
    "description": "Bra bemötande i receptionen.",
    "contact": {"name": "Anna", "email": "a@example.se", "wantsReply": False},
    "consent": True,
}
SUBMITTER = {
    "personId": "p1",
    "personalNumber": "199001011234",
    "givenName": "Tove",
    "familyName": "S",
    "loa": "loa3",
}


def keyring(entries: str, active: str) -> Keyring:
    return Keyring(parse_keys(entries, "test"), active)


def test_rotate_rewraps_every_data_key_and_every_case_still_reads(
    database_url: str, tmp_path: Path, cli: Cli
) -> None:
    service = synpunkt(tmp_path)
    k1, k2 = new_key_entry("k1"), new_key_entry("k2")

    async def file_under(keys: Keyring, count: int, draft_owner: str | None = None) -> None:
        db = Database(database_url)
        bind_keyring(db, keys)
        try:
            for _ in range(count):
                await file_case(db, service, ANSWERS, language="sv", person_id=None, submitter=SUBMITTER)
            if draft_owner:
                await save_answers(db, draft_owner, service, {"description": "Halvfärdigt utkast"})
        finally:
            await db.dispose()

    asyncio.run(file_under(keyring(k1, "k1"), 3, draft_owner="person-1"))
    # A new key becomes active: new data is sealed with it, the old data still opens with k1.
    asyncio.run(file_under(keyring(f"{k1},{k2}", "k2"), 1))
    both = {"BLANKETT_MASTER_KEYS": f"{k1},{k2}", "BLANKETT_ACTIVE_MASTER_KEY": "k2"}
    code, out = cli("keys", "status", **both)
    assert code == 0
    assert "cases: k1 3, k2 1" in out
    assert "drafts: k1 1" in out

    # Without k1 the old rows cannot be re-wrapped: said so, nothing lost, exit 1.
    code, out = cli("keys", "rotate", BLANKETT_MASTER_KEYS=k2, BLANKETT_ACTIVE_MASTER_KEY="k2")
    assert code == 1
    assert "k1 (4 rows)" in out

    code, out = cli("keys", "rotate", "--batch-size", "2", **both)
    assert code == 0, out
    assert "Re-wrapped 3 cases under master key 'k2'" in out
    assert "Re-wrapped 1 drafts under master key 'k2'" in out
    code, out = cli("keys", "status", **both)
    assert "cases: k2 4" in out
    assert "drafts: k2 1" in out

    async def read_everything_with_k2_alone() -> None:
        db = Database(database_url)
        only_k2 = keyring(k2, "k2")
        bind_keyring(db, only_k2)
        try:
            async with db.session() as s:
                cases = list(await s.scalars(select(Case)))
                actions = list(await s.scalars(select(AuditEvent.action)))
            assert len(cases) == 4
            for case in cases:
                contents = open_case(case, only_k2)
                assert contents.payload == ANSWERS
                assert contents.submitter == SUBMITTER
            assert await load_answers(db, "person-1", service) == {"description": "Halvfärdigt utkast"}
            assert actions.count("keys.rotated") == 2
        finally:
            await db.dispose()

    asyncio.run(read_everything_with_k2_alone())
