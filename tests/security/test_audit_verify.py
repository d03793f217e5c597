"""`blankett audit verify`: a changed, removed or reordered event breaks the chain, named."""

from __future__ import annotations

import asyncio

import pytest

from blankett import audit
from blankett.db import Database
from tests.security.conftest import Cli
from tests.security.helpers import execute

TAMPERING = {
    "changed": (["UPDATE audit_events SET actor = 'person:someone-else' WHERE id = 3"], 3),
    "removed": (["DELETE FROM audit_events WHERE id = 3"], 4),
    "reordered": (
        [
            "UPDATE audit_events SET id = -2 WHERE id = 2",
            "UPDATE audit_events SET id = 2 WHERE id = 3",
            "UPDATE audit_events SET id = 3 WHERE id = -2",
        ],
        2,
    ),
}


def record_events(database_url: str, count: int) -> None:
    async def scenario() -> None:
        db = Database(database_url)
        try:
            for n in range(count):
                async with db.session() as s:
                    await audit.record(s, f"person:p{n}", "case.read", case_id=n, purpose="my-cases")
        finally:
            await db.dispose()

    asyncio.run(scenario())


@pytest.mark.parametrize("tampering", TAMPERING)
def test_tampering_with_the_audit_table_is_detected(database_url: str, cli: Cli, tampering: str) -> None:
    record_events(database_url, 5)
    code, out = cli("audit", "verify")
    assert (code, out.strip()) == (0, "OK: the audit trail's 5 events form an unbroken chain.")
    statements, first_bad = TAMPERING[tampering]
    execute(database_url, *statements)
    code, out = cli("audit", "verify")
    assert code == 1
    assert f"Audit trail broken at event {first_bad}:" in out
