"""Login through OpenID Connect, and logout. Protocol details live in blankett.auth."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import audit
from ..auth import loa_uri
from ..cases import person_for, record_roles
from .access import current_person
from .devices import describe_device
from .guards import read_form
from .sessions import clear_session, rotate_session

logger = logging.getLogger(__name__)


def safe_next(path: str | None) -> str:
    """Only paths on this site: never an open redirect."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


async def login(request: Request) -> Response:
    try:
        level = min(max(int(request.query_params.get("level", "2")), 2), 4)
    except ValueError:
        level = 2
    request.session["login_next"] = safe_next(request.query_params.get("next"))
    person = current_person(request)
    # Someone already logged in who needs a higher level steps up: the provider must
    # authenticate again (prompt=login) instead of answering from its own, weaker session.
    step_up = person is not None and int(person.get("loa_rank", 0)) < level
    settings = request.app.state.settings
    return await request.app.state.oidc.start_login(
        request, redirect_uri=f"{settings.base_url}/inloggning/klar", acr=loa_uri(level),
        prompt="login" if step_up else None,
    )


async def callback(request: Request) -> Response:
    state = request.app.state
    identity = await state.oidc.finish_login(request)  # LoginFailed is shown by the error handler
    person = await person_for(state.db, state.settings.secret_key, identity)
    previous = current_person(request)
    action = "login"
    if previous is not None:
        if previous["id"] == person.id:
            action = "login.step_up"
        else:
            # Another person in the same browser: nothing of the first person's session stays.
            keep = {k: request.session[k] for k in ("lang", "login_next") if k in request.session}
            request.session.clear()
            request.session.update(keep)
    async with state.db.session() as s:
        await audit.record(
            s, f"person:{person.id}", action, loa=identity.loa, issuer=identity.issuer, roles=list(identity.roles)
        )
    await record_roles(state.db, person.id, identity.roles)
    rotate_session(request.scope)
    request.session["person"] = {
        "id": person.id,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "loa": identity.loa,
        "loa_rank": identity.loa_rank,
        "roles": list(identity.roles),
    }
    request.session["device"] = describe_device(request.headers.get("user-agent"))  # for "My sessions"
    logger.info("%s person=%s loa=%s", action, person.id, identity.loa_rank)
    return RedirectResponse(safe_next(request.session.pop("login_next", "/")), status_code=303)


async def logout(request: Request) -> Response:
    await read_form(request)
    person = current_person(request)
    state = request.app.state
    if person is not None:
        async with state.db.session() as s:
            await audit.record(s, f"person:{person['id']}", "logout")
    clear_session(request.scope)
    return RedirectResponse(await end_at_provider(request), status_code=303)


async def end_at_provider(request: Request) -> str:
    """Where to send the browser after logging out here: the provider's logout, or the start page."""
    state = request.app.state
    target = await state.oidc.end_session_url(post_logout_redirect_uri=f"{state.settings.base_url}/")
    return target or "/"
