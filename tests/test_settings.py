from __future__ import annotations

from pathlib import Path

import pytest

from blankett.errors import ConfigurationError
from blankett.settings import SETTINGS, load_settings
from tests.conftest import ROOT


def test_every_setting_is_documented() -> None:
    readme = (ROOT / "config" / "README.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme, setting.name
        assert f"`BLANKETT_{setting.name.upper()}`" in readme, setting.name


def test_environment_overrides_file(tmp_path: Path) -> None:
    config = tmp_path / "b.toml"
    config.write_text('port = 9000\nbase_url = "http://x.test"\n')
    settings = load_settings(config, environ={"BLANKETT_PORT": "9100", "BLANKETT_VAR_DIR": str(tmp_path)})
    assert settings.port == 9100
    assert settings.base_url == "http://x.test"


def test_secret_key_is_generated_once(tmp_path: Path) -> None:
    first = load_settings(environ={"BLANKETT_VAR_DIR": str(tmp_path)})
    second = load_settings(environ={"BLANKETT_VAR_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key
    assert first.secret_key_generated
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secrets_stay_out_of_repr(tmp_path: Path) -> None:
    settings = load_settings(environ={"BLANKETT_VAR_DIR": str(tmp_path), "BLANKETT_SECRET_KEY": "s" * 40})
    assert "s" * 40 not in repr(settings)


@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        ({}, "test identity provider"),
        ({"BLANKETT_TEST_IDP_ENABLED": "false"}, "oidc_discovery_url"),
        ({"BLANKETT_TEST_IDP_ENABLED": "false", "BLANKETT_OIDC_DISCOVERY_URL": "https://idp.example/.well-known/openid-configuration"}, "secret key"),
    ],
)
def test_production_refuses_unsafe_defaults(tmp_path: Path, environ: dict[str, str], reason: str) -> None:
    env = {"BLANKETT_ENVIRONMENT": "production", "BLANKETT_VAR_DIR": str(tmp_path), **environ}
    with pytest.raises(ConfigurationError, match=reason):
        load_settings(environ=env)


def test_production_starts_when_configured(tmp_path: Path) -> None:
    settings = load_settings(environ={
        "BLANKETT_ENVIRONMENT": "production", "BLANKETT_VAR_DIR": str(tmp_path), "BLANKETT_TEST_IDP_ENABLED": "0",
        "BLANKETT_OIDC_DISCOVERY_URL": "https://idp.example/.well-known/openid-configuration",
        "BLANKETT_SECRET_KEY": "k" * 48,
    })
    assert settings.production


def test_connector_secrets_come_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "b.toml"
    config.write_text('[connectors.x]\ntype = "webhook"\nsecret = "env:HOOK_SECRET"\n')
    settings = load_settings(config, environ={"BLANKETT_VAR_DIR": str(tmp_path), "HOOK_SECRET": "whsec_abc"})
    assert settings.connectors["x"]["secret"] == "whsec_abc"
    with pytest.raises(ConfigurationError, match="HOOK_SECRET"):
        load_settings(config, environ={"BLANKETT_VAR_DIR": str(tmp_path)})


def test_bad_values_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="BLANKETT_PORT must be a whole number"):
        load_settings(environ={"BLANKETT_VAR_DIR": str(tmp_path), "BLANKETT_PORT": "eighty"})
