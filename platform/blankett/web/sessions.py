"""Server-side sessions: the cookie carries only a signed session id; the data lives in the database.

Why not starlette's cookie session: a login must be revocable ("log out everywhere"), the
session must not grow with what is stored in it, and nothing personal should ride in a cookie.
The data is loaded in one short transaction before the endpoint runs and written back in
another only when it changed, so no database connection is held while the endpoint works.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..db import Database, WebSession, utcnow
from ..settings import Settings

COOKIE = "blankett_session"
ROTATE = "blankett.session.rotate"
CLEAR = "blankett.session.clear"
_TOUCH_EVERY = timedelta(seconds=60)


class SessionMiddleware:
    def __init__(self, app: ASGIApp, *, settings: Settings, db: Database) -> None:
        self.app = app
        self.db = db
        self.signer = URLSafeSerializer(settings.secret_key, salt="blankett.session")
        self.idle = timedelta(minutes=settings.session_idle_minutes)
        self.absolute = timedelta(hours=settings.session_absolute_hours)
        self.secure = settings.production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session_id, row = await self._load(HTTPConnection(scope).cookies.get(COOKIE))
        data: dict[str, Any] = dict(row.data) if row else {}
        before = json.dumps(data, sort_keys=True)
        scope["session"] = data
        scope["blankett.session_id"] = session_id

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await self._store(scope, session_id, row, before)
                if cookie is not None:
                    MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_wrapper)

    async def _load(self, cookie: str | None) -> tuple[str | None, WebSession | None]:
        if not cookie:
            return None, None
        try:
            session_id = self.signer.loads(cookie)
        except BadSignature:
            return None, None
        async with self.db.session() as s:
            row = await s.get(WebSession, session_id)
            if row is None:
                return None, None
            if row.expires_at <= utcnow():
                await s.delete(row)
                return None, None
            s.expunge(row)
        return session_id, row

    def _expiry(self, created: datetime, now: datetime) -> datetime:
        return min(now + self.idle, created + self.absolute)

    def _cookie(self, value: str, max_age: int) -> str:
        parts = [f"{COOKIE}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

    async def _store(self, scope: Scope, session_id: str | None, row: WebSession | None, before: str) -> str | None:
        data: dict[str, Any] = scope["session"]
        now = utcnow()
        if scope.get(CLEAR):
            if session_id:
                async with self.db.session() as s:
                    await s.execute(delete(WebSession).where(WebSession.id == session_id))
            return self._cookie("", 0) if session_id else None
        rotate = bool(scope.get(ROTATE))
        changed = json.dumps(data, sort_keys=True) != before
        if not (changed or rotate) and row is not None:
            if now - row.last_seen_at < _TOUCH_EVERY:
                return None
        if not data and row is None:
            return None  # nothing worth a session yet
        person_id = data.get("person_id")
        async with self.db.session() as s:
            if rotate or row is None:
                # A fresh id at login (no fixation); the old row goes.
                if session_id:
                    await s.execute(delete(WebSession).where(WebSession.id == session_id))
                session_id = secrets.token_urlsafe(32)
                s.add(WebSession(
                    id=session_id, person_id=person_id, data=data, created_at=now, last_seen_at=now,
                    expires_at=self._expiry(now, now),
                ))
            else:
                stored = await s.scalar(select(WebSession).where(WebSession.id == session_id))
                if stored is None:
                    return self._cookie("", 0)
                stored.data, stored.person_id, stored.last_seen_at = data, person_id, now
                stored.expires_at = self._expiry(stored.created_at, now)
        return self._cookie(self.signer.dumps(session_id), int(self.absolute.total_seconds()))


def rotate_session(scope: Scope) -> None:
    """Give the session a new id when the response is sent (call at login)."""
    scope[ROTATE] = True


def clear_session(scope: Scope) -> None:
    """End the session: its row is deleted and the cookie removed."""
    scope["session"].clear()
    scope[CLEAR] = True
