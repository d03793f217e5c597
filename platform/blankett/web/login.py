"""Login through OpenID Connect at one of the configured providers, and logout.

Protocol details live in blankett.auth. ``/logga-in`` goes straight to the citizens' provider
when there is one and shows a choice page when there are several; a login for a staff page,
and ``/personal/logga-in``, does the same with the staff providers; ``/logga-in/<name>`` starts
at the provider named. A person already logged in who needs a higher level steps up at the
provider they logged in with. Each provider answers at its own callback path
(blankett.auth.provider_config), and only a staff provider's roles count.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import audit
from ..auth import Provider, loa_uri
from ..auth.provider_config import DEFAULT
from ..cases import person_for, record_roles
from ..errors import LoginFailed, NotFound
from ..representation import login_facts
from .access import current_person
from .devices import describe_device
from .guards import read_form
from .rendering import render
from .sessions import clear_session, rotate_session

logger = logging.getLogger(__name__)

STAFF_PATHS = ("/handlaggning", "/admin", "/forfattare")  # pages whose login goes through a staff provider


def safe_next(path: str | None) -> str:
    """Only paths on this site: never an open redirect."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def _level(request: Request) -> int:
    try:
        return min(max(int(request.query_params.get("level", "2")), 2), 4)
    except ValueError:
        return 2


def _is_staff_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in STAFF_PATHS)


def _steps_up(request: Request) -> bool:
    person = current_person(request)
    return person is not None and int(person.get("loa_rank", 0)) < _level(request)


async def login(request: Request) -> Response:
    providers = request.app.state.providers
    staff = _is_staff_path(safe_next(request.query_params.get("next")))
    return await _enter(request, providers.staff() if staff else providers.citizen(), staff=staff)


async def staff_login(request: Request) -> Response:
    """The staff entry: the staff directory (or the choice of them)."""
    return await _enter(request, request.app.state.providers.staff(), staff=True)


async def login_with(request: Request) -> Response:
    """Log in at the provider named in the path (a choice on the choice page)."""
    provider = request.app.state.providers.find(request.path_params["provider"])
    if provider is None:
        raise NotFound("no such OpenID provider")
    request.session["login_next"] = safe_next(request.query_params.get("next"))
    return await _start(request, provider)


async def _enter(request: Request, candidates: list[Provider], *, staff: bool) -> Response:
    next_path = request.session["login_next"] = safe_next(request.query_params.get("next"))
    own = request.app.state.providers.recorded(current_person(request))
    if _steps_up(request) and own is not None and (own.config.staff or not staff):
        return await _start(request, own)  # a step-up happens where the person logged in
    if not candidates:
        raise NotFound("no OpenID provider serves this login")
    if len(candidates) == 1:
        return await _start(request, candidates[0])
    query = urlencode({"next": next_path, "level": _level(request)})
    heading = "staff_login_heading" if staff else "login_choice_heading"
    return render(
        request, "login_choice.html", providers=candidates, query=query, heading=heading, staff=staff
    )


async def _start(request: Request, provider: Provider) -> Response:
    # Someone already logged in who needs a higher level steps up: the provider must
    # authenticate again (prompt=login) instead of answering from its own, weaker session.
    settings = request.app.state.settings
    response: Response = await provider.client.start_login(
        request, redirect_uri=f"{settings.base_url}{provider.config.callback_path}",
        acr=loa_uri(_level(request)), prompt="login" if _steps_up(request) else None,
    )
    return response


async def callback(request: Request) -> Response:
    state = request.app.state
    provider = state.providers.find(request.path_params.get("provider", DEFAULT))
    if provider is None:
        raise LoginFailed("a login came back for an OpenID provider that is not configured")
    identity = await provider.client.finish_login(request)  # LoginFailed is shown by the error handler
    # A citizen provider is not trusted with roles, whatever it sends.
    roles = list(identity.roles) if provider.config.staff else []
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
            s, f"person:{person.id}", action, loa=identity.loa, issuer=identity.issuer, roles=roles,
            provider=provider.name,
        )
    if provider.config.staff:  # a login elsewhere says nothing about the person's staff roles
        await record_roles(state.db, person.id, roles)
    rotate_session(request.scope)
    request.session["person"] = {
        "id": person.id,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "loa": identity.loa,
        "loa_rank": identity.loa_rank,
        "roles": roles,
        "provider": provider.name,  # step-up, signing and logout go back to it
        **await login_facts(state.settings, identity),  # birth date, organisations represented
    }
    request.session["device"] = describe_device(request.headers.get("user-agent"))  # for "My sessions"
    logger.info("%s person=%s loa=%s provider=%s", action, person.id, identity.loa_rank, provider.name)
    return RedirectResponse(safe_next(request.session.pop("login_next", "/")), status_code=303)


async def logout(request: Request) -> Response:
    await read_form(request)
    person = current_person(request)
    state = request.app.state
    if person is not None:
        async with state.db.session() as s:
            await audit.record(s, f"person:{person['id']}", "logout")
    target = await end_at_provider(request)
    clear_session(request.scope)
    return RedirectResponse(target, status_code=303)


async def end_at_provider(request: Request) -> str:
    """Where to send the browser after logging out here: the logout of the provider the person
    logged in with, or the start page. Call it before the session is cleared."""
    state = request.app.state
    provider = state.providers.of_person(current_person(request))
    target = await provider.client.end_session_url(post_logout_redirect_uri=f"{state.settings.base_url}/")
    return target or "/"
