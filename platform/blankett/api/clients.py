"""Case-system clients of the case API, from the settings' ``[api_clients.<client_id>]`` tables.

Each client is limited to its services and its scopes. The class speaks authlib's client
contract (``ClientMixin``) so the token endpoint can authenticate it; only the client
credentials grant and ``client_secret_basic`` are accepted.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..cases.lifecycle import STATUSES
from ..errors import ConfigurationError
from ..settings import Settings

logger = logging.getLogger("blankett.api")

READ = "cases:read"
WRITE = "cases:write"
SCOPES = (READ, WRITE)
MIN_SECRET_CHARS = 32
_CLIENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
_KEYS = {"secret", "services", "scopes", "status_map"}


@dataclass(frozen=True)
class ApiClient:
    client_id: str
    secret: str = field(repr=False)
    services: frozenset[str]
    scopes: frozenset[str]
    status_map: Mapping[str, str] = field(default_factory=dict)

    @property
    def actor(self) -> str:
        """How the client appears on timelines and in the audit trail."""
        return f"client:{self.client_id}"

    # authlib's ClientMixin contract
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """Omitted scope: all of the client's. A scope it lacks: None, which refuses the token."""
        if not scope:
            return " ".join(sorted(self.scopes))
        asked = set(scope.split())
        return " ".join(sorted(asked)) if asked <= self.scopes else None

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(self.secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic" and endpoint == "token"

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


def _strings(value: Any, where: str, allowed: Collection[str] | None = None) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ConfigurationError(f"{where} must be a non-empty list of names.")
    if allowed is not None and not set(value) <= set(allowed):
        raise ConfigurationError(f"{where} may only hold {', '.join(allowed)}; remove {', '.join(sorted(set(value) - set(allowed)))}.")
    return frozenset(value)


def _status_map(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigurationError(f"{where} must be a table of the case system's status names onto Blankett's.")
    for theirs, ours in value.items():
        if ours not in STATUSES:
            raise ConfigurationError(f"{where}.{theirs!r} must be one of {', '.join(STATUSES)}, not {ours!r}.")
    return dict(value)


def parse_client(client_id: str, options: Mapping[str, Any]) -> ApiClient:
    where = f"api_clients.{client_id}"
    if not _CLIENT_ID.match(client_id):
        raise ConfigurationError(f"{where}: a client id is 1 to 60 letters, digits, dots, dashes or underscores.")
    if not isinstance(options, Mapping):
        raise ConfigurationError(f"{where} must be a table with secret, services and scopes.")
    unknown = set(options) - _KEYS
    if unknown:
        raise ConfigurationError(f"{where}: unknown keys {', '.join(sorted(unknown))}; use {', '.join(sorted(_KEYS))}.")
    secret = options.get("secret")
    if not isinstance(secret, str) or len(secret) < MIN_SECRET_CHARS:
        raise ConfigurationError(
            f'{where}.secret must be at least {MIN_SECRET_CHARS} characters; write "env:NAME" and set NAME in the environment.'
        )
    return ApiClient(
        client_id=client_id,
        secret=secret,
        services=_strings(options.get("services"), f"{where}.services"),
        scopes=_strings(options.get("scopes"), f"{where}.scopes", SCOPES),
        status_map=_status_map(options.get("status_map", {}), f"{where}.status_map"),
    )


def load_clients(settings: Settings, service_ids: Collection[str] = ()) -> dict[str, ApiClient]:
    """The configured clients; refuses a broken table, warns of services not published."""
    clients = {cid: parse_client(cid, options) for cid, options in settings.api_clients.items()}
    for client in clients.values():
        missing = sorted(client.services - set(service_ids))
        if service_ids and missing:
            logger.warning("API client %s names services that are not published: %s", client.client_id, ", ".join(missing))
    return clients
