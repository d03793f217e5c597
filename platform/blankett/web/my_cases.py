"""My cases: the person's cases with status and timeline."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, select
from starlette.requests import Request
from starlette.responses import Response

from .. import formengine
from ..db import Case, CaseEvent
from .access import check_case_access, require_person
from .rendering import language, render


async def case_list(request: Request) -> Response:
    person = require_person(request)
    delivered = exists().where(CaseEvent.case_id == Case.id, CaseEvent.kind == "delivered")
    async with request.app.state.db.session() as s:
        rows = (await s.execute(
            select(Case, delivered.label("delivered"))
            .where(Case.owner_person_id == person["id"])
            .order_by(Case.submitted_at.desc(), Case.id.desc())
        )).all()
    cases = []
    for case, is_delivered in rows:
        case.delivered = is_delivered  # type: ignore[attr-defined]
        cases.append(case)
    return render(request, "cases.html", cases=cases)


async def case_page(request: Request) -> Response:
    state = request.app.state
    async with state.db.session() as s:
        case = check_case_access(
            request, await s.scalar(select(Case).where(Case.public_id == request.path_params["public_id"]))
        )
        events = list(await s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)))
    lang = language(request)
    service = state.catalog.get(case.service_id)
    if service is not None and service.form.hash == case.definition_hash:
        rows = formengine.summary(service.form, case.payload, lang)
    else:
        rows = [formengine.SummaryRow("", f"/{k}", k, str(v)) for k, v in case.payload.items()]
    days = case.meta.get("handlingTimeDays")
    return render(
        request, "case.html", case=case, events=events, rows=rows,
        receipt="kvitto" in request.query_params,
        delivered=any(e.kind == "delivered" for e in events),
        expected=case.submitted_at + timedelta(days=days) if days else None,
    )
