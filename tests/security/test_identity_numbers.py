"""The personal identity number is sealed at rest: never in clear in the database (SQLite and
PostgreSQL), still right wherever the platform shows or sends it (download my data, prefill,
the case's submitter), kept sealed when the profile is deleted, sealed at start-up where an
older version stored it in plain text, and covered by key rotation."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from blankett.cases.people import seal_plain_numbers
from blankett.db import Database, Person
from blankett.db.engine import sync_url
from blankett.errors import ProtectedDataError
from blankett.security import Keyring, new_key_entry, read_number, seal_number
from blankett.security.keyring import parse_keys
from tests.notify.support import run_db
from tests.security.conftest import Cli
from tests.security.helpers import execute, raw_rows
from tests.security.test_encryption import delivered_envelope
from tests.services.journeys import VARMEPUMP
from tests.support.html import forms
from tests.support.platform import log_in, running_platform
from tests.web.test_journey import file_example_case
from tests.web.test_prefill import fields, walk_to

ANNA = "198504129829"  # the test provider's "anna", the first person on its login page
TABLES = (
    "persons", "cases", "drafts", "audit_events", "web_sessions", "outbox", "case_events", "notifications"
)


def persons(database_url: str) -> list[dict[str, Any]]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(text("SELECT * FROM persons"))]
    finally:
        engine.dispose()


def assert_sealed_only(database_url: str) -> None:
    """No plain number anywhere in the database; Anna's row carries it sealed."""
    for table in TABLES:
        assert ANNA not in raw_rows(database_url, table), table
    [row] = persons(database_url)
    assert row["personal_number"] is None
    assert row["number_sealed"].startswith("v1:")
    assert row["number_key_id"]
    assert row["number_wrapped_key"]


def downloaded_number(client: httpx.Client) -> str:
    return str(json.loads(client.get("/profil/mina-uppgifter.json").text)["person"]["personalNumber"])


def delete_profile(client: httpx.Client) -> None:
    confirm = client.get("/profil/radera")
    deleted = client.post("/profil/radera", data=max(forms(confirm.text), key=lambda f: len(f.names)).fields)
    assert "Din profil är raderad" in deleted.text


def test_the_number_is_sealed_and_every_reader_still_sees_it(database_url: str, tmp_path: Path) -> None:
    with running_platform(database_url, tmp_path) as platform, platform.client() as client:
        receipt = file_example_case(client)  # logs in as Anna
        reference = re.search(r"BLK-\d{4}-\d{6}", receipt.text)
        assert reference
        envelope = delivered_envelope(platform, reference.group(0))
        assert envelope["submitter"]["personalNumber"] == ANNA  # type: ignore[index]
        assert downloaded_number(client) == ANNA
        page = walk_to(client, VARMEPUMP, "sokande")
        revealed = client.post(str(page.url), data={**fields(page), "applicantType": "person"})
        assert fields(revealed)["person.personnummer"] == "19850412-9829"
        assert_sealed_only(database_url)

        # Deleting the profile keeps the person (the cases kept under retention are theirs),
        # and their number stays sealed, not plain.
        delete_profile(client)
        assert_sealed_only(database_url)
        assert downloaded_number(client) == ANNA


def test_plain_numbers_from_an_older_version_are_sealed_at_start(database_url: str, tmp_path: Path) -> None:
    with running_platform(database_url, tmp_path) as platform, platform.client() as client:
        log_in(client, client.get("/profil"))
    # As an older version left it: the number in plain text, nothing sealed.
    execute(
        database_url,
        f"UPDATE persons SET personal_number = '{ANNA}', number_sealed = NULL, "
        "number_key_id = NULL, number_wrapped_key = NULL",
    )
    assert ANNA in raw_rows(database_url, "persons")

    with running_platform(database_url, tmp_path) as platform, platform.client() as client:
        assert_sealed_only(database_url)  # sealed by the start-up, before anyone logged in
        log_in(client, client.get("/profil"))
        assert len(persons(database_url)) == 1  # the same person: found by the keyed index
        assert downloaded_number(client) == ANNA
        assert run_db(platform, seal_plain_numbers) == 0  # a second run finds nothing to do
    assert_sealed_only(database_url)


def test_the_sealed_number_is_bound_to_its_person() -> None:
    keyring = Keyring.generate()
    anna, bo = Person(id="anna", identity_key="a", profile={}), Person(id="bo", identity_key="b", profile={})
    seal_number(anna, ANNA, keyring)
    assert ANNA not in str(anna.number_sealed)
    assert anna.personal_number is None
    assert read_number(anna, keyring) == ANNA
    bo.number_sealed, bo.number_key_id, bo.number_wrapped_key = (
        anna.number_sealed, anna.number_key_id, anna.number_wrapped_key
    )
    with pytest.raises(ProtectedDataError):
        read_number(bo, keyring)


def test_key_rotation_covers_identity_numbers(sqlite_url: str, cli: Cli) -> None:
    k1, k2 = new_key_entry("k1"), new_key_entry("k2")

    async def person_sealed_under_k1() -> None:
        db = Database(sqlite_url)
        try:
            async with db.session() as s:
                person = Person(id="p-1", identity_key="1" * 64, profile={})
                seal_number(person, ANNA, Keyring(parse_keys(k1, "test"), "k1"))
                s.add(person)
        finally:
            await db.dispose()

    asyncio.run(person_sealed_under_k1())
    both = {"BLANKETT_MASTER_KEYS": f"{k1},{k2}", "BLANKETT_ACTIVE_MASTER_KEY": "k2"}
    assert "identity numbers: k1 1" in cli("keys", "status", **both)[1]
    code, out = cli("keys", "rotate", **both)
    assert code == 0, out
    assert "Re-wrapped 1 identity numbers under master key 'k2'" in out
    assert "identity numbers: k2 1" in cli("keys", "status", **both)[1]

    [row] = persons(sqlite_url)
    only_k2 = Keyring(parse_keys(k2, "test"), "k2")
    person = Person(id=row["id"], number_sealed=row["number_sealed"], number_key_id=row["number_key_id"],
                    number_wrapped_key=row["number_wrapped_key"])
    assert read_number(person, only_k2) == ANNA
