"""The built-in handler inbox (``/handlaggning``): staff with the handler role for a service list
its cases, open one (always audited), change its status, write to the citizen, request
completion, record a decision and assign the case to a colleague. The rules live in
``blankett.cases`` (lifecycle, inbox); this module is HTTP only. Every form works without
JavaScript, and a mistake re-renders the case with the message at the field."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import audit, formengine
from ..api.documents import download
from ..api.serialize import document_info
from ..auth import handled_services
from ..cases import inbox, lifecycle, staff_with_role, timeline
from ..cases.citizen import MAX_TEXT_CHARS
from ..cases.definitions import definition_of
from ..cases.documents import find_document, open_document, sniff_document, store_document
from ..cases.representation import describe
from ..cases.signing import check_signature
from ..db import Case, CaseEvent, Person
from ..errors import InputInvalid, NotPermitted
from ..security import bound_keyring, case_controls, read_case
from .access import STAFF_MINIMUM_LOA, require_person
from .case_actions import FieldError, read_text
from .guards import read_form
from .rendering import language, render
from .texts import translate

# Statuses a handler sets by the status form; the others come with their own action
# (registered from a case system, waiting with a completion request, decided with a decision,
# withdrawn by the citizen).
_STATUS_FORM = ("in_progress", "closed")


@dataclasses.dataclass(frozen=True)
class Staff:
    person_id: str
    services: list[str]  # the service ids the person handles

    @property
    def actor(self) -> str:
        return f"staff:{self.person_id}"


def require_staff(request: Request) -> Staff:
    person = require_person(request, STAFF_MINIMUM_LOA)
    services = handled_services(person.get("roles") or [], request.app.state.catalog.services.keys())
    if not services:
        raise NotPermitted("no handler role")
    return Staff(str(person["id"]), services)


def _connectors(request: Request) -> list[str]:
    return inbox.inbox_connectors(request.app.state.settings.connectors)


async def case_list(request: Request) -> Response:
    """``GET /handlaggning``: the inbox, filtered by status, service, reference and assignee."""
    staff = require_staff(request)
    q = request.query_params
    try:
        page = max(int(q.get("sida", "1")), 1)
    except ValueError:
        page = 1
    assigned = q.get("tilldelad", "")
    wanted = inbox.InboxFilter(
        status=q.get("status", "") if q.get("status", "") in lifecycle.STATUSES else "",
        service=q.get("tjanst", "") if q.get("tjanst", "") in staff.services else "",
        reference=q.get("sok", "")[:40],
        assigned_to=staff.person_id if assigned == "mig" else ("none" if assigned == "ingen" else ""),
        page=page,
    )
    async with request.app.state.db.session() as s:
        cases, total = await inbox.list_cases(s, staff.services, _connectors(request), wanted)
        assignees = await _names(s, {c.assigned_to for c in cases if c.assigned_to})
    catalog = request.app.state.catalog
    return render(
        request, "inbox_list.html", cases=cases, total=total, wanted=wanted, assigned=assigned,
        services=[catalog.get(sid) for sid in staff.services], statuses=lifecycle.STATUSES,
        assignees=assignees, me=staff.person_id, pages=max((total + inbox.PAGE_SIZE - 1) // inbox.PAGE_SIZE, 1),
        titles={sid: catalog.get(sid).form.title for sid in staff.services},
    )


async def _names(session: AsyncSession, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = await session.scalars(select(Person).where(Person.id.in_(ids)))
    return {p.id: f"{p.given_name} {p.family_name}".strip() for p in rows}


async def case_page(request: Request) -> Response:
    """``GET /handlaggning/{reference}``: the case with everything a handler can do to it."""
    return await _render_case(request, require_staff(request))


async def _render_case(
    request: Request, staff: Staff, *, errors: list[FieldError] | None = None,
    values: dict[str, str] | None = None, status_code: int = 200,
) -> Response:
    state = request.app.state
    keyring = bound_keyring(state.db)
    async with state.db.session() as s:
        case = await inbox.find_case(s, request.path_params["reference"], staff.services, _connectors(request))
        service = state.catalog.get(case.service_id)
        # Staff reading a citizen's case is always recorded, whatever the classification.
        controls = dataclasses.replace(case_controls(case, state.policy, service), audit_reads=True)
        contents = await read_case(
            s, case, keyring=keyring, controls=controls, actor=staff.actor, purpose="inbox"
        )
        events = list(await s.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
        ))
        colleagues = await staff_with_role(s, ["handler:*", f"handler:{case.service_id}"])
        form = await definition_of(s, case, service)
    lang = language(request)
    if form is not None:
        rows = formengine.summary(form, contents.payload, lang)
    else:
        rows = [formengine.SummaryRow("", f"/{k}", k, str(v)) for k, v in contents.payload.items()]
    days = (case.meta or {}).get("handlingTimeDays")
    return render(
        request, "inbox_case.html", status_code=status_code, case=case, rows=rows,
        submitter=contents.submitter, purged=contents.purged, events=timeline(case, events, keyring),
        filed_for=describe(case.representation, contents.submitter, lang),
        # A signed case shows its signature, and whether the stored answers still match it.
        signature_check=check_signature(case.signature, contents) if case.signature else None,
        expected=case.submitted_at + timedelta(days=days) if days else None,
        next_statuses=[st for st in _STATUS_FORM if st in lifecycle.TRANSITIONS.get(case.status, ())],
        can_write=case.status in lifecycle.OPEN_STATUSES | {"decided"},
        can_ask=case.status in lifecycle.OPEN_STATUSES,
        can_decide="decided" in lifecycle.TRANSITIONS.get(case.status, ()),
        colleagues=colleagues, errors=errors or [], values=values or {}, max_chars=MAX_TEXT_CHARS,
    )


async def _act(request: Request, staff: Staff, action: Callable[[AsyncSession, Case], Awaitable[None]]) -> Response:
    """Run ``action(session, case)`` on the locked case in one transaction, then show the case."""
    state = request.app.state
    async with state.db.session() as s:
        case = await inbox.find_case(
            s, request.path_params["reference"], staff.services, _connectors(request), for_update=True
        )
        await action(s, case)
    return RedirectResponse(f"/handlaggning/{case.reference}?klart=1", status_code=303)


async def change_status(request: Request) -> Response:
    """``POST …/status``: in progress or closed."""
    staff = require_staff(request)
    form = await read_form(request)
    status = form.get("status")
    if status not in _STATUS_FORM:
        errors = [FieldError("status", translate("inbox_status_required", language(request)))]
        return await _render_case(request, staff, errors=errors, status_code=422)

    async def act(s: AsyncSession, case: Case) -> None:
        await lifecycle.change_status(s, case, str(status), staff.actor)

    return await _act(request, staff, act)


async def send_message(request: Request) -> Response:
    """``POST …/meddelande``: a message to the citizen, shown on their case page."""
    staff = require_staff(request)
    form = await read_form(request)
    errors: list[FieldError] = []
    text = read_text(form, "message", "inbox_message_required", language(request), errors)
    if errors:
        return await _render_case(request, staff, errors=errors, values={"message": text}, status_code=422)
    keyring = bound_keyring(request.app.state.db)

    async def act(s: AsyncSession, case: Case) -> None:
        await lifecycle.add_message(s, case, staff.actor, text, keyring=keyring)

    return await _act(request, staff, act)


async def request_completion(request: Request) -> Response:
    """``POST …/komplettering``: ask the citizen for more, optionally by a date."""
    staff = require_staff(request)
    form = await read_form(request)
    lang = language(request)
    errors: list[FieldError] = []
    text = read_text(form, "completion", "inbox_completion_required", lang, errors)
    due_text = str(form.get("due") or "").strip()
    due: date | None = None
    if due_text:
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            errors.append(FieldError("due", translate("inbox_due_invalid", lang)))
        else:
            if due < date.today():
                errors.append(FieldError("due", translate("inbox_due_past", lang)))
    if errors:
        values = {"completion": text, "due": due_text}
        return await _render_case(request, staff, errors=errors, values=values, status_code=422)
    keyring = bound_keyring(request.app.state.db)

    async def act(s: AsyncSession, case: Case) -> None:
        await lifecycle.request_completion(s, case, staff.actor, text, due=due, keyring=keyring)

    return await _act(request, staff, act)


async def record_decision(request: Request) -> Response:
    """``POST …/beslut``: the decision, with the decision document (PDF) when there is one."""
    staff = require_staff(request)
    form = await read_form(request)
    lang = language(request)
    errors: list[FieldError] = []
    text = read_text(form, "decision", "inbox_decision_required", lang, errors)
    upload = form.get("document")
    document: tuple[str, str, bytes] | None = None
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            try:
                document = sniff_document(upload.filename, await upload.read())
            except InputInvalid:
                errors.append(FieldError("document", translate("attachment_wrong_type", lang, name=upload.filename)))
    finally:
        await form.close()
    if errors:
        return await _render_case(request, staff, errors=errors, values={"decision": text}, status_code=422)
    keyring = bound_keyring(request.app.state.db)

    async def act(s: AsyncSession, case: Case) -> None:
        lifecycle.check_transition(case.status, "decided")  # before storing a document for nothing
        info = None
        if document is not None:
            name, media_type, content = document
            stored = await store_document(
                s, case, kind="decision", filename=name, media_type=media_type, content=content,
                actor=staff.actor, keyring=keyring,
            )
            info = document_info(stored)
        await lifecycle.record_decision(s, case, staff.actor, text, keyring=keyring, document=info)

    return await _act(request, staff, act)


async def assign(request: Request) -> Response:
    """``POST …/tilldela``: give the case to a colleague (or to nobody)."""
    staff = require_staff(request)
    form = await read_form(request)
    wanted = str(form.get("assignee") or "")

    async def act(s: AsyncSession, case: Case) -> None:
        colleagues = await staff_with_role(s, ["handler:*", f"handler:{case.service_id}"])
        assignee = next((p for p in colleagues if p.id == wanted), None) if wanted else None
        if wanted and assignee is None:
            raise InputInvalid([("/assignee", "is not a handler of this service")])
        await inbox.assign(s, case, staff.actor, assignee)

    return await _act(request, staff, act)


async def document(request: Request) -> Response:
    """``GET …/dokument/{id}``: a document of the case (attachment, decision), always audited."""
    staff = require_staff(request)
    state = request.app.state
    async with state.db.session() as s:
        case = await inbox.find_case(s, request.path_params["reference"], staff.services, _connectors(request))
        found = await find_document(s, case, request.path_params["document_id"])
        content = open_document(case, found, bound_keyring(state.db))
        await audit.record(s, staff.actor, "case.document_read", case_id=case.id, document=found.id)
    return download(found, content)
