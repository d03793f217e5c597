"""Start the whole platform on loopback, as `blankett serve` would, for end-to-end tests."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from blankett.app import create_app
from blankett.settings import Settings, load_settings
from tests.conftest import ROOT
from tests.support.html import main_form
from tests.support.server import free_port, serve_in_thread


@dataclass
class RunningPlatform:
    url: str
    settings: Settings
    app: Starlette

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=True, timeout=20)


def platform_settings(
    database_url: str,
    var_dir: Path,
    port: int,
    connectors: dict[str, dict[str, Any]] | None = None,
    oidc_providers: dict[str, dict[str, Any]] | None = None,
    **values: Any,
) -> Settings:
    defaults: dict[str, Any] = {
        "base_url": f"http://127.0.0.1:{port}",
        "port": port,
        "var_dir": str(var_dir),
        "database_url": database_url,
        "secret_key": "test-secret-key-" + "x" * 40,
        "forms_dir": str(ROOT / "forms"),
        "services_dir": str(ROOT / "config" / "services"),
        "worker_poll_seconds": 0.1,
        "delivery_backoff_seconds": 0.2,
        "delivery_backoff_max_seconds": 1.0,
    }
    defaults.update(values)
    connectors = connectors or {"handlaggning": {"type": "filedrop", "directory": str(var_dir / "filedrop")}}
    return load_settings(
        environ={}, values=defaults, connectors=connectors, oidc_providers=oidc_providers or {}
    )


@contextlib.contextmanager
def running_platform(
    database_url: str,
    var_dir: Path,
    connectors: dict[str, dict[str, Any]] | None = None,
    oidc_providers: dict[str, dict[str, Any]] | None = None,
    port: int | None = None,  # when a provider must know the address beforehand
    **values: Any,
) -> Iterator[RunningPlatform]:
    port = port or free_port()
    settings = platform_settings(database_url, var_dir, port, connectors, oidc_providers, **values)
    app = create_app(settings)
    with serve_in_thread(app, port) as url:
        yield RunningPlatform(url, settings, app)


def log_in(client: httpx.Client, response: httpx.Response, person: str | None = None, level: str | None = None) -> httpx.Response:
    """Complete the test provider's login page that ``response`` shows; return where it lands."""
    assert "/test-idp/authorize" in str(response.url), f"expected the login page, got {response.url}"
    form = main_form(response.text)
    data = dict(form.fields)
    radios = re.findall(r'name="person"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="person"', response.text)
    choices = [a or b for a, b in radios]
    data["person"] = person or choices[0]
    data["loa"] = level or "http://id.elegnamnden.se/loa/1.0/loa3"
    data["action"] = "login"
    return client.post(str(response.url.copy_with(query=None)), data=data)


def choose_provider(client: httpx.Client, page: httpx.Response, provider: str) -> httpx.Response:
    """Follow the login choice page's link to ``provider``; return where it leads."""
    found = re.search(rf'href="(/logga-in/{provider}\?[^"]*)"', page.text)
    assert found, f"no link to {provider} on {page.url}"
    return client.get(found.group(1).replace("&amp;", "&"))
