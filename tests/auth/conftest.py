"""The independent OpenID provider (Node ``oidc-provider``) with a relying party in front of it.

Started once per test session: Node's start-up is the expensive part. Each test gets a
fresh browser (cookie jar), so provider sessions never leak from one test to another, and
the tamper switch is reset after every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from blankett.auth import OidcClient, all_loa_uris, client_jwks
from blankett.auth.claims import PERSONAL_NUMBER_CLAIM, SCOPE_NATURAL_PERSON_ORG_ID, SWEDISH
from blankett.settings import Settings, load_settings
from tests.auth.relying_party import relying_party
from tests.support.oidc_provider import NodeProvider, running_provider
from tests.support.server import free_port, serve_in_thread

SECRET = "basic-client-secret-" + "s" * 32
BROKER_SECRET = "broker-client-secret-" + "b" * 32


@dataclass(frozen=True)
class Independent:
    provider: NodeProvider
    settings: Settings  # the relying party's: base_url is where it listens


def write_ec_key(path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return path


def _client(client_id: str, rp: str, names: list[str], **auth: object) -> dict[str, object]:
    return {
        "client_id": client_id,
        "redirect_uris": [f"{rp}/{name}/callback" for name in names],
        "post_logout_redirect_uris": [f"{rp}/bye"],
        "require_auth_time": True,
        **auth,
    }


@pytest.fixture(scope="session")
def independent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Independent]:
    work = tmp_path_factory.mktemp("oidc-provider")
    port = free_port()
    rp = f"http://127.0.0.1:{port}"
    key, other_key = write_ec_key(work / "client.pem"), write_ec_key(work / "other.pem")
    clients = [
        _client(
            "blankett", rp, ["basic"], client_secret=SECRET, token_endpoint_auth_method="client_secret_basic"
        ),
        _client(
            "blankett-jwt",
            rp,
            ["jwt", "impostor"],
            jwks=client_jwks(key),
            token_endpoint_auth_method="private_key_jwt",
        ),
        _client(
            "broker-client",
            rp,
            ["broker", "mapped"],
            client_secret=BROKER_SECRET,
            token_endpoint_auth_method="client_secret_basic",
        ),
    ]
    renames = {"broker-client": {PERSONAL_NUMBER_CLAIM: "ssn"}}
    with running_provider(work, clients, all_loa_uris(), renames) as provider:
        settings = load_settings(
            environ={},
            values={
                "base_url": rp,
                "port": port,
                "var_dir": str(work / "var"),
                "secret_key": "rp-secret-key-" + "x" * 40,
                "oidc_discovery_url": provider.discovery_url,
                "oidc_client_id": "blankett",
                "oidc_client_secret": SECRET,
            },
        )
        jwt = {"client_id": "blankett-jwt", "client_auth_method": "private_key_jwt"}
        oidc = {
            "basic": OidcClient(settings, name="basic"),
            "jwt": OidcClient(
                settings,
                name="jwt",
                client_key_path=str(key),
                scopes=(*SWEDISH.scopes, SCOPE_NATURAL_PERSON_ORG_ID),
                **jwt,
            ),
            "impostor": OidcClient(settings, name="impostor", client_key_path=str(other_key), **jwt),
            "broker": OidcClient(
                settings,
                name="broker",
                client_id="broker-client",
                client_secret=BROKER_SECRET,
                claim_profile="ssn",
            ),
            # The same broker, its renaming configured claim by claim on the Swedish profile.
            "mapped": OidcClient(
                settings,
                name="mapped",
                client_id="broker-client",
                client_secret=BROKER_SECRET,
                claims={"personal_number": "ssn"},
                scopes=("openid", "profile"),
            ),
        }
        with serve_in_thread(relying_party(settings, oidc), port):
            yield Independent(provider, settings)


@pytest.fixture
def op(independent: Independent) -> Iterator[NodeProvider]:
    """The provider; whatever a test asked it to tamper with is undone afterwards."""
    yield independent.provider
    independent.provider.tamper(None)


@pytest.fixture
def rp(independent: Independent) -> Iterator[httpx.Client]:
    """A fresh browser pointed at the relying party."""
    with httpx.Client(base_url=independent.settings.base_url, follow_redirects=True, timeout=20) as client:
        yield client
