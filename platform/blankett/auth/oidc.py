"""The platform as an OpenID Connect relying party, on authlib's Starlette client.

Authorization code flow with PKCE (S256), state and nonce. authlib keeps the flow's state
under ``_state_<name>_<state>`` in ``request.session``; that works with any dict-like,
JSON-serialisable session, such as the platform's server-side one. Discovery metadata and
the key set are fetched over HTTP on first use and cached by authlib (a token signed with
an unknown ``kid`` makes it fetch the key set again, which is how key rotation works).
With the built-in test provider the platform talks to itself over real HTTP, which is fine
under uvicorn because every call here is async.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.deprecate import AuthlibDeprecationWarning  # type: ignore[import-untyped]
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import Response

from ..errors import ConfigurationError, LoginFailed
from ..settings import Settings
from .claims import claim_profile as find_claim_profile
from .claims import read_claims, renamed
from .clientauth import CLIENT_AUTH_METHODS, PRIVATE_KEY_JWT, IssuerAudienceJWT, load_client_key
from .identity import Identity
from .loa import loa_rank
from .roles import read_roles
from .signing import SIGN_REQUEST_PARAM, SIGN_SCOPE, USER_SIGNATURE_CLAIM, SignRequest, supports_sign_request
from .validation import LEEWAY_SECONDS, FlowExpectations, check_id_token, jose_reason

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
PROMPTS = ("login", "none", "consent", "select_account")
_TIMEOUT_SECONDS = 10.0
_FRESH_TIMEOUT_SECONDS = 3.0  # a logout at an expired session waits no longer for the provider
_ERROR_CODE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class OidcClient:
    """Logs people in at one configured provider; views call ``start_login`` and ``finish_login``.

    >>> oidc = OidcClient(settings)
    >>> response = await oidc.start_login(request, redirect_uri=callback_url, acr=LOA3)
    >>> identity = await oidc.finish_login(request)  # in the callback view; raises LoginFailed

    Keyword arguments override the settings for one provider: ``client_auth_method`` is
    ``client_secret_basic`` or ``private_key_jwt`` (then ``client_key_path`` names a PEM
    private key), ``claim_profile`` names a row of ``blankett.auth.claims.CLAIM_PROFILES``,
    ``scopes`` replaces the profile's scopes, ``roles_claim`` names the claim trusted with staff
    roles (empty: none) and ``role_map`` maps a directory group in it to Blankett roles
    (blankett.auth.roles). ``name`` keeps the session keys of several providers apart.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        discovery_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        client_auth_method: str = "client_secret_basic",
        client_key_path: str | None = None,
        claim_profile: str = "swedish",
        scopes: Sequence[str] | None = None,
        roles_claim: str = "",
        role_map: Mapping[str, Sequence[str]] | None = None,
        claims: Mapping[str, str] | None = None,
        name: str = PROVIDER_NAME,
    ) -> None:
        self.client_id = client_id or settings.oidc_client_id
        self.metadata_url = (
            discovery_url
            or settings.oidc_discovery_url
            or f"{settings.base_url}/test-idp/.well-known/openid-configuration"
        )
        self.profile = renamed(find_claim_profile(claim_profile), claims or {})
        self.roles_claim = roles_claim
        self.role_map = dict(role_map or {})
        self.scopes = tuple(scopes or self.profile.scopes)
        if "openid" not in self.scopes:
            raise ConfigurationError(
                "OpenID Connect needs the scope openid: add it to the provider's scopes."
            )
        self._flow_key = f"blankett.oidc.{name}.flow"
        self._assertion: IssuerAudienceJWT | None = None
        credential, client_kwargs, auth_methods = self._credentials(
            settings, client_secret, client_auth_method, client_key_path
        )
        self._client: Any = OAuth().register(
            name,
            server_metadata_url=self.metadata_url,
            client_id=self.client_id,
            client_secret=credential,
            client_auth_methods=auth_methods,
            client_kwargs={
                "scope": " ".join(self.scopes),
                "code_challenge_method": "S256",
                "timeout": _TIMEOUT_SECONDS,
                **client_kwargs,
            },
        )

    def _credentials(
        self, settings: Settings, secret: str | None, method: str, key_path: str | None
    ) -> tuple[Any, dict[str, str], list[Any]]:
        """What authlib needs for ``method``: the secret or key, client kwargs, auth methods."""
        if method not in CLIENT_AUTH_METHODS:
            known = ", ".join(CLIENT_AUTH_METHODS)
            raise ConfigurationError(
                f"Unknown OpenID client authentication {method!r}: choose one of {known}."
            )
        if method == PRIVATE_KEY_JWT:
            if not key_path:
                raise ConfigurationError(
                    "private_key_jwt needs a key: set oidc_client_key_path to a PEM private key."
                )
            key = load_client_key(key_path)
            self._assertion = IssuerAudienceJWT(key)
            return key, {"token_endpoint_auth_method": PRIVATE_KEY_JWT}, [self._assertion]
        if secret or settings.oidc_client_secret:
            return secret or settings.oidc_client_secret, {}, []
        # Imported here: the test provider itself imports this package's LoA table.
        from ..testidp import test_client_secret

        return test_client_secret(settings), {}, []

    async def start_login(
        self,
        request: Request,
        *,
        redirect_uri: str,
        acr: str | Sequence[str] | None = None,
        prompt: str | None = None,
        sign: SignRequest | None = None,
    ) -> Response:
        """Redirect to the provider.

        ``acr`` is the level to ask for, or several acceptable ones in order of preference;
        the lowest of them is the least the login accepts. It goes out both as
        ``acr_values`` and as an essential ``acr`` in the ``claims`` parameter, since
        providers honour one or the other. ``prompt="login"`` demands a new authentication
        even when the provider still has a session (step-up, signing); the callback then
        refuses an ID token whose ``auth_time`` predates this request.

        ``sign`` asks for a signature through the OIDC Sweden signature extension when the
        provider's metadata offers it (``blankett.auth.signing``); ``finish_login`` then
        demands the signature claim. Otherwise the request goes out without it.
        """
        levels = [acr] if isinstance(acr, str) else list(acr or [])
        if prompt is not None and prompt not in PROMPTS:
            raise ValueError(f"prompt must be one of {', '.join(PROMPTS)}, not {prompt!r}")
        params: dict[str, str] = {}
        if levels:
            params["acr_values"] = " ".join(levels)
            params["claims"] = json.dumps({"id_token": {"acr": {"essential": True, "values": levels}}})
        if prompt:
            params["prompt"] = prompt
        try:
            if sign is not None and supports_sign_request(await self._client.load_server_metadata()):
                params[SIGN_REQUEST_PARAM] = sign.encode()
                params["scope"] = " ".join((*self.scopes, SIGN_SCOPE))
        except (httpx.HTTPError, ValueError, RuntimeError) as exc:
            reason = type(exc).__name__
            raise LoginFailed(f"cannot start login: provider metadata unavailable ({reason})") from exc
        request.session[self._flow_key] = {
            "min_rank": min(loa_rank(uri) for uri in levels) if levels else 0,
            "fresh_login": prompt == "login",
            "started_at": int(time.time()),
            "sign": SIGN_REQUEST_PARAM in params,
        }
        try:
            response: Response = await self._client.authorize_redirect(request, redirect_uri, **params)
        except (httpx.HTTPError, ValueError, RuntimeError) as exc:
            reason = type(exc).__name__
            raise LoginFailed(f"cannot start login: provider metadata unavailable ({reason})") from exc
        return response

    async def finish_login(self, request: Request) -> Identity:
        """Complete the login in the callback view; anything that does not check out raises LoginFailed.

        The detail of a LoginFailed names what failed (an error code, a claim name), never
        a claim value, so it is safe to log.
        """
        flow = request.session.pop(self._flow_key, None) or {}
        error = request.query_params.get("error")
        if error:
            raise LoginFailed(f"the provider returned error={_error_code(error)}")
        with _login_errors():
            metadata = await self._client.load_server_metadata()
            if self._assertion is not None:
                self._assertion.audience = metadata.get("issuer")
            token = await self._client.authorize_access_token(
                request, claims_options=self._claims_options(metadata), leeway=LEEWAY_SECONDS
            )
            claims = token.get("userinfo")
            if not claims:
                raise LoginFailed("the provider returned no ID token")
            check_id_token(claims, _expectations(flow), now=int(time.time()))
            userinfo = await self._client.userinfo(token=token)
        identity = self._identity(dict(claims), dict(userinfo))
        if flow.get("sign") and not identity.user_signature:
            raise LoginFailed("a signature was asked for but the provider returned none (userSignature)")
        return identity

    def _claims_options(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """iss and aud are checked by value; authlib checks neither by default."""
        issuer = metadata.get("issuer")
        if not isinstance(issuer, str) or not issuer:
            raise LoginFailed("the provider's metadata names no issuer")
        return {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": self.client_id},
        }

    def _identity(self, id_token: dict[str, Any], userinfo: dict[str, Any]) -> Identity:
        subject = id_token.get("sub")
        if not isinstance(subject, str) or not subject or userinfo.get("sub") != subject:
            raise LoginFailed("userinfo sub does not match the ID token")  # OpenID Connect Core §5.3.2
        auth_time = id_token.get("auth_time")
        signature = id_token.get(USER_SIGNATURE_CLAIM) or userinfo.get(USER_SIGNATURE_CLAIM)
        return Identity(
            issuer=str(id_token.get("iss", "")),
            subject=subject,
            loa=str(id_token.get("acr") or ""),
            auth_time=int(auth_time) if isinstance(auth_time, (int, float)) else None,
            roles=read_roles(self.roles_claim, id_token, userinfo, self.role_map),
            user_signature=signature if isinstance(signature, str) else None,
            **read_claims(self.profile, id_token, userinfo),
        )

    async def end_session_url(
        self, *, post_logout_redirect_uri: str, state: str | None = None, fresh: bool = False
    ) -> str | None:
        """Where to send the browser to log out at the provider too (RP-initiated logout, with
        ``state`` handed back to ``post_logout_redirect_uri``); None if it offers no logout.

        ``fresh`` fetches the discovery document again, within a few seconds, instead of using
        the one authlib keeps: the browser is then not sent to a provider that has gone away.
        """
        try:
            metadata = await (self._fresh_metadata() if fresh else self._client.load_server_metadata())
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("Provider metadata unavailable at logout: %s", type(exc).__name__)
            return None
        endpoint = metadata.get("end_session_endpoint")
        if not isinstance(endpoint, str) or not endpoint:
            return None
        params = {"post_logout_redirect_uri": post_logout_redirect_uri, "client_id": self.client_id}
        if state:
            params["state"] = state
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"

    async def _fresh_metadata(self) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=_FRESH_TIMEOUT_SECONDS) as client:
            response = await client.get(self.metadata_url)
            response.raise_for_status()
            metadata = response.json()
        if not isinstance(metadata, dict):
            raise ValueError("the discovery document is not a JSON object")
        return metadata


def _expectations(flow: dict[str, Any]) -> FlowExpectations:
    """What ``start_login`` recorded in the session; without it nothing can be checked."""
    if not flow:
        raise LoginFailed("this browser has no login in progress; the flow expired or was never started")
    return FlowExpectations(
        min_rank=int(flow.get("min_rank", 0)),
        fresh_login=bool(flow.get("fresh_login")),
        started_at=int(flow.get("started_at", 0)),
    )


@contextlib.contextmanager
def _login_errors() -> Iterator[None]:
    """Turn what authlib, joserfc and httpx raise into LoginFailed with a loggable detail."""
    try:
        yield
    except OAuthError as exc:
        raise LoginFailed(f"OpenID Connect error: {_error_code(exc.error)}") from exc
    except JoseError as exc:
        raise LoginFailed(jose_reason(exc)) from exc
    except httpx.HTTPStatusError as exc:
        raise LoginFailed(f"provider answered HTTP {exc.response.status_code}") from exc
    except (httpx.HTTPError, ValueError) as exc:
        raise LoginFailed(f"provider unreachable or answered garbage ({type(exc).__name__})") from exc


def _error_code(value: object) -> str:
    """An OAuth error code, or a placeholder if the provider sent something that is not one."""
    text = str(value or "")
    return text if _ERROR_CODE.fullmatch(text) else "unrecognised"
