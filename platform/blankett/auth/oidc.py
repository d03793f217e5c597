"""The platform as an OpenID Connect relying party, on authlib's Starlette client.

Authorization code flow with PKCE (S256), state and nonce. authlib keeps the flow's state
under ``_state_blankett_<state>`` in ``request.session``; that works with any dict-like,
JSON-serialisable session, such as the platform's server-side one. Discovery metadata and
the key set are fetched over HTTP on first use and cached by authlib. With the built-in
test provider the platform talks to itself over real HTTP, which is fine under uvicorn
because every call here is async.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.deprecate import AuthlibDeprecationWarning  # type: ignore[import-untyped]
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import Response

from ..errors import LoginFailed
from ..settings import Settings
from .identity import Identity
from .loa import loa_rank

with warnings.catch_warnings():
    # authlib 1.9 warns once, at import, that it would rather use the httpx2 package; plain
    # httpx is what the platform depends on and authlib still supports it.
    warnings.filterwarnings(
        "ignore", message="The httpx module is deprecated", category=AuthlibDeprecationWarning
    )
    from authlib.integrations.starlette_client import (  # type: ignore[import-untyped]
        OAuth,
        OAuthError,
    )

logger = logging.getLogger(__name__)

PROVIDER_NAME = "blankett"
PERSONAL_NUMBER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
_REQUESTED_ACR = "blankett.oidc.requested_acr"
_TIMEOUT_SECONDS = 10.0
_ERROR_CODE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class OidcClient:
    """Logs people in at the configured provider; views call ``start_login`` and ``finish_login``.

    >>> oidc = OidcClient(settings)
    >>> response = await oidc.start_login(request, redirect_uri=callback_url, acr=LOA3)
    >>> identity = await oidc.finish_login(request)  # in the callback view; raises LoginFailed
    """

    def __init__(self, settings: Settings) -> None:
        if settings.oidc_client_secret:
            secret = settings.oidc_client_secret
        else:
            # Imported here: the test provider itself imports this package's LoA table.
            from ..testidp import test_client_secret

            secret = test_client_secret(settings)
        self.client_id = settings.oidc_client_id
        self.metadata_url = (
            settings.oidc_discovery_url or f"{settings.base_url}/test-idp/.well-known/openid-configuration"
        )
        self._oauth = OAuth()
        self._client: Any = self._oauth.register(
            PROVIDER_NAME,
            server_metadata_url=self.metadata_url,
            client_id=settings.oidc_client_id,
            client_secret=secret,
            client_kwargs={
                "scope": "openid profile",
                "code_challenge_method": "S256",
                "timeout": _TIMEOUT_SECONDS,
            },
        )

    async def start_login(self, request: Request, *, redirect_uri: str, acr: str | None = None) -> Response:
        """Redirect to the provider. ``acr`` is the lowest level of assurance to accept."""
        extra = {"acr_values": acr} if acr else {}
        if acr:
            request.session[_REQUESTED_ACR] = acr
        else:
            request.session.pop(_REQUESTED_ACR, None)
        try:
            response: Response = await self._client.authorize_redirect(request, redirect_uri, **extra)
        except (httpx.HTTPError, ValueError, RuntimeError) as exc:
            reason = type(exc).__name__
            raise LoginFailed(f"cannot start login: provider metadata unavailable ({reason})") from exc
        return response

    async def finish_login(self, request: Request) -> Identity:
        """Complete the login in the callback view; anything that does not check out raises LoginFailed.

        The detail of a LoginFailed names what failed (an error code, a claim name), never
        a claim value, so it is safe to log.
        """
        requested = request.session.pop(_REQUESTED_ACR, None)
        error = request.query_params.get("error")
        if error:
            raise LoginFailed(f"the provider returned error={_error_code(error)}")
        try:
            token = await self._client.authorize_access_token(request)
            claims = token.get("userinfo")
            if not claims:
                raise LoginFailed("the provider returned no ID token")
            _check_level(claims.get("acr"), requested)
            userinfo = await self._client.userinfo(token=token)
        except OAuthError as exc:
            raise LoginFailed(f"OpenID Connect error: {_error_code(exc.error)}") from exc
        except JoseError as exc:
            raise LoginFailed(f"ID token rejected: {type(exc).__name__} ({_error_code(exc.error)})") from exc
        except httpx.HTTPStatusError as exc:
            raise LoginFailed(f"provider answered HTTP {exc.response.status_code}") from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise LoginFailed(f"provider unreachable or answered garbage ({type(exc).__name__})") from exc
        return _identity(dict(claims), dict(userinfo))

    async def end_session_url(self, *, post_logout_redirect_uri: str) -> str | None:
        """Where to send the browser to log out at the provider too; None if it offers no logout."""
        try:
            metadata = await self._client.load_server_metadata()
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("Provider metadata unavailable at logout: %s", type(exc).__name__)
            return None
        endpoint = metadata.get("end_session_endpoint")
        if not isinstance(endpoint, str) or not endpoint:
            return None
        query = urlencode({"post_logout_redirect_uri": post_logout_redirect_uri, "client_id": self.client_id})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _error_code(value: object) -> str:
    """An OAuth error code, or a placeholder if the provider sent something that is not one."""
    text = str(value or "")
    return text if _ERROR_CODE.fullmatch(text) else "unrecognised"


def _check_level(acr: object, requested: str | None) -> None:
    if requested and loa_rank(acr if isinstance(acr, str) else None) < loa_rank(requested):
        got = loa_rank(acr if isinstance(acr, str) else None)
        raise LoginFailed(f"level of assurance too low: rank {got}, required {loa_rank(requested)}")


def _identity(id_token: dict[str, Any], userinfo: dict[str, Any]) -> Identity:
    subject = id_token.get("sub")
    if not isinstance(subject, str) or not subject or userinfo.get("sub") != subject:
        raise LoginFailed("userinfo sub does not match the ID token")  # OpenID Connect Core §5.3.2

    def claim(name: str) -> str | None:
        value = userinfo.get(name, id_token.get(name))
        return value if isinstance(value, str) and value else None

    personal_number = claim(PERSONAL_NUMBER_CLAIM)
    if personal_number is not None and not (len(personal_number) == 12 and personal_number.isdigit()):
        raise LoginFailed("personalIdentityNumber claim is not twelve digits")
    return Identity(
        issuer=str(id_token.get("iss", "")),
        subject=subject,
        personal_number=personal_number,
        given_name=claim("given_name"),
        family_name=claim("family_name"),
        birthdate=claim("birthdate"),
        loa=str(id_token.get("acr") or ""),
    )
