"""A person sees a calm message and a reference; the log gets the technical detail."""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import BlankettError, LoginRequired, NotFound, RequestError
from .rendering import language, render

logger = logging.getLogger("blankett.web")

_HTTP_MESSAGES = {
    404: NotFound.public_message,
    405: ("Det går inte att göra så på den här sidan.", "That cannot be done on this page."),
}


def _page(request: Request, status: int, message: tuple[str, str], reference: str | None = None) -> Response:
    lang = language(request)
    return render(request, "error.html", status_code=status, message=message[1] if lang == "en" else message[0], reference=reference)


async def blankett_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BlankettError)
    if isinstance(exc, LoginRequired) and request.method in {"GET", "HEAD"}:
        query = urlencode({"next": getattr(exc, "next_path", "/"), "level": getattr(exc, "level", 2)})
        return RedirectResponse(f"/logga-in?{query}", status_code=303)
    reference = secrets.token_hex(4)
    level = logging.ERROR if exc.status_code >= 500 else logging.INFO
    logger.log(level, "%s ref=%s %s %s: %s", exc.code, reference, request.method, request.url.path, exc,
               exc_info=exc if exc.status_code >= 500 else None)
    if "session" not in request.scope:
        request.scope["session"] = {}
    return _page(request, exc.status_code, exc.public_message, reference if not isinstance(exc, RequestError) else None)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if "session" not in request.scope:
        request.scope["session"] = {}
    message = _HTTP_MESSAGES.get(exc.status_code, BlankettError.public_message)
    return _page(request, exc.status_code, message)


async def server_error(request: Request, exc: Exception) -> Response:
    reference = secrets.token_hex(4)
    logger.error("unhandled ref=%s %s %s", reference, request.method, request.url.path, exc_info=exc)
    if "session" not in request.scope:
        request.scope["session"] = {}
    return _page(request, 500, BlankettError.public_message, reference)
