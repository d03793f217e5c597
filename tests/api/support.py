"""The platform with case-API clients and two services, and a case system's side of the API."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from blankett.app import create_app
from blankett.cases import file_case
from blankett.db import AuditEvent, Case, Database
from blankett.security import bind_keyring, keyring_from_settings
from tests.cases.test_intake import ANSWERS
from tests.conftest import ROOT
from tests.support.platform import RunningPlatform, platform_settings
from tests.support.server import free_port, serve_in_thread

SECRETS = {cid: f"{cid}-secret-" + "s" * 32 for cid in ("arende", "gata", "lasare")}
CLIENTS: dict[str, dict[str, Any]] = {
    # The municipality's case system for feedback, with its own status names.
    "arende": {"secret": SECRETS["arende"], "services": ["synpunkt"], "scopes": ["cases:read", "cases:write"],
               "status_map": {"Under utredning": "in_progress", "Avslutat": "closed"}},
    # Another department's system, for another service.
    "gata": {"secret": SECRETS["gata"], "services": ["felanmalan"], "scopes": ["cases:read", "cases:write"]},
    # A reporting tool that may only read.
    "lasare": {"secret": SECRETS["lasare"], "services": ["synpunkt"], "scopes": ["cases:read"]},
}


def two_services(tmp_path: Path) -> dict[str, str]:
    """forms/ and services/ with synpunkt and a copy of it as a second service, felanmalan."""
    forms, services = tmp_path / "forms", tmp_path / "services"
    forms.mkdir()
    services.mkdir()
    shutil.copy(ROOT / "forms" / "synpunkt.json", forms)
    shutil.copy(ROOT / "config" / "services" / "synpunkt.toml", services)
    definition = json.loads((ROOT / "forms" / "synpunkt.json").read_text())
    definition["id"] = "felanmalan"
    definition["title"] = {"sv": "Felanmälan", "en": "Report a fault"}
    (forms / "felanmalan.json").write_text(json.dumps(definition, ensure_ascii=False))
    shutil.copy(ROOT / "config" / "services" / "synpunkt.toml", services / "felanmalan.toml")
    return {"forms_dir": str(forms), "services_dir": str(services)}


@contextlib.contextmanager
def api_platform(database_url: str, tmp_path: Path, **values: Any) -> Iterator[RunningPlatform]:
    """``running_platform`` with the API clients above and both services."""
    port = free_port()
    settings = platform_settings(database_url, tmp_path / "var", port, None, **two_services(tmp_path), **values)
    settings = dataclasses.replace(settings, api_clients=CLIENTS)
    app = create_app(settings)
    with serve_in_thread(app, port) as url:
        yield RunningPlatform(url, settings, app)


def get_token(platform: RunningPlatform, client_id: str, scope: str | None = None) -> str:
    with platform.client() as http:
        response = http.post("/api/oauth/token", auth=(client_id, SECRETS[client_id]),
                             data={"grant_type": "client_credentials", **({"scope": scope} if scope else {})})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def case_system(platform: RunningPlatform, client_id: str, scope: str | None = None) -> httpx.Client:
    """An HTTP client of the API, holding a fresh access token of ``client_id``."""
    token = get_token(platform, client_id, scope)
    return httpx.Client(base_url=platform.url, headers={"authorization": f"Bearer {token}"}, timeout=20)


def _run(platform: RunningPlatform, work: Any) -> Any:
    async def run() -> Any:
        db = Database(platform.settings.database_url)
        bind_keyring(db, keyring_from_settings(platform.settings))  # the same keys as the running app
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def file_cases(platform: RunningPlatform, service_id: str, count: int = 1) -> list[str]:
    """File cases straight into the database (no citizen journey); returns their references."""
    service = platform.app.state.catalog.get(service_id)

    async def work(db: Database) -> list[str]:
        return [
            (await file_case(db, service, ANSWERS, language="sv", person_id=None, submitter=None)).reference
            for _ in range(count)
        ]

    return list(_run(platform, work))


def audit_actions(platform: RunningPlatform, actor: str) -> list[tuple[str, int | None]]:
    async def work(db: Database) -> list[tuple[str, int | None]]:
        async with db.session() as s:
            rows = await s.execute(
                select(AuditEvent.action, Case.reference).outerjoin(Case, Case.id == AuditEvent.case_id)
                .where(AuditEvent.actor == actor).order_by(AuditEvent.id)
            )
            return [(action, reference) for action, reference in rows]

    return list(_run(platform, work))


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one JSON error shape, pinned."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "code", "message", "errors"}, body
    assert body["ok"] is False and body["code"] == code
    assert isinstance(body["message"], str) and body["message"].endswith(".")
    assert isinstance(body["errors"], list)
    return dict(body)
