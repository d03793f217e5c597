"""A small relying-party app around the test provider, served over real loopback HTTP.

Used by tests/testidp and tests/auth: ``/login`` calls ``OidcClient.start_login``,
``/callback`` calls ``finish_login`` and answers the identity (or the error code) as JSON.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from blankett.auth import OidcClient
from blankett.errors import LoginFailed
from blankett.settings import Settings, load_settings
from blankett.testidp import create_test_idp
from tests.support.html import main_form
from tests.support.server import free_port, serve_in_thread

SECRET_KEY = "test-secret-key-" + "x" * 40


def idp_settings(var_dir: Path, port: int, **values: Any) -> Settings:
    defaults: dict[str, Any] = {
        "base_url": f"http://127.0.0.1:{port}",
        "port": port,
        "var_dir": str(var_dir),
        "secret_key": SECRET_KEY,
    }
    return load_settings(environ={}, values={**defaults, **values})


class DictSessionMiddleware:
    """A server-side session like the platform's: a cookie holds an id, the data lives here as JSON."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.store: dict[str, str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sid = HTTPConnection(scope).cookies.get("sid")
        if sid not in self.store:
            sid = secrets.token_urlsafe(16)
        scope["session"] = json.loads(self.store.get(sid, "{}"))

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.store[sid] = json.dumps(scope["session"])  # must be JSON-serialisable
                message.setdefault("headers", []).append((b"set-cookie", f"sid={sid}; Path=/".encode()))
            await send(message)

        await self.app(scope, receive, send_wrapper)


def relying_party(
    settings: Settings, session: str = "cookie", extra_routes: list[BaseRoute] | None = None
) -> Starlette:
    oidc = OidcClient(settings)

    async def login(request: Request) -> Response:
        acr = request.query_params.get("acr")
        try:
            return await oidc.start_login(request, redirect_uri=f"{settings.base_url}/callback", acr=acr)
        except LoginFailed as exc:
            return JSONResponse({"error": exc.code, "detail": str(exc)}, status_code=401)

    async def callback(request: Request) -> Response:
        try:
            identity = await oidc.finish_login(request)
        except LoginFailed as exc:
            return JSONResponse({"error": exc.code, "detail": str(exc)}, status_code=401)
        return JSONResponse({**dataclasses.asdict(identity), "loa_rank": identity.loa_rank})

    async def logout(request: Request) -> Response:
        url = await oidc.end_session_url(post_logout_redirect_uri=f"{settings.base_url}/bye")
        return JSONResponse({"url": url})

    async def bye(request: Request) -> Response:
        return JSONResponse({"state": request.query_params.get("state")})

    middleware = (
        Middleware(SessionMiddleware, secret_key=settings.secret_key)
        if session == "cookie"
        else Middleware(DictSessionMiddleware)
    )
    routes: list[BaseRoute] = [
        *(extra_routes or []),
        Route("/login", login),
        Route("/callback", callback),
        Route("/logout", logout),
        Route("/bye", bye),
        Mount("/test-idp", app=create_test_idp(settings)),
    ]
    return Starlette(routes=routes, middleware=[middleware])


@contextlib.contextmanager
def running(
    var_dir: Path, session: str = "cookie", extra_routes: list[BaseRoute] | None = None, **values: Any
) -> Iterator[Settings]:
    """Serve the relying party with its test provider; yields the settings (base_url is the server)."""
    port = free_port()
    settings = idp_settings(var_dir, port, **values)
    with serve_in_thread(relying_party(settings, session, extra_routes), port):
        yield settings


def browser(settings: Settings) -> httpx.Client:
    return httpx.Client(base_url=settings.base_url, follow_redirects=True, timeout=20)


def login_form(page: httpx.Response) -> dict[str, str]:
    """The hidden fields of the provider's login page."""
    assert page.status_code == 200, page.text
    assert "/test-idp/authorize" in str(page.url)
    return dict(main_form(page.text).fields)


def selected_level(page: httpx.Response) -> str:
    found = re.search(r'<option value="([^"]+)" selected>', page.text)
    assert found, "no level selected"
    return found.group(1)


def choose(
    client: httpx.Client,
    page: httpx.Response,
    person: str = "anna",
    loa: str | None = None,
    action: str = "login",
) -> httpx.Response:
    """Post the login page as a person would, following the redirects back to the client."""
    data = {**login_form(page), "person": person, "action": action}
    if loa is not None:
        data["loa"] = loa
    return client.post(str(page.url.copy_with(query=None)), data=data)


def log_in(
    client: httpx.Client, person: str = "anna", loa: str | None = None, acr: str | None = None
) -> httpx.Response:
    page = client.get("/login", params={"acr": acr} if acr else None)
    return choose(client, page, person, loa)


# Driving the provider directly, without the relying party's OpenID client.


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_params(settings: Settings, challenge: str, **overrides: str) -> dict[str, str]:
    params = {
        "client_id": settings.oidc_client_id,
        "redirect_uri": f"{settings.base_url}/callback",
        "response_type": "code",
        "scope": "openid profile",
        "state": "state-123",
        "nonce": "nonce-456",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v}


def query_of(response: httpx.Response) -> dict[str, str]:
    """The query of a redirect's Location, one value per name."""
    assert response.status_code in (302, 303), (response.status_code, response.text)
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["location"]).query).items()}


def obtain_code(
    client: httpx.Client, settings: Settings, challenge: str, person: str = "anna", loa: str | None = None
) -> str:
    """Log in at the provider by hand and return the code from its redirect (not followed)."""
    page = client.get("/test-idp/authorize", params=authorize_params(settings, challenge))
    data = {**login_form(page), "person": person, "action": "login"}
    if loa:
        data["loa"] = loa
    redirect = client.post("/test-idp/authorize", data=data, follow_redirects=False)
    query = query_of(redirect)
    assert query["state"] == "state-123"
    return query["code"]
