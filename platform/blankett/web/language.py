"""``?lang=en`` on any page switches the language for the rest of the session; answers stay."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from .texts import LANGUAGES


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            lang = HTTPConnection(scope).query_params.get("lang")
            if lang in LANGUAGES and scope["session"].get("lang", "sv") != lang:
                scope["session"]["lang"] = lang
        await self.app(scope, receive, send)
