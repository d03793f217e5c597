"""A small relying-party app with several ``OidcClient``s, one per path prefix, over real HTTP.

Like tests/testidp/harness.py, but for any provider: ``/<name>/login`` calls
``start_login`` (query: ``acr`` repeatable, ``prompt``), ``/<name>/callback`` answers the
identity or the LoginFailed as JSON, ``/<name>/logout`` answers the end-session URL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from blankett.auth import OidcClient
from blankett.errors import LoginFailed
from blankett.settings import Settings


def relying_party(settings: Settings, clients: Mapping[str, OidcClient]) -> Starlette:
    base = settings.base_url

    def client_for(request: Request) -> tuple[str, OidcClient]:
        name = request.path_params["name"]
        return name, clients[name]

    async def login(request: Request) -> Response:
        name, oidc = client_for(request)
        acr = request.query_params.getlist("acr") or None
        prompt = request.query_params.get("prompt")
        try:
            return await oidc.start_login(
                request, redirect_uri=f"{base}/{name}/callback", acr=acr, prompt=prompt
            )
        except LoginFailed as exc:
            return JSONResponse({"error": exc.code, "detail": str(exc)}, status_code=401)

    async def callback(request: Request) -> Response:
        _, oidc = client_for(request)
        try:
            identity = await oidc.finish_login(request)
        except LoginFailed as exc:
            return JSONResponse({"error": exc.code, "detail": str(exc)}, status_code=401)
        return JSONResponse({**dataclasses.asdict(identity), "loa_rank": identity.loa_rank})

    async def logout(request: Request) -> Response:
        _, oidc = client_for(request)
        request.session.clear()
        return JSONResponse({"url": await oidc.end_session_url(post_logout_redirect_uri=f"{base}/bye")})

    async def bye(request: Request) -> Response:
        return JSONResponse({"logged_out": True})

    routes = [
        Route("/{name}/login", login),
        Route("/{name}/callback", callback),
        Route("/{name}/logout", logout),
        Route("/bye", bye),
    ]
    return Starlette(
        routes=routes, middleware=[Middleware(SessionMiddleware, secret_key=settings.secret_key)]
    )
