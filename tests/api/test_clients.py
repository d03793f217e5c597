"""``[api_clients.<id>]`` in the settings: secrets from the environment, clear refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from blankett.api import load_clients, parse_client
from blankett.errors import ConfigurationError
from blankett.settings import load_settings

CONFIG = """
[api_clients.ekonomisystemet]
secret = "env:API_SECRET"
services = ["synpunkt"]
scopes = ["cases:read", "cases:write"]
status_map = { "Under utredning" = "in_progress", "Avslutat" = "closed" }
"""


def test_clients_come_from_the_toml_with_secrets_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "b.toml"
    config.write_text(CONFIG)
    environ = {"BLANKETT_VAR_DIR": str(tmp_path), "API_SECRET": "a" * 40}
    clients = load_clients(load_settings(config, environ=environ), ["synpunkt"])
    client = clients["ekonomisystemet"]
    assert client.services == {"synpunkt"} and client.scopes == {"cases:read", "cases:write"}
    assert client.status_map == {"Under utredning": "in_progress", "Avslutat": "closed"}
    assert client.check_client_secret("a" * 40) and not client.check_client_secret("a" * 39)
    assert "a" * 40 not in repr(client)
    with pytest.raises(ConfigurationError, match="API_SECRET"):
        load_settings(config, environ={"BLANKETT_VAR_DIR": str(tmp_path)})


GOOD: dict[str, Any] = {"secret": "s" * 32, "services": ["synpunkt"], "scopes": ["cases:read"]}


@pytest.mark.parametrize(
    ("client_id", "options", "reason"),
    [
        ("x", {**GOOD, "secret": "short"}, "at least 32 characters"),
        ("x", {**GOOD, "scopes": ["cases:admin"]}, "remove cases:admin"),
        ("x", {**GOOD, "services": []}, "non-empty list"),
        ("x", {**GOOD, "status_map": {"Vilande": "paused"}}, "must be one of received"),
        ("x", {**GOOD, "redirect_uri": "https://x"}, "unknown keys redirect_uri"),
        ("bad id!", GOOD, "client id is 1 to 60"),
    ],
)
def test_a_broken_client_table_is_refused_with_the_reason(client_id: str, options: dict[str, Any], reason: str) -> None:
    with pytest.raises(ConfigurationError, match=reason):
        parse_client(client_id, options)
