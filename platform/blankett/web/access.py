"""Who may do what. Every page that touches a person's data asks here, nowhere else."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request

from ..cases.representation import represented_key
from ..catalog import Service
from ..db import Case
from ..errors import LoginRequired, NotFound, NotPermitted
from .sessions import tighten_session


def current_person(request: Request) -> dict[str, Any] | None:
    person = request.session.get("person")
    return person if isinstance(person, dict) else None


def login_required(request: Request, level: int) -> LoginRequired:
    exc = LoginRequired(f"level {level} needed")
    exc.next_path = request.url.path  # type: ignore[attr-defined]
    exc.level = level  # type: ignore[attr-defined]
    return exc


def require_person(request: Request, level: int = 2) -> dict[str, Any]:
    person = current_person(request)
    if person is None or int(person.get("loa_rank", 0)) < level:
        raise login_required(request, level)
    return person


# Staff pages show other people's data or what protects it: level 3 (substantial) at least.
STAFF_MINIMUM_LOA = 3


def require_role(request: Request, role: str) -> dict[str, Any]:
    """The logged-in member of staff holding ``role``; anyone else logs in, then gets a 403."""
    person = require_person(request, STAFF_MINIMUM_LOA)
    if role not in (person.get("roles") or []):
        raise NotPermitted(f"no {role} role")
    return person


def draft_owner(request: Request, service: Service) -> str:
    """The key a person's answers for this service are kept under; asks for login when needed.
    From here on the session follows the service's session timeouts where they are stricter."""
    tighten_session(request.scope, service.controls)
    if service.login_required:
        return str(require_person(request, service.minimum_loa)["id"])
    person = current_person(request)
    if person is not None:
        return str(person["id"])
    anon = request.session.get("anon")
    if not anon:
        anon = request.session["anon"] = secrets.token_urlsafe(16)
    return f"session:{anon}"


def represented_keys(request: Request) -> list[str]:
    """The blind-index keys of the organisations the current login shows the person represents
    (its organisation claims, or the mandate lookup at login: blankett.representation)."""
    person = current_person(request)
    organisations = person.get("organisations") if person is not None else None
    secret = request.app.state.settings.secret_key
    return [
        represented_key(secret, "org", str(o["number"]))
        for o in organisations or [] if isinstance(o, dict) and o.get("number")
    ]


def is_case_owner(request: Request, case: Case) -> bool:
    """Whether the logged-in person filed the case: only they act on it (write, answer, withdraw)."""
    person = current_person(request)
    return person is not None and case.owner_person_id is not None and case.owner_person_id == person["id"]


def check_case_access(request: Request, case: Case | None) -> Case:
    """The owner sees their case; a representative of the organisation it was filed for (by
    their current login) sees it too; an anonymous filer sees what they filed in this session.
    Anyone else gets the same 404 as for a case that does not exist."""
    if case is None:
        raise NotFound("no such case")
    if is_case_owner(request, case):
        return case
    if case.represented_key is not None and case.represented_key in represented_keys(request):
        return case
    if case.owner_person_id is None and case.public_id in request.session.get("filed", []):
        return case
    raise NotFound("case not visible to this session")
