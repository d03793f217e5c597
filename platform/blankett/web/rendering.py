"""Template rendering with the context every page needs: language, texts, person, CSRF token."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from ..formengine import text
from .guards import csrf_token
from .sessions import session_timer
from .texts import LANGUAGES, translate

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
LOCAL_TIME = ZoneInfo("Europe/Stockholm")
MONTHS = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}


def language(request: Request) -> str:
    lang = request.session.get("lang", "sv") if "session" in request.scope else "sv"
    return lang if lang in LANGUAGES else "sv"


def format_date(value: date | datetime, lang: str) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TIME).date()
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_datetime(value: datetime, lang: str) -> str:
    local = value.astimezone(LOCAL_TIME)
    return f"{format_date(local, lang)} {local:%H:%M}"


def clock_time(value: datetime) -> str:
    """Local hours and minutes, seconds cut off: "14:35" for an end at 14:35:40 (never too late)."""
    return f"{value.astimezone(LOCAL_TIME):%H:%M}"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    has_session = "session" in request.scope
    other = translate("other_language_code", lang)
    context.setdefault("errors", [])
    context.update(
        lang=lang,
        t=lambda key, **values: translate(key, lang, **values),
        tx=lambda value: text(value, lang),
        date=lambda value: format_date(value, lang),
        datetime=lambda value: format_datetime(value, lang),
        person=request.session.get("person") if has_session else None,
        csrf_token=csrf_token(request) if has_session else "",
        session_timer=session_timer(request.scope) if has_session else None,  # web/my_sessions.py
        clock=clock_time,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        other_language_url=request.url.include_query_params(lang=other).path + "?" + request.url.include_query_params(lang=other).query,
    )
    return templates.TemplateResponse(request, name, context, status_code=status_code)
