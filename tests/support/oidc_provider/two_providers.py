"""The whole platform with several OpenID providers at once: the built-in test provider and the
independent Node provider for citizens, and the Node provider again (another client) as the
staff directory, which sends its own group names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from blankett.auth import all_loa_uris
from blankett.auth.claims import SCOPE_NATURAL_PERSON_INFO, SCOPE_NATURAL_PERSON_NUMBER
from blankett.db import upgrade
from tests.support.oidc_provider.node import NodeProvider, running_provider
from tests.support.platform import RunningPlatform, running_platform
from tests.support.server import free_port

NODE_SECRET = "node-client-secret-" + "n" * 32
STAFF_SECRET = "staff-client-secret-" + "s" * 32
LABELS = {
    "test": ("Testinloggning", "Test login"),
    "node": ("Oberoende e-legitimation", "Independent e-ID"),
    "personal": ("Kommunens medarbetarinloggning", "The municipality's staff login"),
}
ROLE_MAP = {"CN=Synpunkt-handlaggare": ["handler:synpunkt"]}


def node_clients(base_url: str) -> list[dict[str, Any]]:
    """The platform's two clients at the Node provider, registered as config/README.md says."""

    def client(client_id: str, secret: str, name: str) -> dict[str, Any]:
        return {
            "client_id": client_id,
            "client_secret": secret,
            "token_endpoint_auth_method": "client_secret_basic",
            "redirect_uris": [f"{base_url}/inloggning/klar/{name}", f"{base_url}/signering/klar/{name}"],
            "post_logout_redirect_uris": [f"{base_url}/", f"{base_url}/utloggad"],
            "require_auth_time": True,
        }

    return [client("blankett", NODE_SECRET, "node"), client("blankett-staff", STAFF_SECRET, "personal")]


def provider_tables(op: NodeProvider) -> dict[str, dict[str, Any]]:
    """``[oidc_providers.*]`` as the settings file would give them."""

    def labels(name: str) -> dict[str, str]:
        return {"label_sv": LABELS[name][0], "label_en": LABELS[name][1]}

    return {
        "test": {"discovery_url": "", **labels("test")},
        "node": {
            "discovery_url": op.discovery_url,
            "client_id": "blankett",
            "client_secret": NODE_SECRET,
            **labels("node"),
        },
        "personal": {
            "purpose": "staff",
            "discovery_url": op.discovery_url,
            "client_id": "blankett-staff",
            "client_secret": STAFF_SECRET,
            "scopes": ["openid", SCOPE_NATURAL_PERSON_NUMBER, SCOPE_NATURAL_PERSON_INFO, "groups"],
            "roles_claim": "groups",
            "role_map": ROLE_MAP,
            **labels("personal"),
        },
    }


@contextlib.contextmanager
def node_for_platform(work_dir: Path, port: int) -> Iterator[NodeProvider]:
    """The Node provider with the platform on ``port`` registered as its client."""
    with running_provider(work_dir, node_clients(f"http://127.0.0.1:{port}"), all_loa_uris()) as op:
        yield op


@contextlib.contextmanager
def platform_for(database_url: str, work_dir: Path, port: int, op: NodeProvider) -> Iterator[RunningPlatform]:
    with running_platform(
        database_url, work_dir / "var", oidc_providers=provider_tables(op), port=port
    ) as platform:
        yield platform


@contextlib.contextmanager
def platform_with_providers(
    database_url: str, work_dir: Path
) -> Iterator[tuple[RunningPlatform, NodeProvider]]:
    port = free_port()
    with node_for_platform(work_dir, port) as op, platform_for(database_url, work_dir, port, op) as platform:
        yield platform, op


@contextlib.contextmanager
def platform_on_sqlite(work_dir: Path) -> Iterator[tuple[RunningPlatform, NodeProvider]]:
    """Both, with a fresh SQLite database in ``work_dir`` (for a module-scoped fixture)."""
    url = f"sqlite:///{work_dir / 'blankett.db'}"
    upgrade(url)
    with platform_with_providers(url, work_dir) as running:
        yield running
