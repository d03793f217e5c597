"""A worker killed mid-delivery: the case is delivered by the next one, and filed once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from blankett.db import Database
from tests.dispatch.helpers import Filed, case_events, file_case, outbox_row
from tests.support.webhook_receiver import WebhookReceiver

BLANKETT = Path(sys.executable).parent / "blankett"


def _query(database_url: str, action: Any) -> Any:
    async def go() -> Any:
        db = Database(database_url)
        try:
            return await action(db)
        finally:
            await db.dispose()

    return asyncio.run(go())


def _wait_for_state(database_url: str, filed: Filed, state: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (row := _query(database_url, lambda db: outbox_row(db, filed.outbox_id()))).state != state:
        assert time.monotonic() < deadline, f"still {row.state} after {timeout} s"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_killed_worker_is_taken_over_and_the_case_filed_once(
    database_url: str, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    config = tmp_path / "worker.toml"
    config.write_text(
        "[connectors.hook]\n"
        'type = "webhook"\n'
        f'url = "{receiver.url}"\n'
        'secret = "env:TEST_WEBHOOK_SECRET"\n'
        "timeout_seconds = 30\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLANKETT_")}
    env.update(
        BLANKETT_DATABASE_URL=database_url,
        BLANKETT_VAR_DIR=str(tmp_path / "var"),
        BLANKETT_SECRET_KEY="crash-test-secret-key-" + "s" * 20,
        BLANKETT_DELIVERY_LEASE_SECONDS="2",
        BLANKETT_WORKER_POLL_SECONDS="0.2",
        TEST_WEBHOOK_SECRET=receiver.secret,
    )
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]

    def start(log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            return subprocess.Popen(
                [str(BLANKETT), "--config", str(config), "worker"],
                env=env,
                cwd=tmp_path,
                stdout=out,
                stderr=out,
            )

    filed = _query(database_url, lambda db: file_case(db))
    receiver.stall_next(1, seconds=4)  # the first attempt hangs ...
    first = start(logs[0])
    try:
        receiver.wait_until(lambda r: r.requests == 1, timeout=30)
        first.send_signal(signal.SIGKILL)  # ... and its worker dies mid-delivery
        first.wait(10)
    finally:
        first.kill()
    crashed = _query(database_url, lambda db: outbox_row(db, filed.outbox_id()))
    assert (crashed.state, crashed.attempts) == ("delivering", 1)  # the dead worker's lease

    second = start(logs[1])
    try:
        _wait_for_state(database_url, filed, "delivered", timeout=30)
        second.send_signal(signal.SIGTERM)  # a clean stop
        assert second.wait(10) == 0
    finally:
        second.kill()

    row = _query(database_url, lambda db: outbox_row(db, filed.outbox_id()))
    assert (row.state, row.attempts, row.external_id) == ("delivered", 2, "ARENDE-1")
    assert len(_query(database_url, lambda db: case_events(db, filed.case_id))) == 1
    # The hung request is answered in the end too: the receiver was called twice with the
    # same webhook-id, and filed the case once.
    receiver.wait_until(lambda r: r.duplicates == 1, timeout=10)
    assert receiver.calls == [filed.key(), filed.key()]
    assert receiver.accepted == {filed.key(): "ARENDE-1"}
    output = b"".join(log.read_bytes() for log in logs).decode()
    assert "Delivered case BLK-2026-000001 to 'hook'" in output
    for personal in ("199001011234", "Svensson", "bänkar"):
        assert personal not in output
