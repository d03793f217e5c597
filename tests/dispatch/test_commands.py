"""``blankett deliveries``: list and re-queue, through the real command line entry point."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import update

from blankett.cli import main
from blankett.db import Database, OutboxRow
from tests.dispatch.helpers import Filed, audit_events, file_case, outbox_row


def _config(tmp_path: Path, database_url: str) -> str:
    path = tmp_path / "cli.toml"
    path.write_text(
        f'database_url = "{database_url}"\nvar_dir = "{tmp_path / "var"}"\nsecret_key = "{"k" * 40}"\n'
    )
    return str(path)


def _set_up(database_url: str) -> list[Filed]:
    """Three cases: one parked, one pending (with an error), one delivered."""

    async def go() -> list[Filed]:
        db = Database(database_url)
        try:
            filed = [await file_case(db, n) for n in (1, 2, 3)]
            changes = [
                (
                    filed[0],
                    {
                        "state": "parked",
                        "attempts": 10,
                        "last_error": "arende.example.se answered 422 Unprocessable",
                    },
                ),
                (
                    filed[1],
                    {"state": "pending", "attempts": 2, "last_error": "Could not reach arende.example.se"},
                ),
                (filed[2], {"state": "delivered", "attempts": 1, "external_id": "ARENDE-9"}),
            ]
            async with db.session() as session:
                for case, values in changes:
                    await session.execute(
                        update(OutboxRow).where(OutboxRow.id == case.outbox_id()).values(**values)
                    )
            return filed
        finally:
            await db.dispose()

    return asyncio.run(go())


def _state(database_url: str, outbox_id: int) -> tuple[str, int]:
    async def go() -> tuple[str, int]:
        db = Database(database_url)
        try:
            row = await outbox_row(db, outbox_id)
            return row.state, row.attempts
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_lists_parked_deliveries_without_personal_data(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filed = _set_up(database_url)
    assert main(["--config", _config(tmp_path, database_url), "deliveries"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "id",
        "case",
        "connector",
        "state",
        "attempts",
        "next",
        "attempt",
        "last",
        "error",
    ]
    assert lines[1].split()[:5] == [str(filed[0].outbox_id()), "BLK-2026-000001", "hook", "parked", "10"]
    assert lines[1].endswith("arende.example.se answered 422 Unprocessable")
    assert lines[2:] == ["1 delivery (parked)."]
    output = "\n".join(lines)
    for personal in ("199001011234", "Tove", "Svensson", "bänkar"):
        assert personal not in output


def test_lists_every_state(database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _set_up(database_url)
    assert main(["--config", _config(tmp_path, database_url), "deliveries", "--state", "all"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[3] for line in lines[1:4]] == ["parked", "pending", "delivered"]
    assert "UTC" in lines[2]  # next attempt shown for pending only
    assert "UTC" not in lines[1]
    assert lines[-1] == "3 deliveries (all)."


def test_requeue_by_id_refuses_unknown_and_unparked_ids(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filed = _set_up(database_url)
    config = _config(tmp_path, database_url)
    parked, pending = filed[0].outbox_id(), filed[1].outbox_id()
    assert main(["--config", config, "deliveries", "requeue", str(parked), "999"]) == 1
    assert capsys.readouterr().out == "Nothing re-queued: no delivery 999.\n"
    assert main(["--config", config, "deliveries", "requeue", str(pending)]) == 1
    assert capsys.readouterr().out == f"Nothing re-queued: delivery {pending} is pending, not parked.\n"
    assert _state(database_url, parked) == ("parked", 10)  # all or nothing
    assert main(["--config", config, "deliveries", "requeue"]) == 2
    capsys.readouterr()
    assert main(["--config", config, "deliveries", "requeue", "--all-parked"]) == 0
    assert capsys.readouterr().out == f"Re-queued 1 delivery: {parked}.\n"
    assert _state(database_url, parked) == ("pending", 0)

    async def audited() -> list[tuple[str, int | None, dict[str, object]]]:
        db = Database(database_url)
        try:
            return [(e.action, e.case_id, e.detail) for e in await audit_events(db)]
        finally:
            await db.dispose()

    assert asyncio.run(audited()) == [
        ("delivery.requeued", filed[0].case_id, {"connector": "hook", "outbox_id": parked}),
    ]
