"""The case API as a Starlette sub-app, mounted at ``/api`` by ``blankett.app``: JSON only, its
own error handlers (one JSON error shape), no cookies, no CSRF (Bearer tokens are not sent by
browsers on their own)."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import audit
from ..catalog import Catalog
from ..db import Database
from ..errors import BlankettError
from ..security import Policy
from ..settings import Settings
from . import actions, cases
from .access import ApiState, api_state
from .clients import load_clients
from .errors import CatchAllMiddleware, api_language, blankett_error, error_body, http_error
from .openapi import openapi_document
from .tokens import TokenServer

logger = logging.getLogger("blankett.api")

_TOKEN_ERRORS: dict[str, tuple[str, str]] = {
    "invalid_client": (
        "Klienten kunde inte autentiseras. Kontrollera klient-id och hemlighet (HTTP Basic).",
        "The client could not be authenticated. Check the client id and secret (HTTP Basic).",
    ),
    "invalid_scope": (
        "Klienten har inte den begärda behörigheten (scope). Be om en av klientens scopes eller utelämna scope.",
        "The client does not have the requested scope. Ask for the client's scopes or leave scope out.",
    ),
    "unsupported_grant_type": (
        "Endast grant_type=client_credentials stöds.",
        "Only grant_type=client_credentials is supported.",
    ),
}
_TOKEN_REQUEST_ERROR = (
    "Begäran om token är felaktig. Skicka grant_type=client_credentials som formulärdata.",
    "The token request is malformed. Send grant_type=client_credentials as form data.",
)


async def token_endpoint(request: Request) -> Response:
    """``POST /api/oauth/token``: RFC 6749 client credentials; errors carry both shapes."""
    state = api_state(request)
    form: dict[str, str] = {}
    if request.headers.get("content-type", "").split(";")[0].strip() == "application/x-www-form-urlencoded":
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    status, body, headers, client = state.tokens.issue(request.headers, form)
    claimed = client.client_id if client else state.tokens.claimed_client(request.headers)
    if claimed is not None:  # refusals for unknown client ids go to the log, not the audit trail
        async with state.db.session() as s:
            action = "api.token_issued" if client else "api.token_refused"
            await audit.record(s, f"client:{claimed}", action, scope=body.get("scope"), error=body.get("error"))
    if status != 200:
        code = str(body.get("error", "invalid_request"))
        logger.info("api token refused: %s", code)
        message = _TOKEN_ERRORS.get(code, _TOKEN_REQUEST_ERROR)[api_language(request)]
        body = error_body(code, message, **body)
    return JSONResponse(body, status_code=status, headers=headers)


async def openapi_endpoint(request: Request) -> Response:
    return JSONResponse(api_state(request).openapi)


def create_api(settings: Settings, db: Database, catalog: Catalog, policy: Policy) -> Starlette:
    """The sub-app; refuses to start on a broken ``[api_clients.*]`` table (ConfigurationError)."""
    clients = load_clients(settings, catalog.services.keys())
    case = "/v1/cases/{reference}"
    api = Starlette(
        routes=[
            Route("/openapi.json", openapi_endpoint),
            Route("/oauth/token", token_endpoint, methods=["POST"]),
            Route("/v1/cases", cases.list_cases),
            Route(case, cases.get_case),
            Route(f"{case}/pdf", cases.get_case_pdf),
            Route(f"{case}/timeline", cases.get_timeline),
            Route(case + "/documents/{document_id}", cases.get_document),
            Route(case + "/attachments/{attachment_id}", cases.get_attachment),
            Route(f"{case}/registration", actions.post_registration, methods=["POST"]),
            Route(f"{case}/status", actions.post_status, methods=["POST"]),
            Route(f"{case}/messages", actions.post_message, methods=["POST"]),
            Route(f"{case}/completion-requests", actions.post_completion_request, methods=["POST"]),
            Route(f"{case}/decision", actions.post_decision, methods=["POST"]),
        ],
        middleware=[Middleware(CatchAllMiddleware)],
        exception_handlers={BlankettError: blankett_error, HTTPException: http_error},
    )
    api.state.api = ApiState(
        settings, db, catalog, policy, TokenServer(settings, clients), openapi_document(settings.base_url)
    )
    return api
