"""Signing by re-authentication at an independent provider (npm oidc-provider) that does not offer
the OIDC Sweden signature extension: the whole platform in front of it, over real HTTP."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from blankett.app import create_app
from blankett.auth import LOA3, all_loa_uris
from blankett.db import Case, Database
from tests.services.journeys import JOURNEYS
from tests.services.walk import REFERENCE, fill_page, send
from tests.support.oidc_provider import choose, requested, running_provider
from tests.support.platform import platform_settings
from tests.support.server import free_port, serve_in_thread

SECRET = "platform-client-secret-" + "p" * 32
JOURNEY = next(j for j in JOURNEYS if j.service == "ekonomiskt-bistand")  # [signing] required = true


async def the_signature(database_url: str, reference: str) -> dict[str, str]:
    db = Database(database_url)
    try:
        async with db.session() as s:
            signature = await s.scalar(select(Case.signature).where(Case.reference == reference))
            assert signature is not None
            return dict(signature)
    finally:
        await db.dispose()


def test_signing_by_reauthentication(sqlite_url: str, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    client = {
        "client_id": "blankett",
        "client_secret": SECRET,
        "token_endpoint_auth_method": "client_secret_basic",
        "redirect_uris": [f"{base}/inloggning/klar", f"{base}/signering/klar"],
        "post_logout_redirect_uris": [f"{base}/"],
        "require_auth_time": True,
    }
    with running_provider(tmp_path, [client], all_loa_uris()) as op:
        settings = platform_settings(
            sqlite_url,
            tmp_path / "var",
            port,
            oidc_discovery_url=op.discovery_url,
            oidc_client_id="blankett",
            oidc_client_secret=SECRET,
        )
        with (
            serve_in_thread(create_app(settings), port),
            httpx.Client(base_url=base, follow_redirects=True, timeout=20) as browser,
        ):
            first = f"/e-tjanst/{JOURNEY.service}/sida/{next(iter(JOURNEY.pages))}"
            response = choose(
                browser, browser.get("/logga-in", params={"level": "3", "next": first}), loa=LOA3
            )
            for page in JOURNEY.pages:
                response = fill_page(browser, response, JOURNEY, page)
            assert "Signera och skicka in" in response.text
            time.sleep(1.05 - time.time() % 1)  # auth_time counts whole seconds
            signing = send(browser, response, {})
            request = requested(signing)  # the provider asks again despite its session
            assert request["params"]["prompt"] == "login"
            assert "https://id.oidc.se/scope/sign" not in request["params"]["scope"].split()
            receipt = choose(browser, signing, loa=LOA3)
            assert receipt.status_code == 200, receipt.text[:2000]
            assert "Ny legitimering med e-legitimation" in receipt.text
            reference = REFERENCE.search(receipt.text)
            assert reference
    signature = asyncio.run(the_signature(sqlite_url, reference.group(0)))
    assert signature["method"] == "oidc-reauthentication"
    assert signature["loa"] == LOA3
    assert "value" not in signature
