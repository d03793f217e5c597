"""What the citizen adds to a delivered case reaches the case system as a record, through the
outbox like the case itself: a real webhook receiver verifies each signed record, a file drop
writes them beside the case, and a connector that takes no records gets none. On SQLite and
PostgreSQL."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from blankett.app import create_app
from blankett.db.engine import sync_url
from blankett.envelope import validate_record
from tests.api.support import CLIENTS, case_system
from tests.support.html import forms
from tests.support.platform import RunningPlatform, platform_settings, running_platform
from tests.support.server import free_port, serve_in_thread
from tests.support.webhook_receiver import WebhookReceiver
from tests.web.test_inbox import inbox_platform, staff_client
from tests.web.test_journey import file_example_case, wait_for

PDF = b"%PDF-1.4\n% Foto\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fields(page: str, action_end: str) -> dict[str, str]:
    found = [f for f in forms(page) if f.action.endswith(action_end)]
    assert found, f"no form posting to …{action_end}"
    return dict(found[0].fields)


def _records(receiver: WebhookReceiver) -> list[dict]:  # type: ignore[type-arg]
    return [body for body in receiver.envelopes.values() if "recordVersion" in body]


def test_the_citizens_additions_reach_the_case_system_as_records(database_url: str, tmp_path: Path) -> None:
    with WebhookReceiver().running() as receiver, _platform(
        database_url, tmp_path, {"handlaggning": receiver.connector_options()},
    ) as platform, platform.client() as citizen:
        receipt = file_example_case(citizen)
        case_path = receipt.url.path
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert reference
        ref = reference.group(0)
        receiver.wait_until(lambda r: len(r.accepted) == 1, timeout=20)

        page = citizen.get(case_path).text
        citizen.post(f"{case_path}/meddelande", data={**_fields(page, "/meddelande"), "message": "Lyktan blinkar."})
        receiver.wait_until(lambda r: len(_records(r)) == 1, timeout=20)
        message = _records(receiver)[0]
        validate_record(message)
        assert message["case"]["reference"] == ref
        assert message["record"]["kind"] == "citizen_message" and message["record"]["text"] == "Lyktan blinkar."

        with case_system(platform, "arende") as api:
            api.post(f"/api/v1/cases/{ref}/completion-requests", json={"text": "Ett foto, tack."})
        page = citizen.get(case_path).text
        citizen.post(
            f"{case_path}/komplettering", data={**_fields(page, "/komplettering"), "completion": "Här."},
            files=[("attachments", ("foto.pdf", PDF, "application/pdf"))],
        )
        receiver.wait_until(lambda r: len(_records(r)) == 2, timeout=20)
        answer = next(r for r in _records(receiver) if r["record"]["kind"] == "completion_answer")
        validate_record(answer)
        assert answer["case"]["status"] == "in_progress" and answer["record"]["text"] == "Här."
        [attachment] = answer["record"]["attachments"]
        assert attachment["fileName"] == "foto.pdf" and attachment["size"] == len(PDF)
        with case_system(platform, "arende") as api:  # the href is the case API's, behind a token
            assert api.get(attachment["href"]).content == PDF

        page = citizen.get(f"{case_path}/aterkalla").text
        citizen.post(f"{case_path}/aterkalla", data=_fields(page, "/aterkalla"))
        receiver.wait_until(lambda r: len(_records(r)) == 3, timeout=20)
        withdrawal = next(r for r in _records(receiver) if r["record"]["kind"] == "withdrawal")
        validate_record(withdrawal)
        assert withdrawal["case"]["status"] == "withdrawn" and withdrawal["record"]["text"] is None

        assert (receiver.invalid, receiver.duplicates) == (0, 0)  # every record signed, each once
        assert len({r["record"]["id"] for r in _records(receiver)}) == 3
        timeline = citizen.get(case_path).text
        assert timeline.count("Ärendet lämnades över till handläggningen") == 1  # records add no line


@contextlib.contextmanager
def _platform(database_url: str, tmp_path: Path, connectors: dict[str, Any]) -> Iterator[RunningPlatform]:
    """The platform with the given connectors and the case API's test clients."""
    port = free_port()
    settings = platform_settings(database_url, tmp_path / "var", port, connectors)
    app = create_app(dataclasses.replace(settings, api_clients=CLIENTS))
    with serve_in_thread(app, port) as url:
        yield RunningPlatform(url, settings, app)


def test_a_file_drop_writes_records_beside_the_case(sqlite_url: str, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    connectors = {"handlaggning": {"type": "filedrop", "directory": str(drop)}}
    with running_platform(sqlite_url, tmp_path, connectors) as platform, platform.client() as citizen:
        receipt = file_example_case(citizen)
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert reference
        wait_for(lambda: (drop / f"{reference.group(0)}.json").exists())
        page = citizen.get(receipt.url.path).text
        citizen.post(f"{receipt.url.path}/meddelande", data={**_fields(page, "/meddelande"), "message": "Hej!"})
        wait_for(lambda: len(list(drop.glob(f"{reference.group(0)}.record-*.json"))) == 1)
        [record_file] = drop.glob(f"{reference.group(0)}.record-*.json")
        record = json.loads(record_file.read_text(encoding="utf-8"))
        validate_record(record)
        assert record["record"]["text"] == "Hej!"



def test_the_inbox_takes_no_records_it_reads_them_in_place(sqlite_url: str, tmp_path: Path) -> None:
    with inbox_platform(sqlite_url, tmp_path) as platform, platform.client() as citizen:
        sara = staff_client(platform, "sara")
        receipt = file_example_case(citizen)
        ref = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert ref
        wait_for(lambda: ref.group(0) in sara.get("/handlaggning").text)
        page = citizen.get(receipt.url.path).text
        citizen.post(f"{receipt.url.path}/meddelande", data={**_fields(page, "/meddelande"), "message": "Hej!"})
        assert "Hej!" in sara.get(f"/handlaggning/{ref.group(0)}").text
        sara.close()
    engine = create_engine(sync_url(platform.settings.database_url))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM outbox WHERE event_id IS NOT NULL")).scalar()
    engine.dispose()
    assert rows == 0  # nothing queued for a receiver that takes no records
