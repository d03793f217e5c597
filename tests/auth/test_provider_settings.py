"""OpenID providers in the settings: ``[oidc_providers.<name>]`` tables, the flat ``oidc_*``
settings as the provider ``default``, and the refusals, each naming the table and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from blankett.app import create_app
from blankett.auth import provider_configs
from blankett.auth.provider_config import CITIZEN, STAFF
from blankett.errors import ConfigurationError
from blankett.settings import Settings, load_settings
from tests.auth.conftest import write_ec_key

KEY = "k" * 48
BROKER = "https://broker.example.se/.well-known/openid-configuration"
STAFF_DIRECTORY = "https://login.kommun.se/.well-known/openid-configuration"
CONFIG = f"""
[oidc_providers.e-legitimation]
label_sv = "BankID eller Freja+"
label_en = "BankID or Freja+"
discovery_url = "{BROKER}"
client_id = "blankett"
client_secret = "env:BROKER_SECRET"
claim_profile = "ssn"
claims = {{ given_name = "fornamn" }}
scopes = "openid profile"

[oidc_providers.personal]
purpose = "staff"
label_sv = "Medarbetare"
label_en = "Staff"
discovery_url = "{STAFF_DIRECTORY}"
client_id = "blankett-staff"
client_secret = "env:STAFF_SECRET"
roles_claim = "groups"
role_map = {{ "CN=Bygglov-handlaggare" = ["handler:bygglov"], "CN=Admins" = "admin" }}
"""
CITIZEN_TABLE = {
    "discovery_url": BROKER, "client_id": "c", "client_secret": "s", "label_sv": "E", "label_en": "E",
}
STAFF_ONLY = {**CITIZEN_TABLE, "purpose": "staff", "roles_claim": "groups"}
X = r"\[oidc_providers.x\]"


def settings_with(tmp_path: Path, tables: dict[str, Any], **values: Any) -> Settings:
    return load_settings(
        environ={}, values={"var_dir": str(tmp_path), "secret_key": KEY, **values}, oidc_providers=tables
    )


def test_tables_from_the_settings_file_with_secrets_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "blankett.toml"
    config.write_text(CONFIG)
    environ = {"BLANKETT_VAR_DIR": str(tmp_path), "BROKER_SECRET": "broker-secret", "STAFF_SECRET": "staff"}
    citizen, staff = provider_configs(load_settings(config, environ=environ))
    assert (citizen.name, citizen.purposes) == ("e-legitimation", {CITIZEN})
    assert citizen.label == ("BankID eller Freja+", "BankID or Freja+")
    assert (citizen.client_secret, citizen.claim_profile) == ("broker-secret", "ssn")
    assert citizen.scopes == ("openid", "profile")
    assert (citizen.roles_claim, dict(citizen.role_map)) == ("", {})
    assert citizen.callback_path == "/inloggning/klar/e-legitimation"
    assert citizen.signing_path == "/signering/klar/e-legitimation"
    assert "broker-secret" not in repr(citizen)
    assert dict(citizen.claims) == {"given_name": "fornamn"}
    assert (staff.purposes, staff.roles_claim) == ({STAFF}, "groups")
    assert dict(staff.role_map) == {"CN=Bygglov-handlaggare": ("handler:bygglov",), "CN=Admins": ("admin",)}
    del environ["STAFF_SECRET"]
    with pytest.raises(ConfigurationError, match=r"oidc_providers.personal.client_secret .* STAFF_SECRET"):
        load_settings(config, environ=environ)


def test_the_flat_settings_are_one_provider_called_default(tmp_path: Path) -> None:
    (test,) = provider_configs(settings_with(tmp_path, {}))
    # The built-in test provider, as before: citizens and staff (its staff persons), at the old paths.
    assert (test.name, test.builtin, test.roles_claim) == ("default", True, "roles")
    assert test.purposes == {CITIZEN, STAFF}
    assert (test.callback_path, test.signing_path) == ("/inloggning/klar", "/signering/klar")
    (real,) = provider_configs(settings_with(tmp_path, {}, oidc_discovery_url=BROKER))
    assert (real.builtin, real.purposes, real.roles_claim) == (False, {CITIZEN}, "")
    (directory,) = provider_configs(
        settings_with(tmp_path, {}, oidc_discovery_url=BROKER, oidc_roles_claim="groups")
    )
    assert (directory.purposes, directory.roles_claim) == ({CITIZEN, STAFF}, "groups")


def test_the_built_in_provider_as_a_table(tmp_path: Path) -> None:
    tables = {
        "test": {"discovery_url": "", "label_sv": "Test", "label_en": "Test"},
        "test-staff": {"discovery_url": "", "purpose": "staff", "label_sv": "Personal", "label_en": "Staff"},
    }
    citizen, staff = provider_configs(settings_with(tmp_path, tables))
    assert (citizen.builtin, citizen.client_id, citizen.roles_claim) == (True, "blankett", "")
    assert staff.roles_claim == "roles"  # what the test provider sends its staff persons' roles in


def test_the_app_has_one_client_per_provider(tmp_path: Path) -> None:
    tables = {
        "test": {"discovery_url": "", "label_sv": "Test", "label_en": "Test"},
        "jwt": {
            **CITIZEN_TABLE,
            "client_auth_method": "private_key_jwt",
            "client_key_path": str(write_ec_key(tmp_path / "k.pem")),
        },
    }
    app = create_app(settings_with(tmp_path, tables, database_url=f"sqlite:///{tmp_path / 'b.db'}"))
    providers = app.state.providers
    assert [p.name for p in providers.citizen()] == ["test", "jwt"]
    assert providers.staff() == []
    assert providers.find("jwt").client.metadata_url == BROKER
    assert providers.find("test").client.metadata_url.endswith("/test-idp/.well-known/openid-configuration")
    assert providers.of_person({"id": "p", "provider": "jwt"}).name == "jwt"
    # No "default" is configured: the first citizen provider.
    assert providers.of_person({"id": "p"}).name == "test"
    missing = str(tmp_path / "missing.pem")
    bad_key = {"jwt": {**tables["jwt"], "client_key_path": missing}, "test": tables["test"]}
    with pytest.raises(ConfigurationError, match="OpenID provider 'jwt': Cannot read the OpenID client key"):
        create_app(settings_with(tmp_path, bad_key, database_url=f"sqlite:///{tmp_path / 'b.db'}"))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"colour": "blue"}, X + r": unknown key\(s\) colour"),
        ({"discovery_url": None}, X + r" discovery_url is missing"),
        ({"discovery_url": "broker.example"}, X + r" discovery_url must be an http\(s\) address"),
        ({"client_id": None}, X + r" client_id is missing"),
        ({"client_secret": None}, X + r" client_secret is missing: client_secret_basic"),
        ({"purpose": "both"}, r'\[oidc_providers.x\] purpose must be "citizen" or "staff", not \'both\''),
        ({"label_en": None}, X + r" label_en is missing"),
        ({"label_sv": ""}, X + r" label_sv and label_en .* may not be empty"),
        ({"roles_claim": "roles"}, X + r" roles_claim and role_map are only for a staff"),
        ({"role_map": {"G": ["admin"]}}, X + r" roles_claim and role_map are only for a staff"),
        ({"client_auth_method": "client_secret_jwt"}, X + r" client_auth_method must be one of"),
        ({"client_auth_method": "private_key_jwt"}, X + r" client_key_path is missing"),
        ({"claim_profile": "nope"}, X + r" claim_profile must be one of ssn, swedish"),
        ({"scopes": ["profile"]}, X + r" scopes must contain openid"),
        ({"scopes": 7}, X + r" scopes must be a list of strings"),
        ({"claims": {"shoe_size": "shoe"}}, X + r" claims: no identity field shoe_size; the fields are"),
        ({"claims": {"personal_number": ""}}, X + r" claims must be a table of claim names"),
        ({"claims": "ssn"}, X + r" claims must be a table of claim names"),
        ({"client_id": 7}, X + r" client_id must be a string"),
    ],
)
def test_a_wrong_table_is_refused_naming_the_table_and_key(
    tmp_path: Path, change: dict[str, Any], reason: str
) -> None:
    table = {k: v for k, v in {**CITIZEN_TABLE, **change}.items() if v is not None}
    with pytest.raises(ConfigurationError, match=reason):
        settings_with(tmp_path, {"x": table})


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"roles_claim": None}, r"\[oidc_providers.s\] roles_claim is missing"),
        ({"role_map": {"CN=X": ["superuser"]}}, r"\[oidc_providers.s\] role_map.'CN=X' must list Blankett"),
        ({"role_map": {"CN=X": []}}, r"\[oidc_providers.s\] role_map.'CN=X' must list Blankett roles"),
        ({"role_map": ["handler:*"]}, r"\[oidc_providers.s\] role_map must be a table"),
    ],
)
def test_a_wrong_staff_table_is_refused(tmp_path: Path, change: dict[str, Any], reason: str) -> None:
    staff = {**STAFF_ONLY, **change}
    with pytest.raises(ConfigurationError, match=reason):
        settings_with(tmp_path, {"c": CITIZEN_TABLE, "s": {k: v for k, v in staff.items() if v is not None}})


@pytest.mark.parametrize(
    ("tables", "values", "reason"),
    [
        ({"Bank ID": CITIZEN_TABLE}, {}, r"\[oidc_providers.Bank ID\]: a provider name is lower-case"),
        ({"x": "not a table"}, {}, X + r" must be a table"),
        ({"s": STAFF_ONLY}, {}, 'no table has purpose = "citizen"'),
        ({"x": CITIZEN_TABLE}, {"oidc_discovery_url": BROKER}, "Set oidc_discovery_url or .* not both"),
        ({"t": {"discovery_url": "", "label_sv": "T", "label_en": "T"}}, {"test_idp_enabled": False},
         r"\[oidc_providers.t\] discovery_url is empty, .* but test_idp_enabled is false"),
        ({"t": {"discovery_url": "", "client_id": "other", "label_sv": "T", "label_en": "T"}}, {},
         r"\[oidc_providers.t\] client_id: the built-in test provider knows only its own client"),
        ({"t": {"discovery_url": "", "client_secret": "s", "label_sv": "T", "label_en": "T"}}, {},
         r"\[oidc_providers.t\] client_secret: the built-in test provider's secret comes from"),
        ({}, {"oidc_discovery_url": BROKER, "oidc_client_auth_method": "private_key_jwt"},
         "oidc_client_key_path is missing: private_key_jwt needs a PEM private key"),
        ({}, {"oidc_claim_profile": "nope"}, "oidc_claim_profile must be one of ssn, swedish"),
        ({}, {"staff_session_idle_minutes": 0}, "staff_session_idle_minutes and staff_session_absolute"),
    ],
)
def test_wrong_provider_settings_are_refused(
    tmp_path: Path, tables: dict[str, Any], values: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ConfigurationError, match=reason):
        settings_with(tmp_path, tables, **values)


def test_production_refuses_the_built_in_provider_as_a_table(tmp_path: Path) -> None:
    production = {"environment": "production", "test_idp_enabled": False}
    builtin = {"discovery_url": "", "label_sv": "T", "label_en": "T"}
    with pytest.raises(ConfigurationError, match=r"Refusing to start: production needs a real provider"):
        settings_with(tmp_path, {"x": CITIZEN_TABLE, "t": builtin}, **production)
    assert settings_with(tmp_path, {"x": CITIZEN_TABLE}, **production).production
