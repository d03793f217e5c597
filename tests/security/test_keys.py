"""Master keys from the environment, a key file or (development only) var_dir; sealing with them."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pytest

from blankett.errors import ConfigurationError, ProtectedDataError
from blankett.security import Keyring, keyring_from_settings, new_key_entry, rewrap, seal, unseal
from blankett.security.keyring import parse_keys
from blankett.settings import load_settings


def key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def settings_with(tmp_path: Path, **environ: str):  # type: ignore[no-untyped-def]
    return load_settings(environ={"BLANKETT_VAR_DIR": str(tmp_path), **environ})


def test_seal_and_unseal_with_the_row_bound_in() -> None:
    keyring = Keyring.generate()
    sealed = seal(keyring, {"payload": {"description": "Trasig lykta"}}, "case:BLK-2026-000001")
    assert "Trasig" not in sealed.sealed
    assert sealed.key_id == "k1"
    assert unseal(keyring, sealed, "case:BLK-2026-000001") == {"payload": {"description": "Trasig lykta"}}
    with pytest.raises(ProtectedDataError, match="case:BLK-2026-000002"):
        unseal(keyring, sealed, "case:BLK-2026-000002")  # copied onto another row: does not open


def test_each_seal_has_its_own_data_key() -> None:
    keyring = Keyring.generate()
    first, second = (seal(keyring, {"a": 1}, "draft:x") for _ in range(2))
    assert first.wrapped_key != second.wrapped_key
    assert first.sealed != second.sealed


def test_rewrap_moves_the_data_key_to_the_active_master_key() -> None:
    old = Keyring.generate("k1")
    sealed = seal(old, {"a": 1}, "case:R")
    both = Keyring({**old.keys, "k2": secrets.token_bytes(32)}, "k2")
    key_id, wrapped = rewrap(both, sealed.key_id, sealed.wrapped_key, "case:R")
    assert key_id == "k2"
    only_new = Keyring({"k2": both.keys["k2"]}, "k2")
    assert unseal(only_new, type(sealed)(key_id, wrapped, sealed.sealed), "case:R") == {"a": 1}
    with pytest.raises(ProtectedDataError, match="master key 'k1', which is not configured"):
        unseal(only_new, sealed, "case:R")


def test_keys_from_the_environment(tmp_path: Path) -> None:
    keyring = keyring_from_settings(
        settings_with(
            tmp_path,
            BLANKETT_MASTER_KEYS=f"k1:{key()}, k2:{key()}",
            BLANKETT_ACTIVE_MASTER_KEY="k2",
        )
    )
    assert sorted(keyring.keys) == ["k1", "k2"]
    assert keyring.active == "k2"
    assert "k1" in repr(keyring)
    assert base64.urlsafe_b64encode(keyring.keys["k1"]).decode()[:20] not in repr(keyring)
    assert not (tmp_path / "master_keys").exists()


def test_keys_from_a_key_file(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(f"# rotated 2026-11\n{new_key_entry('2026a')}\n{new_key_entry('2026b')}\n")
    keyring = keyring_from_settings(
        settings_with(
            tmp_path,
            BLANKETT_MASTER_KEY_FILE=str(path),
            BLANKETT_ACTIVE_MASTER_KEY="2026b",
        )
    )
    assert keyring.active == "2026b"
    assert len(keyring.keys) == 2


def test_development_generates_keys_once(tmp_path: Path) -> None:
    first = keyring_from_settings(settings_with(tmp_path))
    second = keyring_from_settings(settings_with(tmp_path))
    assert first.keys == second.keys
    assert first.active == "k1"
    assert (tmp_path / "master_keys").stat().st_mode & 0o077 == 0


def test_production_refuses_generated_keys(tmp_path: Path) -> None:
    environ = {
        "BLANKETT_VAR_DIR": str(tmp_path),
        "BLANKETT_ENVIRONMENT": "production",
        "BLANKETT_TEST_IDP_ENABLED": "0",
        "BLANKETT_OIDC_DISCOVERY_URL": "https://idp.example/.well-known/openid-configuration",
        "BLANKETT_SECRET_KEY": "s" * 48,
    }
    from blankett.app import create_app

    with pytest.raises(ConfigurationError, match="production needs master keys"):
        create_app(load_settings(environ=environ))  # the platform refuses to start
    assert not (tmp_path / "master_keys").exists()
    settings = load_settings(environ={**environ, "BLANKETT_MASTER_KEYS": f"k1:{key()}"})
    assert keyring_from_settings(settings).active == "k1"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"BLANKETT_MASTER_KEYS": "k1"}, "write each master key as id:<base64 of 32 bytes>"),
        ({"BLANKETT_MASTER_KEYS": "k1:" + base64.b64encode(b"short").decode()}, "must be 32 bytes, not 5"),
        ({"BLANKETT_MASTER_KEYS": f"k1:{key()},k1:{key()}"}, "appears twice"),
        ({"BLANKETT_MASTER_KEYS": f"k1:{key()},k2:{key()}"}, "set active_master_key"),
        (
            {"BLANKETT_MASTER_KEYS": f"k1:{key()}", "BLANKETT_ACTIVE_MASTER_KEY": "k9"},
            "'k9' is not among the master keys",
        ),
        ({"BLANKETT_MASTER_KEYS": f"k1:{key()}", "BLANKETT_MASTER_KEY_FILE": "/x"}, "not both"),
        ({"BLANKETT_MASTER_KEY_FILE": "/nonexistent/keys"}, "Cannot read the master key file"),
    ],
)
def test_bad_keys_say_what_is_wrong(tmp_path: Path, environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        keyring_from_settings(settings_with(tmp_path, **environ))
    assert message in str(refused.value)


def test_keys_new_prints_an_entry_to_paste(cli) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("keys", "new", "2027a")
    assert code == 0
    keys = parse_keys(out, "output")
    assert len(keys["2027a"]) == 32
