"""Client authentication keys and OidcClient's configuration errors."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from starlette.requests import Request

from blankett.auth import OidcClient, client_jwks
from blankett.auth.clientauth import load_client_key
from blankett.errors import ConfigurationError
from blankett.settings import Settings, load_settings
from tests.auth.conftest import write_ec_key


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        environ={},
        values={
            "var_dir": str(tmp_path),
            "secret_key": "k" * 48,
            "oidc_discovery_url": "http://127.0.0.1:9/x",
        },
    )


def test_an_rsa_key_signs_rs256_with_a_thumbprint_kid(tmp_path: Path) -> None:
    path = tmp_path / "rsa.pem"
    path.write_bytes(_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)))
    key = load_client_key(path)
    assert key.alg == "RS256"
    assert key.kid == key.thumbprint()
    (public,) = client_jwks(path)["keys"]
    assert public["kty"] == "RSA"
    assert public["kid"] == key.kid
    assert public["use"] == "sig"
    assert "d" not in public
    assert "p" not in public


def test_an_ec_key_signs_es256(tmp_path: Path) -> None:
    key = load_client_key(write_ec_key(tmp_path / "ec.pem"))
    assert key.alg == "ES256"
    (public,) = client_jwks(tmp_path / "ec.pem")["keys"]
    assert public["crv"] == "P-256"
    assert "d" not in public


@pytest.mark.parametrize("content", [None, b"not a key", "p384"])
def test_unusable_keys_are_configuration_errors(tmp_path: Path, content: bytes | str | None) -> None:
    path = tmp_path / "key.pem"
    if content == "p384":
        path.write_bytes(_pem(ec.generate_private_key(ec.SECP384R1())))
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(ConfigurationError, match="key"):
        load_client_key(path)


def test_client_authentication_is_validated_at_construction(settings: Settings) -> None:
    with pytest.raises(ConfigurationError, match="choose one of client_secret_basic, private_key_jwt"):
        OidcClient(settings, client_auth_method="client_secret_jwt")
    with pytest.raises(ConfigurationError, match="oidc_client_key_path"):
        OidcClient(settings, client_auth_method="private_key_jwt")
    with pytest.raises(ConfigurationError, match="Unknown claim profile"):
        OidcClient(settings, claim_profile="nope")
    with pytest.raises(ConfigurationError, match="needs the scope openid"):
        OidcClient(settings, scopes=["profile"])


def test_an_unknown_prompt_is_a_programming_error(settings: Settings) -> None:
    request = Request({"type": "http", "session": {}})
    login = OidcClient(settings).start_login(request, redirect_uri="http://127.0.0.1/cb", prompt="again")
    with pytest.raises(ValueError, match="prompt must be one of login"):
        asyncio.run(login)
