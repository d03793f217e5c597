"""Server-side sessions: the cookie carries only a signed session id; the data lives in the database.

Why not starlette's cookie session: a login must be revocable ("log out everywhere"), the
session must not grow with what is stored in it, and nothing personal should ride in a cookie.
The data is loaded in one short transaction before the endpoint runs and written back in
another only when it changed, so no database connection is held while the endpoint works.

A session ends after ``session_idle_minutes`` without activity or ``session_absolute_hours``
after login, whichever comes first. A service (or case) whose classification asks for shorter
times tightens them for the rest of the session (``tighten_session``), and so do
``staff_session_idle_minutes`` and ``staff_session_absolute_hours`` for a person with staff roles.
A logged-in person whose session has run out is logged out at the provider they logged in with
too (RP-initiated logout) and lands on ``/utloggad``, which says why: the reason travels in the
logout's ``state``. When the provider cannot be reached, the person goes straight to the page.
Only a page view does that: a script's request (the session timer's) is told the login is over
and the session is left for the page view that follows, since a script cannot follow a redirect
to another site.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..auth.roles import is_staff
from ..db import Database, WebSession, utcnow
from ..security import Controls
from ..settings import Settings

if TYPE_CHECKING:
    from ..auth.providers import Providers

COOKIE = "blankett_session"
ROTATE = "blankett.session.rotate"
CLEAR = "blankett.session.clear"
EXTEND = "blankett.session.extend"  # count this request as activity even if the last was just now
QUIET = "blankett.session.quiet"  # this request is not activity (the warning script asking how long is left)
STATE = "blankett.session.state"
LIMITS = "limits"  # session data: the strictest timeouts of the services touched
LOGGED_OUT_PATH = "/utloggad"
_TOUCH_EVERY = timedelta(seconds=60)
_NO_REDIRECT = ("/static/", "/api/")


@dataclass(frozen=True)
class Timer:
    """When a logged-in session ends if nothing more happens."""

    ends_at: datetime
    idle: bool  # True: the idle timeout ends it, so activity moves it; False: the absolute one
    seconds_left: int


@dataclass(frozen=True)
class _Ended:
    """A logged-in session that has run out: why (the query of /utloggad) and its login's provider."""

    session_id: str
    query: dict[str, str]
    person: dict[str, Any]


@dataclass
class _State:
    middleware: SessionMiddleware
    session_id: str | None
    row: WebSession | None
    before: str


class SessionMiddleware:
    def __init__(
        self, app: ASGIApp, *, settings: Settings, db: Database, providers: Providers | None = None
    ) -> None:
        self.app = app
        self.db = db
        self.providers = providers
        self.logged_out_url = settings.base_url + LOGGED_OUT_PATH
        self.signer = URLSafeSerializer(settings.secret_key, salt="blankett.session")
        self.idle = timedelta(minutes=settings.session_idle_minutes)
        self.absolute = timedelta(hours=settings.session_absolute_hours)
        self.staff_idle = timedelta(minutes=settings.staff_session_idle_minutes)
        self.staff_absolute = timedelta(hours=settings.staff_session_absolute_hours)
        self.secure = settings.production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session_id, row, ended = await self._load(HTTPConnection(scope).cookies.get(COOKIE))
        if ended is not None and not scope["path"].startswith(_NO_REDIRECT):
            if not _page_view(scope):
                over = JSONResponse({"logged_in": False, "seconds_left": 0}, status_code=401)
                await over(scope, receive, send)
                return
            await self._delete(ended.session_id)
            response = RedirectResponse(await self._logged_out_target(ended), status_code=303)
            response.headers.append("set-cookie", self._cookie("", 0))
            await response(scope, receive, send)
            return
        data: dict[str, Any] = dict(row.data) if row else {}
        before = json.dumps(data, sort_keys=True)
        scope["session"] = data
        scope["blankett.session_id"] = session_id
        scope[STATE] = _State(self, session_id, row, before)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await self._store(scope, session_id, row, before)
                if cookie is not None:
                    MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_wrapper)

    async def _logged_out_target(self, ended: _Ended) -> str:
        """The provider's end-session address, which comes back to /utloggad; else /utloggad itself."""
        query = urlencode(ended.query)
        provider = self.providers.recorded(ended.person) if self.providers is not None else None
        if provider is not None:
            target = await provider.client.end_session_url(
                post_logout_redirect_uri=self.logged_out_url, state=query, fresh=True
            )
            if target:
                return target
        return f"{LOGGED_OUT_PATH}?{query}"

    def limits(self, data: dict[str, Any]) -> tuple[timedelta, timedelta]:
        """Idle and absolute timeout: the settings, or stricter ones of a touched service or for staff."""
        found = data.get(LIMITS)
        stored: dict[str, Any] = found if isinstance(found, dict) else {}
        idle, absolute = self.idle, self.absolute
        person = data.get("person")
        if isinstance(person, dict) and is_staff(person.get("roles") or []):
            idle, absolute = min(idle, self.staff_idle), min(absolute, self.staff_absolute)
        if isinstance(stored.get("idle_minutes"), int):
            idle = min(idle, timedelta(minutes=stored["idle_minutes"]))
        if isinstance(stored.get("absolute_hours"), int):
            absolute = min(absolute, timedelta(hours=stored["absolute_hours"]))
        return idle, absolute

    async def _delete(self, session_id: str) -> None:
        async with self.db.session() as s:
            await s.execute(delete(WebSession).where(WebSession.id == session_id))

    async def _load(self, cookie: str | None) -> tuple[str | None, WebSession | None, _Ended | None]:
        """The session row; for a logged-in session that has run out, why it ended instead
        (its row stays until a page view ends it; an anonymous one is deleted at once)."""
        if not cookie:
            return None, None, None
        try:
            session_id = self.signer.loads(cookie)
        except BadSignature:
            return None, None, None
        async with self.db.session() as s:
            row = await s.get(WebSession, session_id)
            if row is None:
                return None, None, None
            now = utcnow()
            if self._ends(row) <= now:
                ended = self._why_ended(row, now)
                if ended is None:
                    await s.delete(row)
                return None, None, ended
            s.expunge(row)
        return session_id, row, None

    def _ends(self, row: WebSession) -> datetime:
        """When ``row`` ends if nothing more happens, under the timeouts that hold now."""
        data = row.data if isinstance(row.data, dict) else {}
        return min(row.expires_at, self._expiry(data, row.created_at, row.last_seen_at))

    def _why_ended(self, row: WebSession, now: datetime) -> _Ended | None:
        data = row.data if isinstance(row.data, dict) else {}
        person = data.get("person")
        if not isinstance(person, dict):
            return None  # an anonymous session just ends
        _, absolute = self.limits(data)
        query = {"orsak": "tid" if row.created_at + absolute <= now else "inaktivitet"}
        if isinstance(data.get(LIMITS), dict) and data[LIMITS].get("drafts_kept") is False:
            query["utkast"] = "nej"
        return _Ended(row.id, query, person)

    def _expiry(self, data: dict[str, Any], created: datetime, now: datetime) -> datetime:
        idle, absolute = self.limits(data)
        return min(now + idle, created + absolute)

    def _writes(self, scope: Scope, row: WebSession | None, before: str, now: datetime) -> bool:
        """Whether this response writes the session back (and so moves its idle expiry)."""
        if row is None or scope.get(ROTATE) or json.dumps(scope["session"], sort_keys=True) != before:
            return True
        if scope.get(QUIET):
            return False
        return bool(scope.get(EXTEND)) or now - row.last_seen_at >= _TOUCH_EVERY

    def timer(self, scope: Scope, state: _State) -> Timer | None:
        data: dict[str, Any] = scope["session"]
        if "person" not in data:
            return None
        now = utcnow()
        row = state.row
        created = row.created_at if row is not None and not scope.get(ROTATE) else now
        if row is not None and not self._writes(scope, row, state.before, now):
            ends = self._ends(row)
        else:
            ends = self._expiry(data, created, now)
        _, absolute = self.limits(data)
        return Timer(ends, ends < created + absolute, max(0, int((ends - now).total_seconds())))

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
        if row is not None and not self._writes(scope, row, before, now):
            return None
        if not data and row is None:
            return None  # nothing worth a session yet
        person = data.get("person")
        person_id = person.get("id") if isinstance(person, dict) else None
        async with self.db.session() as s:
            if rotate or row is None:
                # A fresh id at login (no fixation); the old row goes.
                if session_id:
                    await s.execute(delete(WebSession).where(WebSession.id == session_id))
                session_id = secrets.token_urlsafe(32)
                s.add(WebSession(
                    id=session_id, person_id=person_id, data=data, created_at=now, last_seen_at=now,
                    expires_at=self._expiry(data, now, now),
                ))
            else:
                stored = await s.scalar(select(WebSession).where(WebSession.id == session_id))
                if stored is None:
                    return self._cookie("", 0)  # ended meanwhile (logged out elsewhere)
                stored.data, stored.person_id, stored.last_seen_at = data, person_id, now
                stored.expires_at = self._expiry(data, stored.created_at, now)
        return self._cookie(self.signer.dumps(session_id), int(self.absolute.total_seconds()))


def _page_view(scope: Scope) -> bool:
    """Whether the browser is showing the response as a page (not a script's fetch, an image)."""
    headers = Headers(scope=scope)
    mode = headers.get("sec-fetch-mode")
    if mode is not None:
        return mode == "navigate"
    return "application/json" not in headers.get("accept", "")  # a browser without Fetch Metadata


def rotate_session(scope: Scope) -> None:
    """Give the session a new id when the response is sent (call at login)."""
    scope[ROTATE] = True


def clear_session(scope: Scope) -> None:
    """End the session: its row is deleted and the cookie removed."""
    scope["session"].clear()
    scope[CLEAR] = True


def extend_session(scope: Scope) -> None:
    """Count this request as activity, so the idle timeout starts again from now."""
    scope[EXTEND] = True


def quiet_request(scope: Scope) -> None:
    """This request is not the person's activity: it does not move the idle timeout."""
    scope[QUIET] = True


def session_timer(scope: Scope) -> Timer | None:
    """When the logged-in session ends if nothing more happens; None when nobody is logged in."""
    state = scope.get(STATE)
    return state.middleware.timer(scope, state) if isinstance(state, _State) else None


def session_started(scope: Scope) -> datetime | None:
    state = scope.get(STATE)
    if isinstance(state, _State) and state.row is not None and not scope.get(ROTATE):
        return state.row.created_at
    return None


def tighten_session(scope: Scope, controls: Controls) -> None:
    """Follow a service's stricter session timeouts from now on (they never loosen again).

    A person logged in longer ago than the service's absolute timeout allows is logged out
    here, so the page asks them to log in again."""
    data: dict[str, Any] = scope["session"]
    found = data.get(LIMITS)
    current: dict[str, Any] = found if isinstance(found, dict) else {}
    idle, absolute = controls.session_idle_minutes, controls.session_absolute_hours
    tightened = {
        "idle_minutes": min(current.get("idle_minutes", idle), idle),
        "absolute_hours": min(current.get("absolute_hours", absolute), absolute),
        "drafts_kept": bool(current.get("drafts_kept", True)) and controls.drafts_allowed,
    }
    if tightened != current:
        data[LIMITS] = tightened
    started = session_started(scope)
    if started is not None and "person" in data:
        if started + timedelta(hours=tightened["absolute_hours"]) <= utcnow():
            del data["person"]
