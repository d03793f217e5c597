"""The OpenID providers as configured, checked when the settings load.

Either one TOML table ``[oidc_providers.<name>]`` per provider, or (when there is none) the flat
``oidc_*`` settings as one provider called ``default``; with no ``oidc_discovery_url`` either,
that is the built-in test provider. A table whose ``discovery_url`` is empty is the built-in
test provider too. Each refusal names the table and the key.

A provider serves citizens or staff (``purpose``). Only a staff provider is trusted with roles:
a citizen provider may not even name a roles claim. The provider called ``default`` answers at
``/inloggning/klar`` and ``/signering/klar``, the addresses registered at providers before there
could be several; every other one at ``/inloggning/klar/<name>`` and ``/signering/klar/<name>``,
so a callback can only finish a login at the provider it was started at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import ConfigurationError
from ..settings import Settings
from .claims import CLAIM_PROFILES
from .clientauth import CLIENT_AUTH_METHODS, CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT
from .roles import is_role

CITIZEN = "citizen"
STAFF = "staff"
PURPOSES = (CITIZEN, STAFF)
DEFAULT = "default"
LOGIN_CALLBACK = "/inloggning/klar"
SIGNING_CALLBACK = "/signering/klar"
TEST_ROLES_CLAIM = "roles"  # the built-in test provider plays the staff directory with this claim
TEST_LABEL = ("Testinloggning", "Test login")
EID_LABEL = ("E-legitimation", "e-ID")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_KEYS = (
    "discovery_url", "client_id", "client_secret", "client_auth_method", "client_key_path", "claim_profile",
    "claims", "scopes", "roles_claim", "role_map", "purpose", "label_sv", "label_en",
)


@dataclass(frozen=True)
class ProviderConfig:
    """One provider: what it serves, what it is called on the choice page, how to talk to it."""

    name: str
    purposes: frozenset[str]
    label: tuple[str, str]  # (sv, en)
    discovery_url: str  # empty: the built-in test provider
    client_id: str
    client_secret: str = field(default="", repr=False)
    client_auth_method: str = CLIENT_SECRET_BASIC
    client_key_path: str = ""
    claim_profile: str = "swedish"
    # Renames on top of the profile: identity field -> the provider's claim name.
    claims: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    scopes: tuple[str, ...] = ()  # empty: the claim profile's
    roles_claim: str = ""
    role_map: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def builtin(self) -> bool:
        return not self.discovery_url

    @property
    def citizen(self) -> bool:
        return CITIZEN in self.purposes

    @property
    def staff(self) -> bool:
        return STAFF in self.purposes

    @property
    def callback_path(self) -> str:
        return LOGIN_CALLBACK if self.name == DEFAULT else f"{LOGIN_CALLBACK}/{self.name}"

    @property
    def signing_path(self) -> str:
        return SIGNING_CALLBACK if self.name == DEFAULT else f"{SIGNING_CALLBACK}/{self.name}"


def provider_configs(settings: Settings) -> tuple[ProviderConfig, ...]:
    """Every configured provider, in the order of the settings file; raises ConfigurationError."""
    if not settings.oidc_providers:
        return (_check(_flat(settings), lambda key: f"oidc_{key}"),)
    if settings.oidc_discovery_url:
        raise ConfigurationError(
            "Set oidc_discovery_url or [oidc_providers.<name>] tables, not both: "
            "move the provider into a table."
        )
    configs = tuple(_table(settings, name, table) for name, table in settings.oidc_providers.items())
    if not any(config.citizen for config in configs):
        raise ConfigurationError(
            '[oidc_providers]: no table has purpose = "citizen", so citizens could not log in.'
        )
    return configs


def _flat(settings: Settings) -> ProviderConfig:
    """The flat ``oidc_*`` settings as one provider, as the platform had before tables."""
    builtin = not settings.oidc_discovery_url
    roles_claim = settings.oidc_roles_claim or (TEST_ROLES_CLAIM if builtin else "")
    return ProviderConfig(
        name=DEFAULT,
        # Naming a roles claim made the one provider the staff directory too; it still does.
        purposes=frozenset((CITIZEN, STAFF) if roles_claim else (CITIZEN,)),
        label=TEST_LABEL if builtin else EID_LABEL,
        discovery_url=settings.oidc_discovery_url,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        client_auth_method=settings.oidc_client_auth_method,
        client_key_path=settings.oidc_client_key_path,
        claim_profile=settings.oidc_claim_profile,
        scopes=tuple(settings.oidc_scopes.split()),
        roles_claim=roles_claim,
    )


def _table(settings: Settings, name: str, table: Any) -> ProviderConfig:
    where = f"[oidc_providers.{name}]"
    if not _NAME.fullmatch(name):
        raise ConfigurationError(
            f"{where}: a provider name is lower-case letters, digits and hyphens "
            "(it is part of the callback path)."
        )
    if not isinstance(table, Mapping):
        raise ConfigurationError(f"{where} must be a table.")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigurationError(
            f"{where}: unknown key(s) {', '.join(unknown)}; the keys are {', '.join(_KEYS)}."
        )

    def text(key: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if value is None:
            raise ConfigurationError(f"{where} {key} is missing.")
        if not isinstance(value, str):
            raise ConfigurationError(f"{where} {key} must be a string.")
        return value

    purpose = text("purpose", CITIZEN)
    if purpose not in PURPOSES:
        raise ConfigurationError(f'{where} purpose must be "citizen" or "staff", not {purpose!r}.')
    discovery_url = text("discovery_url")
    _check_discovery(settings, where, discovery_url)
    builtin = not discovery_url
    client_id = text("client_id", settings.oidc_client_id if builtin else None)
    if builtin and client_id != settings.oidc_client_id:
        raise ConfigurationError(
            f"{where} client_id: the built-in test provider knows only its own client, "
            f"oidc_client_id = {settings.oidc_client_id!r}."
        )
    if builtin and "client_secret" in table:
        raise ConfigurationError(
            f"{where} client_secret: the built-in test provider's secret comes from "
            "oidc_client_secret or secret_key."
        )
    label = (text("label_sv"), text("label_en"))
    if not all(label):
        raise ConfigurationError(
            f"{where} label_sv and label_en name the provider on the login page: they may not be empty."
        )
    roles_claim = text("roles_claim", TEST_ROLES_CLAIM if builtin and purpose == STAFF else "")
    role_map = _role_map(where, table.get("role_map", {}))
    if purpose == CITIZEN and (roles_claim or role_map):
        raise ConfigurationError(
            f'{where} roles_claim and role_map are only for a staff provider (purpose = "staff"): '
            "a citizen provider is never trusted with roles."
        )
    if purpose == STAFF and not roles_claim:
        raise ConfigurationError(
            f"{where} roles_claim is missing: name the claim the staff directory sends roles or groups in."
        )
    config = ProviderConfig(
        name=name,
        purposes=frozenset((purpose,)),
        label=label,
        discovery_url=discovery_url,
        client_id=client_id,
        client_secret=text("client_secret", ""),
        client_auth_method=text("client_auth_method", CLIENT_SECRET_BASIC),
        client_key_path=text("client_key_path", ""),
        claim_profile=text("claim_profile", "swedish"),
        claims=_claims(where, table.get("claims", {})),
        scopes=_scopes(where, table.get("scopes", "")),
        roles_claim=roles_claim,
        role_map=role_map,
    )
    if not builtin and config.client_auth_method == CLIENT_SECRET_BASIC and not config.client_secret:
        raise ConfigurationError(
            f'{where} client_secret is missing: client_secret_basic needs it (write "env:NAME").'
        )
    return _check(config, lambda key: f"{where} {key}")


def _check_discovery(settings: Settings, where: str, url: str) -> None:
    if not url:
        if settings.production:
            raise ConfigurationError(
                f"Refusing to start: {where} discovery_url is empty, which means the built-in test identity "
                "provider; production needs a real provider."
            )
        if not settings.test_idp_enabled:
            raise ConfigurationError(
                f"{where} discovery_url is empty, which means the built-in test identity provider, "
                "but test_idp_enabled is false."
            )
    elif not url.startswith(("https://", "http://")):
        raise ConfigurationError(
            f"{where} discovery_url must be an http(s) address of the provider's discovery document."
        )


def _check(config: ProviderConfig, key: Callable[[str], str]) -> ProviderConfig:
    """What the client needs to work, whichever way the provider was configured."""
    if config.client_auth_method not in CLIENT_AUTH_METHODS:
        raise ConfigurationError(
            f"{key('client_auth_method')} must be one of {', '.join(CLIENT_AUTH_METHODS)}, "
            f"not {config.client_auth_method!r}."
        )
    if config.client_auth_method == PRIVATE_KEY_JWT and not config.client_key_path:
        raise ConfigurationError(
            f"{key('client_key_path')} is missing: private_key_jwt needs a PEM private key."
        )
    if config.builtin and config.client_auth_method != CLIENT_SECRET_BASIC:
        raise ConfigurationError(
            f"{key('client_auth_method')}: the built-in test provider takes only client_secret_basic."
        )
    if config.claim_profile not in CLAIM_PROFILES:
        raise ConfigurationError(
            f"{key('claim_profile')} must be one of {', '.join(sorted(CLAIM_PROFILES))}, "
            f"not {config.claim_profile!r}."
        )
    fields = CLAIM_PROFILES[config.claim_profile].claims
    unknown = sorted(set(config.claims) - set(fields))
    if unknown:
        raise ConfigurationError(
            f"{key('claims')}: no identity field {', '.join(unknown)}; the fields are {', '.join(fields)}."
        )
    if config.scopes and "openid" not in config.scopes:
        raise ConfigurationError(f"{key('scopes')} must contain openid.")
    return config


def _scopes(where: str, value: Any) -> tuple[str, ...]:
    """A space-separated string or a list of strings."""
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return tuple(value)
    raise ConfigurationError(f"{where} scopes must be a list of strings or one space-separated string.")


def _claims(where: str, value: Any) -> Mapping[str, str]:
    """Identity field -> the provider's claim name; the fields are checked against the profile."""
    if not isinstance(value, Mapping) or not all(isinstance(v, str) and v for v in value.values()):
        raise ConfigurationError(
            f'{where} claims must be a table of claim names: claims = {{ personal_number = "ssn" }}.'
        )
    return MappingProxyType({str(k): v for k, v in value.items()})


def _role_map(where: str, value: Any) -> Mapping[str, tuple[str, ...]]:
    """Directory group -> Blankett roles; each role must be one Blankett knows."""
    if not isinstance(value, Mapping):
        raise ConfigurationError(
            f'{where} role_map must be a table: role_map = {{ "CN=Group" = ["handler:service-id"] }}.'
        )
    mapped: dict[str, tuple[str, ...]] = {}
    for group, roles in value.items():
        listed = [roles] if isinstance(roles, str) else roles
        valid = isinstance(listed, list) and listed and all(isinstance(r, str) and is_role(r) for r in listed)
        if not valid:
            raise ConfigurationError(
                f"{where} role_map.{group!r} must list Blankett roles, such as "
                "admin, handler:* or handler:<service-id>."
            )
        mapped[str(group)] = tuple(listed)
    return MappingProxyType(mapped)
