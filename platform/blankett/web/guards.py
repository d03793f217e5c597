"""Request guards: body size limit and CSRF. Every form POST reads its body through ``read_form``."""

from __future__ import annotations

import hmac
import re
import secrets

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BadRequest, BodyTooLarge, CsrfFailed

CSRF_FIELD = "csrf_token"


UPLOAD_PATH = re.compile(r"^/e-tjanst/[^/]+/sida/[^/]+$")


def _multipart(scope: Scope) -> bool:
    return any(
        name == b"content-type" and value.split(b";")[0].strip().lower() == b"multipart/form-data"
        for name, value in scope["headers"]
    )


class BodyLimitMiddleware:
    """Refuse bodies over ``max_bytes``: early by Content-Length, else while streaming. A form
    page that uploads files (a multipart POST to a page) may send up to ``max_upload_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_upload_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max(max_upload_bytes or max_bytes, max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        if scope.get("method") == "POST" and UPLOAD_PATH.match(scope.get("path", "")) and _multipart(scope):
            limit = self.max_upload_bytes
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    too_large = int(value) > limit
                except ValueError:
                    too_large = False
                if too_large:
                    scope["blankett.body_too_large"] = True
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if scope.get("blankett.body_too_large"):
                raise BodyTooLarge("Content-Length over the limit")
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(f"body over {limit} bytes")
            return message

        await self.app(scope, limited_receive, send)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def read_form(request: Request) -> FormData:
    """Parse a urlencoded or multipart body once, and check its CSRF token."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type not in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        raise BadRequest(f"expected a form body, got {content_type or 'none'!r}")
    try:
        form = await request.form()
    except (BodyTooLarge, CsrfFailed):
        raise
    except Exception as exc:  # malformed multipart and the like: the client's fault
        raise BadRequest(f"unreadable form body: {type(exc).__name__}") from exc
    expected = request.session.get("csrf")
    given = form.get(CSRF_FIELD)
    if not expected or not isinstance(given, str) or not hmac.compare_digest(expected, given):
        raise CsrfFailed("missing or wrong CSRF token")
    return form
