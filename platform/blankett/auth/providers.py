"""The provider registry: one ``OidcClient`` per configured provider, found by name.

Built once in ``create_app`` from ``provider_configs``. A session records the name of the
provider its person logged in with (``person["provider"]``); step-up, signing and logout go
back to that one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigurationError
from ..settings import Settings
from .oidc import OidcClient
from .provider_config import DEFAULT, ProviderConfig, provider_configs


@dataclass(frozen=True)
class Provider:
    config: ProviderConfig
    client: OidcClient

    @property
    def name(self) -> str:
        return self.config.name

    def label(self, lang: str) -> str:
        sv, en = self.config.label
        return en if lang == "en" else sv


class Providers:
    """The configured providers, in the order of the settings file."""

    def __init__(self, providers: Iterable[Provider]) -> None:
        self._by_name = {provider.name: provider for provider in providers}

    @classmethod
    def from_settings(cls, settings: Settings) -> Providers:
        return cls(Provider(config, _client(settings, config)) for config in provider_configs(settings))

    def find(self, name: object) -> Provider | None:
        return self._by_name.get(name) if isinstance(name, str) else None

    def citizen(self) -> list[Provider]:
        return [p for p in self._by_name.values() if p.config.citizen]

    def staff(self) -> list[Provider]:
        return [p for p in self._by_name.values() if p.config.staff]

    def recorded(self, person: Mapping[str, Any] | None) -> Provider | None:
        """The provider ``person`` (the session's) logged in with, if it is still configured.

        A session from before providers were recorded logged in at the only provider there
        was, ``default``."""
        return self.find(person.get("provider", DEFAULT)) if person else None

    def of_person(self, person: Mapping[str, Any] | None) -> Provider:
        """The provider ``person`` logged in with; else the first citizen one."""
        return self.recorded(person) or self.citizen()[0]


def _client(settings: Settings, config: ProviderConfig) -> OidcClient:
    builtin_url = f"{settings.base_url}/test-idp/.well-known/openid-configuration"
    try:
        return OidcClient(
            settings,
            discovery_url=config.discovery_url or builtin_url,
            client_id=config.client_id,
            client_secret=config.client_secret or None,
            client_auth_method=config.client_auth_method,
            client_key_path=config.client_key_path or None,
            claim_profile=config.claim_profile,
            claims=config.claims,
            scopes=config.scopes or None,
            # Only a staff provider is trusted with roles; a citizen one's claim is never read.
            roles_claim=config.roles_claim if config.staff else "",
            role_map=config.role_map,
            name=config.name,
        )
    except ConfigurationError as exc:
        raise ConfigurationError(f"OpenID provider {config.name!r}: {exc}") from exc
