"""The authorization endpoint: check the request, show the login page, issue a code.

Until client_id and redirect_uri have been checked, errors are shown as a page: redirecting
to an unchecked address would make the provider an open redirector. After that, errors go
back to the client as ``error=`` in the redirect, as RFC 6749 §4.1.2.1 says.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..auth.signing import SIGN_REQUEST_PARAM, SIGN_SCOPE, SignRequest
from . import pages
from .persons import PERSONS_BY_ID, TEST_PERSONS
from .provider import AuthorizationRequest, TestProvider, default_acr

logger = logging.getLogger(__name__)

_CHOOSE_PERSON = ("Välj en testperson och en tillitsnivå.", "Choose a test person and a level of assurance.")


class _PageError(Exception):
    """Shown to the person as a page; never sent to the client's redirect_uri."""

    def __init__(self, message: tuple[str, str]) -> None:
        super().__init__(message[1])
        self.message = message


class _ClientError(Exception):
    """Sent back to the (checked) redirect_uri as an OAuth error."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


def redirect_with(redirect_uri: str, params: Mapping[str, str | None]) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    separator = "&" if urlsplit(redirect_uri).query else "?"
    # 303: the browser follows with GET, also after the login form's POST.
    return RedirectResponse(f"{redirect_uri}{separator}{query}", status_code=303)


def error_page(message: tuple[str, str], status_code: int = 400) -> HTMLResponse:
    title = ("Inloggningen kunde inte starta", "The login could not start")
    return HTMLResponse(pages.message_page(title, message), status_code=status_code)


async def authorize_page(provider: TestProvider, request: Request) -> Response:
    params = request.query_params
    try:
        checked_redirect = _check_client(provider, params.get("client_id"), params.get("redirect_uri"))
    except _PageError as exc:
        logger.warning("test-idp: refused authorization request: %s", exc)
        return error_page(exc.message)
    try:
        authorization = _check_request(provider, params, checked_redirect)
    except _ClientError as exc:
        return redirect_with(
            checked_redirect,
            {"error": exc.error, "error_description": exc.description, "state": params.get("state")},
        )
    action = urlsplit(provider.issuer).path + "/authorize"
    blob = provider.sign_request(authorization)
    html = pages.login_page(action, blob, TEST_PERSONS, authorization.default_acr, authorization.tbs_text)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def _check_client(provider: TestProvider, client_id: str | None, redirect_uri: str | None) -> str:
    if not client_id or client_id != provider.client_id:
        raise _PageError(("Okänd tjänst (client_id).", "Unknown client (client_id)."))
    base = provider.settings.base_url + "/"
    if not redirect_uri or not redirect_uri.startswith(base) or "#" in redirect_uri:
        raise _PageError(
            (
                "Adressen att skicka tillbaka till (redirect_uri) hör inte till plattformen.",
                "The address to return to (redirect_uri) does not belong to the platform.",
            )
        )
    return redirect_uri


def _check_request(
    provider: TestProvider, params: Mapping[str, str], redirect_uri: str
) -> AuthorizationRequest:
    if params.get("response_type") != "code":
        raise _ClientError("unsupported_response_type", "only response_type=code is supported")
    scope = params.get("scope", "")
    if "openid" not in scope.split():
        raise _ClientError("invalid_scope", "scope must contain openid")
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        raise _ClientError("invalid_request", "PKCE with code_challenge_method=S256 is required")
    if params.get("prompt") == "none":
        raise _ClientError("login_required", "the test provider always shows its login page")
    requested = params.get("acr_values", "").split() + _acr_from_claims(params.get("claims"))
    sign = _sign_request(scope, params.get(SIGN_REQUEST_PARAM))
    return AuthorizationRequest(
        client_id=params["client_id"],
        redirect_uri=redirect_uri,
        scope=scope,
        state=params.get("state"),
        nonce=params.get("nonce"),
        code_challenge=params["code_challenge"],
        default_acr=default_acr(requested),
        tbs_text=sign.tbs_text if sign else None,
        sign_data=base64.b64encode(sign.sign_data).decode("ascii") if sign else None,
    )


def _sign_request(scope: str, value: str | None) -> SignRequest | None:
    """The signature asked for: the sign scope and a signRequest, both or neither."""
    if SIGN_SCOPE not in scope.split():
        if value:
            raise _ClientError("invalid_request", "signRequest needs the scope " + SIGN_SCOPE)
        return None
    sign = SignRequest.decode(value or "")
    if sign is None:
        raise _ClientError(
            "invalid_request", "the sign scope needs a signRequest with tbs_text and sign_data"
        )
    return sign


def _acr_from_claims(claims: str | None) -> list[str]:
    """Levels named in the ``claims`` request parameter (OpenID Connect Core §5.5.1.1)."""
    try:
        acr = json.loads(claims or "{}").get("id_token", {}).get("acr", {}) or {}
        values = acr.get("values") or ([acr["value"]] if "value" in acr else [])
    except (ValueError, AttributeError, TypeError):
        return []
    return [v for v in values if isinstance(v, str)]


async def authorize_submit(provider: TestProvider, request: Request) -> Response:
    """The login page's POST: trusts only the signed request plus the person, level and button."""
    form = await request.form()
    authorization = provider.read_request(str(form.get("request", "")))
    if authorization is None:
        return error_page(
            (
                "Inloggningssidan har gått ut. Gå tillbaka till tjänsten och börja om.",
                "The login page has expired. Go back to the service and start again.",
            )
        )
    if form.get("action") == "cancel":
        return redirect_with(
            authorization.redirect_uri,
            {
                "error": "access_denied",
                "error_description": "the person cancelled",
                "state": authorization.state,
            },
        )
    person = PERSONS_BY_ID.get(str(form.get("person", "")))
    acr = str(form.get("loa") or authorization.default_acr)
    if person is None or acr not in {uri for uri, _, _ in pages.LEVELS}:
        return error_page(_CHOOSE_PERSON)
    code = provider.issue_code(authorization, person, acr)
    return redirect_with(authorization.redirect_uri, {"code": code, "state": authorization.state})
