"""The handler's case page shows a signed case's signature record and whether the stored answers
still match it (the check behind `blankett cases verify`), over real HTTP: a citizen signs and
files through the test provider, the case reaches the built-in inbox, a handler opens it."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from blankett.db.engine import sync_url
from tests.conftest import ROOT
from tests.services.walk import REFERENCE
from tests.support.platform import log_in, running_platform
from tests.web.test_inbox import INBOX, staff_client
from tests.web.test_journey import wait_for
from tests.web.test_signing import JOURNEY, start_signing


def signed_service_to_the_inbox(tmp_path: Path) -> str:
    """The signed service (ekonomiskt-bistand) alone, routed to the built-in inbox."""
    services = tmp_path / "services"
    services.mkdir()
    settings = (ROOT / "config" / "services" / f"{JOURNEY.service}.toml").read_text()
    (services / f"{JOURNEY.service}.toml").write_text(
        settings.replace('connector = "handlaggning"', 'connector = "inkorg"')
    )
    return str(services)


def change_signed_data(database_url: str, reference: str) -> None:
    """As if the signature record and the stored answers had drifted apart."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            stored = conn.execute(text("SELECT signature FROM cases WHERE reference = :r"), {"r": reference})
            signature = stored.scalar_one()
            signature = json.loads(signature) if isinstance(signature, str) else dict(signature)
            signature["signedData"] = "0" * 64
            conn.execute(
                text("UPDATE cases SET signature = :s WHERE reference = :r"),
                {"s": json.dumps(signature), "r": reference},
            )
    finally:
        engine.dispose()


def test_the_handler_sees_the_signature_and_that_the_answers_match_it(
    database_url: str, tmp_path: Path
) -> None:
    services = signed_service_to_the_inbox(tmp_path)
    with (
        running_platform(database_url, tmp_path / "var", INBOX, services_dir=services) as platform,
        platform.client() as citizen,
    ):
        receipt = log_in(citizen, start_signing(citizen))
        found = REFERENCE.search(receipt.text)
        assert found, receipt.text[:2000]
        reference = found.group(0)
        signed = receipt.text.split('<code class="checksum">')[1].split("<")[0]
        olof = staff_client(platform, "olof")
        wait_for(lambda: reference in olof.get("/handlaggning").text)

        page = olof.get(f"/handlaggning/{reference}")
        assert page.status_code == 200
        assert "<h2 id=\"signature-heading\">Underskrift</h2>" in page.text
        assert "Underskrift med e-legitimation" in page.text
        assert f'<code class="checksum">{signed}</code>' in page.text
        assert "Svaren stämmer med underskriften" in page.text
        assert "Svaren stämmer inte" not in page.text
        assert "The answers match the signature" in olof.get(f"/handlaggning/{reference}?lang=en").text

        change_signed_data(database_url, reference)
        page = olof.get(f"/handlaggning/{reference}?lang=sv")
        assert "Svaren stämmer inte med underskriften" in page.text
        assert "Svaren stämmer med underskriften" not in page.text
        # The citizen's page shows the record as before, without the handler's check.
        mine = citizen.get(receipt.url.path)
        assert "0" * 64 in mine.text
        assert "Svaren stämmer" not in mine.text
        olof.close()
