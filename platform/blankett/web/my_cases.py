"""My pages: drafts to resume, and the person's cases with status and timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import exists, or_, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import formengine
from ..cases import delete_draft, list_drafts, timeline
from ..cases.citizen import MAX_ATTACHMENTS, MAX_TEXT_CHARS
from ..cases.definitions import definition_of
from ..cases.representation import describe
from ..db import Case, CaseEvent, utcnow
from ..paper import case_copy_pdf
from ..security import bound_keyring, case_controls, read_case
from .access import check_case_access, current_person, is_case_owner, represented_keys, require_person
from .guards import read_form
from .paper import pdf_response
from .rendering import LOCAL_TIME, language, render
from .sessions import tighten_session
from .texts import translate


async def case_list(request: Request) -> Response:
    """My pages: drafts to resume or delete, then the person's cases with their status, and the
    cases filed for the organisations the person's login shows they represent."""
    person = require_person(request)
    state = request.app.state
    delivered = exists().where(CaseEvent.case_id == Case.id, CaseEvent.kind == "delivered")
    mine = Case.owner_person_id == person["id"]
    keys = represented_keys(request)
    async with state.db.session() as s:
        rows = (await s.execute(
            select(Case, delivered.label("delivered"))
            .where(or_(mine, Case.represented_key.in_(keys)) if keys else mine)
            .order_by(Case.submitted_at.desc(), Case.id.desc())
        )).all()
    cases = []
    for case, is_delivered in rows:
        case.delivered = is_delivered  # type: ignore[attr-defined]
        cases.append(case)
    drafts = [
        (draft, state.catalog.get(draft.service_id))
        for draft in await list_drafts(state.db, str(person["id"]))
    ]
    return render(request, "cases.html", cases=cases, drafts=[(d, svc) for d, svc in drafts if svc is not None])


async def draft_delete(request: Request) -> Response:
    person = require_person(request)
    await read_form(request)
    await delete_draft(request.app.state.db, str(person["id"]), request.path_params["service"])
    return RedirectResponse("/arenden", status_code=303)


@dataclass
class CaseView:
    """A case as its owner may see it: decrypted answers as summary rows, and its timeline."""

    case: Case
    events: list[CaseEvent]
    rows: list[Any]
    submitter: dict[str, Any] | None


async def load_case_view(request: Request, purpose: str) -> CaseView:
    """Find the case in the URL, check access, decrypt (audited where the controls ask)."""
    state = request.app.state
    async with state.db.session() as s:
        case = check_case_access(
            request, await s.scalar(select(Case).where(Case.public_id == request.path_params["public_id"]))
        )
        events = list(await s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)))
        service = state.catalog.get(case.service_id)
        person = current_person(request)
        controls = case_controls(case, state.policy, service)
        tighten_session(request.scope, controls)  # a case follows its service's session timeouts
        contents = await read_case(
            s, case, keyring=bound_keyring(state.db), controls=controls,
            actor=f"person:{person['id']}" if person else "anonymous", purpose=purpose,
        )
        form = await definition_of(s, case, service)
    lang = language(request)
    if form is not None:
        rows = formengine.summary(form, contents.payload, lang)
    else:
        rows = [formengine.SummaryRow("", f"/{k}", k, str(v)) for k, v in contents.payload.items()]
    return CaseView(case, events, rows, contents.submitter)


async def case_page(request: Request) -> Response:
    return await render_case_page(request)


# What the citizen just did, shown on top of the case page after the redirect (``?skickat=``).
_DONE = {"meddelande": "done_message", "komplettering": "done_completion", "aterkallat": "done_withdrawn"}


async def render_case_page(
    request: Request, *, errors: Sequence[Any] = (), values: Mapping[str, str] | None = None, status_code: int = 200
) -> Response:
    """The case page; ``errors`` and ``values`` come back from a citizen's action that failed."""
    view = await load_case_view(request, "my-cases")
    case, events = view.case, timeline(view.case, view.events, bound_keyring(request.app.state.db))
    days = case.meta.get("handlingTimeDays")
    open_request = next((e for e in reversed(events) if e.kind == "completion_request"), None)
    return render(
        request, "case.html", status_code=status_code, case=case, events=events, rows=view.rows,
        filed_for=describe(case.representation, view.submitter, language(request)),
        receipt="kvitto" in request.query_params,
        done=_DONE.get(request.query_params.get("skickat", "")),
        delivered=any(e.kind == "delivered" for e in events),
        expected=case.submitted_at + timedelta(days=days) if days else None,
        can_act=is_case_owner(request, case),
        open_request=open_request if case.status == "waiting" else None,
        errors=list(errors), values=dict(values or {}), max_chars=MAX_TEXT_CHARS,
        max_attachments=MAX_ATTACHMENTS,
    )


async def case_copy(request: Request) -> Response:
    """The PDF copy of the case: reference, time, answers, attachments."""
    view = await load_case_view(request, "pdf-copy")
    lang = language(request)
    data = case_copy_pdf(
        view.case, view.rows, lang=lang, status=translate(f"status_{view.case.status}", lang),
        submitter=view.submitter, printed_at=utcnow().astimezone(LOCAL_TIME),
    )
    return pdf_response(data, f"{view.case.reference}.pdf")
