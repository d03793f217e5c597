"""Signing a case before it is filed, over real HTTP with the test provider's real redirects:
the signed filing end to end, what is refused, and `blankett cases verify` on the stored case."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import select

from blankett.auth import LOA2, LOA3
from blankett.auth.signing import SIGN_REQUEST_PARAM, SIGN_SCOPE, SignRequest
from blankett.cli import main
from blankett.db import AuditEvent, Case, Database
from blankett.envelope import build_envelope, validate_envelope
from blankett.security import keyring_from_settings, open_case, store_case
from tests.services.journeys import JOURNEYS
from tests.services.walk import REFERENCE, fill_page, open_service, send
from tests.support.platform import RunningPlatform, log_in, running_platform

JOURNEY = next(j for j in JOURNEYS if j.service == "ekonomiskt-bistand")  # [signing] required = true


@pytest.fixture
def platform(sqlite_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    with running_platform(sqlite_url, tmp_path) as running:
        yield running


def check_page(client: httpx.Client) -> httpx.Response:
    response = open_service(client, JOURNEY)
    for page in JOURNEY.pages:
        response = fill_page(client, response, JOURNEY, page)
    assert response.url.path == f"/e-tjanst/{JOURNEY.service}/granska", response.text[:2000]
    return response


def start_signing(client: httpx.Client) -> httpx.Response:
    """Check your answers, press "Signera och skicka in": the provider's signing page."""
    response = send(client, check_page(client), {})
    assert "/test-idp/authorize" in str(response.url), response.url
    return response


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def the_case(database_url: str, reference: str) -> Case:
    db = Database(database_url)
    try:
        async with db.session() as s:
            case = await s.scalar(select(Case).where(Case.reference == reference))
            assert case is not None
            return case
    finally:
        await db.dispose()


async def cases_filed(database_url: str) -> int:
    db = Database(database_url)
    try:
        async with db.session() as s:
            return len(list(await s.scalars(select(Case.id))))
    finally:
        await db.dispose()


def cli_config(platform: RunningPlatform, tmp_path: Path) -> str:
    path = tmp_path / "cli.toml"
    s = platform.settings
    path.write_text(
        f'database_url = "{s.database_url}"\nvar_dir = "{s.var_dir}"\nsecret_key = "{s.secret_key}"\n'
    )
    return str(path)


def test_a_signed_filing_end_to_end(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_platform(database_url, tmp_path) as platform, platform.client() as client:
        check = check_page(client)
        assert "Signera och skicka in" in check.text
        assert "Ansök om ekonomiskt bistånd" in check.text
        assert "SHA-256" in check.text
        shown_hash = check.text.split('<code class="checksum">')[1].split("<")[0]

        signing = send(client, check, {})
        params = signing.history[0].headers["location"] if signing.history else ""
        assert "prompt=login" in params
        assert "Du skriver under:" in signing.text
        assert shown_hash in signing.text
        receipt = log_in(client, signing)
        assert receipt.status_code == 200, receipt.text[:2000]
        assert "kvitto=1" in str(receipt.url), receipt.text[:2000]
        assert "Ditt ärende är inskickat" in receipt.text
        assert "Underskrift med e-legitimation" in receipt.text
        assert shown_hash in receipt.text
        reference = REFERENCE.search(receipt.text)
        assert reference
        copy = client.get(receipt.url.path + "/kopia.pdf")
        assert copy.status_code == 200
        assert copy.headers["content-type"] == "application/pdf"

        case = run(the_case(database_url, reference.group(0)))
        keyring = keyring_from_settings(platform.settings)
        signature = case.signature
        assert signature["method"] == "oidc-sweden-sign"
        assert signature["signedData"] == shown_hash
        assert signature["loa"] == LOA3
        assert signature["personId"] == case.owner_person_id
        assert signature["signedAt"].endswith("Z")
        # The provider's userSignature can name the signer: a sealed case keeps it sealed, with
        # the submitter, and the envelope carries it to the receiver.
        assert "value" not in signature and case.sealed is not None
        envelope = build_envelope(case, open_case(case, keyring))
        validate_envelope(envelope)
        assert envelope["signature"] == {**signature, "value": envelope["signature"]["value"]}
        assert "_signatureValue" not in envelope["submitter"]
        # The test provider's userSignature: its JWS over the sign_data, by its published key.
        keys = KeySet.import_key_set(client.get("/test-idp/jwks").json())
        token = jwt.decode(base64.b64decode(envelope["signature"]["value"]).decode(), keys)
        assert base64.b64decode(token.claims["sign_data"]).hex() == shown_hash

        config = cli_config(platform, tmp_path)
        capsys.readouterr()
        assert main(["--config", config, "cases", "verify", reference.group(0)]) == 0
        assert f"{reference.group(0)}: OK" in capsys.readouterr().out


def test_verify_fails_when_the_stored_answers_were_changed(
    platform: RunningPlatform, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with platform.client() as client:
        receipt = log_in(client, start_signing(client))
    reference = REFERENCE.search(receipt.text).group(0)  # type: ignore[union-attr]
    config = cli_config(platform, tmp_path)
    url = platform.settings.database_url
    keyring = keyring_from_settings(platform.settings)

    async def reseal_changed_answers() -> None:
        # Someone with the master keys rewrites an answer: the seal is fine, the hash is not.
        db = Database(url)
        try:
            async with db.session() as s:
                case = await s.scalar(select(Case).where(Case.reference == reference))
                contents = open_case(case, keyring)
                payload = {**contents.payload, "period": {"month": "denna"}}
                store_case(
                    case,
                    payload,
                    contents.submitter,
                    platform.app.state.catalog.get(JOURNEY.service).controls,
                    keyring,
                )
        finally:
            await db.dispose()

    run(reseal_changed_answers())
    capsys.readouterr()
    assert main(["--config", config, "cases", "verify", reference]) == 1
    out = capsys.readouterr().out
    assert f"{reference}: FAILED: the answers do not match the signature" in out

    async def flip_ciphertext() -> None:
        db = Database(url)
        try:
            async with db.session() as s:
                case = await s.scalar(select(Case).where(Case.reference == reference))
                case.sealed = case.sealed[:-4] + ("AAAA" if not case.sealed.endswith("AAAA") else "BBBB")
        finally:
            await db.dispose()

    run(flip_ciphertext())
    assert main(["--config", config, "cases", "verify", reference]) == 1
    assert "FAILED: the stored answers cannot be opened" in capsys.readouterr().out

    async def verifications() -> list[AuditEvent]:
        db = Database(url)
        try:
            async with db.session() as s:
                return list(await s.scalars(select(AuditEvent).where(AuditEvent.action == "case.verified")))
        finally:
            await db.dispose()

    assert len(run(verifications())) == 2  # every verification is an audited read


def test_a_plain_post_to_the_check_page_does_not_file(platform: RunningPlatform) -> None:
    with platform.client() as client:
        check = check_page(client)
        fields = {"csrf_token": check.text.split('name="csrf_token" value="')[1].split('"')[0]}
        response = client.post(str(check.url), data=fields, follow_redirects=False)
        assert response.status_code in (302, 303)
        assert "/test-idp/authorize" in response.headers["location"]
        assert "prompt=login" in response.headers["location"]
        # Going back to the platform without completing the signing files nothing either.
        assert client.get("/signering/klar").status_code == 401  # no code, no state: LoginFailed
        assert client.get("/signering/klar").status_code == 403  # and now no signing in progress
    assert run(cases_filed(platform.settings.database_url)) == 0


def test_another_person_signing_is_refused(platform: RunningPlatform) -> None:
    with platform.client() as client:
        refused = log_in(client, start_signing(client), person="erik")  # logged in as anna
        assert refused.status_code == 403
        assert "Underskriften gick inte att slutföra" in refused.text
    assert run(cases_filed(platform.settings.database_url)) == 0


def test_a_signature_below_the_services_level_is_refused(platform: RunningPlatform) -> None:
    with platform.client() as client:
        signing = start_signing(client)
        assert f'value="{LOA3}" selected' in signing.text
        refused = log_in(client, signing, level=LOA2)
        assert refused.status_code == 401
    assert run(cases_filed(platform.settings.database_url)) == 0


def test_answers_changed_after_the_signing_started_are_refused(platform: RunningPlatform) -> None:
    with platform.client() as client:
        signing = start_signing(client)
        page = client.get(f"/e-tjanst/{JOURNEY.service}/sida/period")
        send(client, page, {"month": "denna"})
        refused = log_in(client, signing)
        assert refused.status_code == 403
    assert run(cases_filed(platform.settings.database_url)) == 0


def test_the_sign_request_the_provider_receives(platform: RunningPlatform) -> None:
    with platform.client() as client:
        check = check_page(client)
        response = client.post(
            str(check.url),
            data={"csrf_token": check.text.split('name="csrf_token" value="')[1].split('"')[0]},
            follow_redirects=False,
        )
    query = httpx.URL(response.headers["location"]).params
    assert SIGN_SCOPE in query["scope"].split()
    sign = SignRequest.decode(query[SIGN_REQUEST_PARAM])
    assert sign is not None
    assert sign.tbs_text.startswith("Jag skriver under e-tjänsten ”Ansök om ekonomiskt bistånd”")
    assert len(sign.sign_data) == 32  # a SHA-256
    assert (
        json.loads(base64.b64decode(query[SIGN_REQUEST_PARAM]))["sign_data"]
        == base64.b64encode(sign.sign_data).decode()
    )
