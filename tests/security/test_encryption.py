"""Encryption at rest over real HTTP: ciphertext in the database, plaintext on the page and in the
delivered envelope; a service at confidentiality 0 stores plaintext. Audit of reads from K2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from tests.security.helpers import raw_rows, synpunkt_settings
from tests.support.platform import RunningPlatform, log_in, running_platform
from tests.web.test_journey import ANSWERS, submit_page, wait_for

SECRET_TEXT = "Gatlyktan vid Storgatan 12"  # from the answers; ASCII, so JSON escaping cannot hide it


def services_at(tmp_path: Path, **changes: object) -> str:
    folder = tmp_path / "services"
    folder.mkdir(exist_ok=True)
    (folder / "synpunkt.toml").write_text(synpunkt_settings(**changes))
    return str(folder)


def fill_pages(client: httpx.Client, pages: list[str], level: str | None = None) -> httpx.Response:
    response = log_in(client, client.get("/e-tjanst/synpunkt/sida/vad"), level=level)
    for page in pages:
        assert response.url.path == f"/e-tjanst/synpunkt/sida/{page}", response.text[:500]
        response = submit_page(client, response, ANSWERS[page])
    return response


def file_case(
    platform: RunningPlatform, client: httpx.Client, database_url: str
) -> tuple[str, httpx.Response, str]:
    """Fill and send the example case; returns (reference, receipt, the drafts table mid-way)."""
    response = fill_pages(client, ["vad", "beskrivning"])
    drafts_midway = raw_rows(database_url, "drafts")
    response = submit_page(client, response, ANSWERS["kontakt"])
    assert response.url.path == "/e-tjanst/synpunkt/granska"
    receipt = submit_page(client, response, {})
    found = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
    assert found, receipt.text[:1000]
    return found.group(0), receipt, drafts_midway


def delivered_envelope(platform: RunningPlatform, reference: str) -> dict[str, object]:
    drop = Path(platform.settings.var_dir) / "filedrop" / f"{reference}.json"
    wait_for(drop.exists)
    return dict(json.loads(drop.read_text()))


def audit_reads(database_url: str) -> list[str]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT actor FROM audit_events WHERE action = 'case.read' ORDER BY id"))
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def test_a_classified_case_is_ciphertext_in_the_database_and_plaintext_on_the_page(
    database_url: str, tmp_path: Path
) -> None:
    with (
        running_platform(
            database_url, tmp_path, services_dir=services_at(tmp_path, confidentiality=1)
        ) as platform,
        platform.client() as client,
    ):
        reference, receipt, drafts_midway = file_case(platform, client, database_url)
        assert SECRET_TEXT not in drafts_midway
        assert "v1:" in drafts_midway
        assert SECRET_TEXT in receipt.text  # the receipt shows the answers, decrypted
        cases = raw_rows(database_url, "cases")
        assert reference in cases
        assert "v1:" in cases
        for secret in (SECRET_TEXT, "anna@example.se", "Anna Andersson"):
            assert secret not in cases
        envelope = delivered_envelope(platform, reference)
        assert SECRET_TEXT in json.dumps(envelope["answers"], ensure_ascii=False)
        assert envelope["submitter"]
        personal_number = str(envelope["submitter"]["personalNumber"])  # type: ignore[index]
        assert personal_number not in raw_rows(database_url, "cases")
        assert SECRET_TEXT in client.get(receipt.url.path).text
    assert audit_reads(database_url) == []  # K1: reads are not audited one by one


def test_a_service_at_confidentiality_0_stores_plaintext(sqlite_url: str, tmp_path: Path) -> None:
    with (
        running_platform(
            sqlite_url, tmp_path, services_dir=services_at(tmp_path, confidentiality=0)
        ) as platform,
        platform.client() as client,
    ):
        _, receipt, drafts_midway = file_case(platform, client, sqlite_url)
        assert SECRET_TEXT in drafts_midway
        assert SECRET_TEXT in raw_rows(sqlite_url, "cases")
        assert "v1:" not in raw_rows(sqlite_url, "cases")
        assert SECRET_TEXT in receipt.text


def test_from_confidentiality_2_every_read_is_an_audit_event(sqlite_url: str, tmp_path: Path) -> None:
    with (
        running_platform(
            sqlite_url, tmp_path, services_dir=services_at(tmp_path, confidentiality=2)
        ) as platform,
        platform.client() as client,
    ):
        reference, receipt, _ = file_case(
            platform, client, sqlite_url
        )  # logs in at loa3 (the helper's default)
        delivered_envelope(platform, reference)
        wait_for(lambda: "system:worker" in audit_reads(sqlite_url))
        client.get(receipt.url.path)
        reads = audit_reads(sqlite_url)
    people = [actor for actor in reads if actor.startswith("person:")]
    assert len(people) == 2  # the receipt and the second look
    assert reads.count("system:worker") == 1  # building the envelope for the one connector


@pytest.mark.parametrize(("confidentiality", "reaches_the_form"), [(1, True), (2, False)])
def test_a_lower_level_login_is_refused_from_confidentiality_2(
    sqlite_url: str, tmp_path: Path, confidentiality: int, reaches_the_form: bool
) -> None:
    services = services_at(tmp_path, confidentiality=confidentiality)
    with (
        running_platform(sqlite_url, tmp_path, services_dir=services) as platform,
        platform.client() as client,
    ):
        response = log_in(
            client, client.get("/e-tjanst/synpunkt/sida/vad"), level="http://id.elegnamnden.se/loa/1.0/loa2"
        )
        assert (response.url.path == "/e-tjanst/synpunkt/sida/vad") is reaches_the_form, response.url
        assert response.status_code < 500  # refused as a login problem, not a crash
