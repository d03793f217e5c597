"""The test provider as a Starlette app, plus its discovery, key set and logout endpoints."""

from __future__ import annotations

import functools
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..auth.loa import known_loa_uris
from ..auth.signing import SIGN_SCOPE, USER_SIGNATURE_CLAIM
from ..settings import Settings
from . import pages
from .authorize import authorize_page, authorize_submit, redirect_with
from .provider import (
    COORDINATION_NUMBER_CLAIM,
    ORG_AFFILIATION_CLAIM,
    ORG_NAME_CLAIM,
    ORG_NUMBER_CLAIM,
    PERSONAL_NUMBER_CLAIM,
    TestProvider,
)
from .token import token_endpoint, userinfo_endpoint


def create_test_idp(settings: Settings) -> Starlette:
    """The built-in OpenID provider, to be mounted at ``/test-idp``.

    >>> Mount("/test-idp", app=create_test_idp(settings))  # only when settings.test_idp_enabled
    """
    provider = TestProvider(settings)

    def bind(endpoint: Any) -> Any:
        return functools.partial(endpoint, provider)

    routes = [
        Route("/.well-known/openid-configuration", bind(discovery), methods=["GET"]),
        Route("/authorize", bind(authorize_page), methods=["GET"]),
        Route("/authorize", bind(authorize_submit), methods=["POST"]),
        Route("/token", bind(token_endpoint), methods=["POST"]),
        Route("/jwks", bind(jwks), methods=["GET"]),
        Route("/userinfo", bind(userinfo_endpoint), methods=["GET", "POST"]),
        Route("/logout", bind(logout), methods=["GET", "POST"]),
    ]
    app = Starlette(routes=routes)
    app.state.provider = provider
    return app


async def discovery(provider: TestProvider, request: Request) -> Response:
    issuer = provider.issuer
    metadata: dict[str, Any] = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "end_session_endpoint": f"{issuer}/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "acr_values_supported": known_loa_uris(),
        "scopes_supported": [
            "openid",
            "profile",
            "https://id.oidc.se/scope/naturalPersonNumber",
            "https://id.oidc.se/scope/naturalPersonInfo",
            SIGN_SCOPE,
        ],
        "claims_supported": [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "acr",
            "given_name",
            "family_name",
            "name",
            "birthdate",
            PERSONAL_NUMBER_CLAIM,
            COORDINATION_NUMBER_CLAIM,
            ORG_NUMBER_CLAIM,
            ORG_NAME_CLAIM,
            ORG_AFFILIATION_CLAIM,
            USER_SIGNATURE_CLAIM,
        ],
        "claims_parameter_supported": True,
        "ui_locales_supported": ["sv", "en"],
    }
    return JSONResponse(metadata)


async def jwks(provider: TestProvider, request: Request) -> Response:
    return JSONResponse(provider.jwks())


async def logout(provider: TestProvider, request: Request) -> Response:
    """RP-initiated logout: the provider keeps no login session, so only the redirect is left."""
    params = dict(request.query_params)
    if request.method == "POST":
        params.update({k: str(v) for k, v in (await request.form()).items()})
    target = params.get("post_logout_redirect_uri", "")
    if target.startswith(provider.settings.base_url + "/") and "#" not in target:
        return redirect_with(target, {"state": params.get("state")})
    page = pages.message_page(
        ("Du är utloggad", "You are logged out"),
        ("Du är utloggad från testinloggningen.", "You are logged out of the test login."),
    )
    return HTMLResponse(page)
