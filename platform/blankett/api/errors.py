"""One JSON error shape for every error the case API gives:

    {"ok": false, "code": "<stable code>", "message": "<a sentence>", "errors": [{"pointer", "message"}]}

``code`` and the status come from the exception tree (blankett.errors); ``message`` is the
exception's public message, in Swedish unless the request's Accept-Language starts with ``en``;
``errors`` lists input problems field by field (JSON pointers into the body or parameters).
The technical detail goes to the log only.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BlankettError, InputInvalid, NotFound, TokenInvalid

logger = logging.getLogger("blankett.api")

_HTTP: dict[int, tuple[str, tuple[str, str]]] = {
    405: ("method_not_allowed", ("Metoden stöds inte för den här adressen.", "The method is not supported at this address.")),
}


def api_language(request: Request | Scope) -> int:
    """0 for Swedish (the default), 1 for English: an index into ``(sv, en)`` pairs."""
    headers = request.headers if isinstance(request, Request) else Request(request).headers
    return 1 if headers.get("accept-language", "").strip().lower().startswith("en") else 0


def error_body(code: str, message: str, errors: list[dict[str, str]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "code": code, "message": message, "errors": errors or [], **extra}


def error_response(request: Request, exc: BlankettError) -> JSONResponse:
    problems = exc.problems if isinstance(exc, InputInvalid) else []
    errors = [{"pointer": pointer, "message": message} for pointer, message in problems]
    body = error_body(exc.code, exc.public_message[api_language(request)], errors)
    headers = {"WWW-Authenticate": f'Bearer error="{exc.code}"'} if isinstance(exc, TokenInvalid) else None
    return JSONResponse(body, status_code=exc.status_code, headers=headers)


async def blankett_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BlankettError)
    level = logging.ERROR if exc.status_code >= 500 else logging.INFO
    logger.log(level, "api %s %s %s: %s", exc.code, request.method, request.url.path, exc,
               exc_info=exc if exc.status_code >= 500 else None)
    return error_response(request, exc)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_response(request, NotFound("no such API address"))
    code, message = _HTTP.get(exc.status_code, ("http_error", BlankettError.public_message))
    return JSONResponse(error_body(code, message[api_language(request)]), status_code=exc.status_code)


class CatchAllMiddleware:
    """An unexpected exception becomes a JSON 500 with a log reference, and goes no further.

    Starlette's own catch-all re-raises after answering, which would reach the outer app's
    HTML error page with the response already sent; inside the mounted API it must end here.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            reference = secrets.token_hex(4)
            logger.error("api unhandled ref=%s %s %s", reference, scope.get("method"), scope.get("path"), exc_info=exc)
            if started:
                return
            body = error_body("internal_error", BlankettError.public_message[api_language(scope)], reference=reference)
            await JSONResponse(body, status_code=500)(scope, receive, send)
