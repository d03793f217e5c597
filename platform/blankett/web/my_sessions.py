"""My sessions: where the person is logged in, ending one or all of them, and the session timer.

Each session keeps a rough device description made from the User-Agent at login
(``devices.describe_device``), never the User-Agent itself or the address. A page names a
session by a hash of its id, so the id the cookie carries (signed) never appears in a page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from .. import audit
from ..db import WebSession, utcnow
from .access import require_person
from .guards import read_form
from .login import end_at_provider, safe_next
from .rendering import clock_time, language, render
from .sessions import clear_session, extend_session, quiet_request, session_timer
from .texts import translate


def handle(session_id: str) -> str:
    """How a page names a session: not its id."""
    return hashlib.sha256(f"blankett.session:{session_id}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class SessionView:
    handle: str
    started: datetime
    last_seen: datetime
    loa: int
    device: str
    current: bool


async def _own_sessions(request: Request, person_id: str) -> list[tuple[WebSession, SessionView]]:
    current = request.scope.get("blankett.session_id")
    async with request.app.state.db.session() as s:
        rows = list(
            await s.scalars(
                select(WebSession)
                .where(WebSession.person_id == person_id, WebSession.expires_at > utcnow())
                .order_by(WebSession.last_seen_at.desc())
            )
        )
    views = []
    for row in rows:
        data: dict[str, Any] = row.data if isinstance(row.data, dict) else {}
        found = data.get("person")
        person: dict[str, Any] = found if isinstance(found, dict) else {}
        if person.get("id") != person_id:
            continue
        views.append(
            (
                row,
                SessionView(
                    handle(row.id),
                    row.created_at,
                    row.last_seen_at,
                    int(person.get("loa_rank", 0)),
                    str(data.get("device", "")),
                    row.id == current,
                ),
            )
        )
    views.sort(key=lambda pair: not pair[1].current)  # this session first
    return views


async def session_list(request: Request) -> Response:
    person = require_person(request)
    views = [view for _, view in await _own_sessions(request, str(person["id"]))]
    ended = request.query_params.get("avslutad") == "1"
    return render(request, "sessions.html", sessions=views, ended=ended)


async def end_one(request: Request) -> Response:
    """End another of the person's sessions: that browser is logged out at its next request."""
    person = require_person(request)
    form = await read_form(request)
    wanted = str(form.get("session", ""))
    for row, view in await _own_sessions(request, str(person["id"])):
        if view.handle == wanted and not view.current:
            async with request.app.state.db.session() as s:
                await s.execute(delete(WebSession).where(WebSession.id == row.id))
                await audit.record(s, f"person:{person['id']}", "session.ended", ended=view.handle)
            return RedirectResponse("/sessioner?avslutad=1", status_code=303)
    return RedirectResponse("/sessioner", status_code=303)  # already gone: the list shows that


async def end_all(request: Request) -> Response:
    """Log out everywhere: every session of the person ends, this one too, and at the provider."""
    person = require_person(request)
    await read_form(request)
    async with request.app.state.db.session() as s:
        result = await s.execute(delete(WebSession).where(WebSession.person_id == person["id"]))
        await audit.record(
            s,
            f"person:{person['id']}",
            "logout.everywhere",
            sessions=int(result.rowcount or 0),
        )
    target = await end_at_provider(request)  # the provider this session logged in with
    clear_session(request.scope)
    return RedirectResponse(target, status_code=303)


def _timer_body(request: Request) -> dict[str, Any]:
    timer = session_timer(request.scope)
    if timer is None:
        return {"logged_in": False, "seconds_left": 0}
    key = "session_ends_idle" if timer.idle else "session_ends_absolute"
    return {
        "logged_in": True,
        "seconds_left": timer.seconds_left,
        "extendable": timer.idle,
        "text": translate(key, language(request), time=clock_time(timer.ends_at)),
    }


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def extend(request: Request) -> Response:
    """Förläng: the idle timeout starts again. A form post returns to the page it came from;
    the warning script asks for JSON instead."""
    form = await read_form(request)
    extend_session(request.scope)
    if _wants_json(request):
        return JSONResponse(_timer_body(request))
    return RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)


async def timer_status(request: Request) -> Response:
    """How long the session has left, for the warning script; asking is not activity."""
    quiet_request(request.scope)
    return JSONResponse(_timer_body(request), headers={"cache-control": "no-store"})


async def logged_out(request: Request) -> Response:
    """Where an expired session lands: why it ended, and what happened to unsent answers.

    Through the provider's logout, the reason comes back in ``state`` (blankett.web.sessions)."""
    if request.session.get("person") is not None:
        return RedirectResponse("/arenden", status_code=303)  # logged in again meanwhile
    why = request.query_params
    if "orsak" not in why and "state" in why:
        why = QueryParams(why["state"])
    reason = "absolute" if why.get("orsak") == "tid" else "idle"
    drafts_kept = why.get("utkast") != "nej"
    return render(request, "logged_out.html", reason=reason, drafts_kept=drafts_kept)
