""""Vem ansöker du för?": before the first page of a service that lets a person file for an
organisation or a child, and the stop page for a minor the service's rules do not let file.

The answer is kept in the draft (blankett.representation.choice) and checked again by
:func:`gate` on every form page and before filing; :func:`filing_of` turns it into what the
case records (blankett.cases.representation). Works without JavaScript: the organisation
number and the child's number sit under their options, and an error shows the page again with
every answer kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..cases import load_answers, save_answers
from ..cases.representation import Filing, filing_for
from ..catalog import Service
from ..errors import SubmissionInvalid
from ..formengine.swedish import format_orgnr, format_personnummer
from ..representation import DRAFT_KEY, Choice, minor_refusal, offered_organisations, still_allowed
from ..representation.choice import answers_differ, as_answered, fill_answers, is_child
from ..representation.people import child_number, legal_entity
from .access import current_person, draft_owner
from .case_actions import FieldError
from .catalogue import service_or_404
from .guards import read_form
from .rendering import language, render
from .texts import translate

_FIELDS = ("for", "org_number", "org_name", "child_number", "child_name")
_DECLARED = "org-declared"


def applicant_url(service: Service, query: str = "") -> str:
    return f"/e-tjanst/{service.id}/sokande{query}"


def _first_page(service: Service) -> str:
    return f"/e-tjanst/{service.id}/sida/{service.form.first_page.id}"


def _born(person: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(person.get("birth_date") or ""))
    except ValueError:
        return None


def _organisations(request: Request, service: Service) -> list[dict[str, str]]:
    person = current_person(request) or {}
    return offered_organisations(service.applicant, person.get("organisations") or [])


def _stop_reason(request: Request, service: Service) -> str | None:
    """Why this person cannot file the service at all, or None."""
    person = current_person(request)
    if person is None:
        return None
    refused = minor_refusal(service.applicant, _born(person), date.today())
    if refused is not None:
        return refused
    applicant = service.applicant
    if applicant.may_file_for == ("organisation",) and "declared" not in applicant.organisation_evidence:
        return None if _organisations(request, service) else "no_organisation"
    return None


async def gate(
    request: Request, service: Service, answers: dict[str, Any], *, filing: bool = False
) -> Response | None:
    """A redirect to the choice (or stop) page when this person may not go on with the form:
    a minor the service turns away, no choice made yet, a choice this login no longer
    supports, or (``filing``) answers that now name another organisation or child."""
    person = current_person(request)
    if person is None or (not service.applicant.asks_whom and service.applicant.minors == "alone"):
        return None
    if _stop_reason(request, service) is not None:
        return RedirectResponse(applicant_url(service), status_code=303)
    if not service.applicant.asks_whom:
        return None
    choice = Choice.from_draft(answers.get(DRAFT_KEY))
    if choice is None:
        return RedirectResponse(applicant_url(service), status_code=303)
    stale = not still_allowed(choice, service.applicant, person.get("organisations") or [])
    if stale or (filing and answers_differ(choice, service.applicant, answers)):
        return RedirectResponse(applicant_url(service, "?igen=1"), status_code=303)
    return None


def filing_of(request: Request, service: Service, answers: dict[str, Any]) -> Filing:
    """What the case records about whom it is filed for. :func:`gate` checked the choice before
    the check page's POST; checked again here, as the signing's return files without that POST."""
    if not service.applicant.asks_whom:
        return filing_for(None, request.app.state.settings.secret_key)
    choice = Choice.from_draft(answers.get(DRAFT_KEY))
    organisations = (current_person(request) or {}).get("organisations") or []
    if choice is None or not still_allowed(choice, service.applicant, organisations):
        raise SubmissionInvalid(f"{service.id}: whom the case is filed for no longer holds")
    choice = as_answered(choice, service.applicant, answers)
    return filing_for(choice, request.app.state.settings.secret_key)


def choice_summary(service: Service, answers: dict[str, Any], lang: str) -> str | None:
    """The check page's "Ansökt för" row, or None when the service does not ask."""
    choice = Choice.from_draft(answers.get(DRAFT_KEY)) if service.applicant.asks_whom else None
    if choice is None:
        return None
    if choice.kind == "organisation":
        return f"{choice.name} ({format_orgnr(choice.number)})"
    if choice.kind == "child":
        number = format_personnummer(choice.number)
        return translate("applicant_child_summary", lang, name=choice.name, number=number)
    return translate("applicant_self", lang)


def _options(service: Service, organisations: list[dict[str, str]], lang: str) -> list[dict[str, Any]]:
    applicant = service.applicant
    options: list[dict[str, Any]] = []
    if "self" in applicant.may_file_for:
        options.append({"key": "self", "label": translate("applicant_self", lang)})
    for o in organisations:
        label = f"{o['name']} ({format_orgnr(o['number'])})"
        hint = translate(f"applicant_org_{o['evidence']}", lang, role=o.get("role", ""))
        options.append({"key": f"org-{o['number']}", "label": label, "hint": hint})
    if "declared" in applicant.organisation_evidence:
        options.append({
            "key": _DECLARED, "label": translate("applicant_org_other", lang),
            "hint": translate("applicant_org_other_hint", lang), "fields": "organisation",
        })
    if "child" in applicant.may_file_for:
        options.append({
            "key": "child", "label": translate("applicant_child", lang),
            "hint": translate("applicant_child_hint", lang), "fields": "child",
        })
    return options


def _required(values: dict[str, str], name: str, key: str, lang: str, errors: list[FieldError]) -> str:
    if not values.get(name):
        errors.append(FieldError(name, translate(key, lang)))
    return values.get(name, "")


def _shown(organisation: dict[str, str]) -> Choice:
    """The choice of an organisation the login shows, with its evidence."""
    o = organisation
    return Choice("organisation", o["number"], o["name"], o["evidence"], o.get("role", ""))


def _declared(
    values: dict[str, str], organisations: list[dict[str, str]], lang: str, errors: list[FieldError]
) -> Choice | None:
    typed = _required(values, "org_number", "applicant_org_number_missing", lang, errors)
    number = legal_entity(typed) if typed else None
    if typed and number is None:
        errors.append(FieldError("org_number", translate("applicant_org_number_invalid", lang)))
    shown = next((o for o in organisations if o["number"] == number), None)
    if shown is not None:  # an organisation the login shows after all: its evidence, not the person's word
        return _shown(shown)
    name = _required(values, "org_name", "applicant_org_name_missing", lang, errors)
    return Choice("organisation", number, name, "declared") if number and name else None


def _child(values: dict[str, str], lang: str, errors: list[FieldError]) -> Choice | None:
    typed = _required(values, "child_number", "applicant_child_number_missing", lang, errors)
    number = child_number(typed) if typed else None
    if typed and number is None:
        errors.append(FieldError("child_number", translate("applicant_child_number_invalid", lang)))
    elif number is not None and not is_child(number, date.today()):
        errors.append(FieldError("child_number", translate("applicant_child_not_minor", lang)))
        number = None
    name = _required(values, "child_name", "applicant_child_name_missing", lang, errors)
    return Choice("child", number, name, "declared") if number and name else None


def read_choice(
    values: dict[str, str], service: Service, organisations: list[dict[str, str]], lang: str
) -> tuple[Choice | None, list[FieldError]]:
    """The posted choice, or the errors to show next to the fields."""
    applicant, picked = service.applicant, values.get("for", "")
    errors: list[FieldError] = []
    choice: Choice | None = None
    if picked == "self" and "self" in applicant.may_file_for:
        choice = Choice("self")
    elif picked == _DECLARED and "declared" in applicant.organisation_evidence:
        choice = _declared(values, organisations, lang, errors)
    elif picked == "child" and "child" in applicant.may_file_for:
        choice = _child(values, lang, errors)
    else:
        shown = next((o for o in organisations if picked == f"org-{o['number']}"), None)
        if shown is not None:
            choice = _shown(shown)
        else:
            first = _options(service, organisations, lang)[0]["key"]
            errors.append(FieldError(f"for-{first}", translate("applicant_choose", lang)))
    return (choice if not errors else None), errors


def _values(choice: Choice | None) -> dict[str, str]:
    """The form's fields as the kept choice fills them."""
    if choice is None:
        return {}
    if choice.kind == "organisation":
        if choice.evidence != "declared":
            return {"for": f"org-{choice.number}"}
        return {"for": _DECLARED, "org_number": format_orgnr(choice.number), "org_name": choice.name}
    if choice.kind == "child":
        return {"for": "child", "child_number": format_personnummer(choice.number), "child_name": choice.name}
    return {"for": "self"}


def _render(
    request: Request, service: Service, values: dict[str, str], errors: list[FieldError], status: int = 200
) -> Response:
    reason = _stop_reason(request, service)
    if reason is not None:
        return _render_stop(request, service, reason)
    options = _options(service, _organisations(request, service), language(request))
    return render(
        request, "applicant.html", status_code=status, service=service, options=options,
        values=values, errors=errors, again="igen" in request.query_params,
        child_only=[o["key"] for o in options] == ["child"],
    )


def _render_stop(request: Request, service: Service, reason: str) -> Response:
    lang = language(request)
    lines = [translate(f"applicant_stop_{reason}", lang, age=service.applicant.minor_from_age or "")]
    if reason in ("from_age", "guardian") and "child" in service.applicant.may_file_for:
        lines.append(translate("applicant_stop_ask_guardian", lang))
    elif reason == "no_organisation":
        lines.append(translate("applicant_stop_organisation_help", lang))
    return render(request, "applicant_stop.html", status_code=403, service=service, lines=lines)


async def applicant_get(request: Request) -> Response:
    """``GET /e-tjanst/{service}/sokande``: the question, with the kept answer chosen."""
    service = service_or_404(request)
    owner = draft_owner(request, service)  # logs the person in at the service's level
    if not service.applicant.asks_whom and _stop_reason(request, service) is None:
        return RedirectResponse(_first_page(service), status_code=303)
    answers = await load_answers(request.app.state.db, owner, service)
    return _render(request, service, _values(Choice.from_draft(answers.get(DRAFT_KEY))), [])


async def applicant_post(request: Request) -> Response:
    """``POST /e-tjanst/{service}/sokande``: keep the choice in the draft, fill the form's
    organisation or child answers from it, and go on to the form (or back to the check page)."""
    service = service_or_404(request)
    owner = draft_owner(request, service)
    form = await read_form(request)
    values = {name: str(form.get(name, "")).strip() for name in _FIELDS}
    reason = _stop_reason(request, service)
    if reason is not None:
        return _render_stop(request, service, reason)
    if not service.applicant.asks_whom:
        return RedirectResponse(_first_page(service), status_code=303)
    choice, errors = read_choice(values, service, _organisations(request, service), language(request))
    if choice is None:
        return _render(request, service, values, errors, status=422)
    db = request.app.state.db
    answers = await load_answers(db, owner, service)
    changed = DRAFT_KEY in answers or "andra" in request.query_params
    answers[DRAFT_KEY] = choice.to_draft()
    fill_answers(choice, service.applicant, answers)
    await save_answers(db, owner, service, answers)
    target = f"/e-tjanst/{service.id}/granska" if changed else _first_page(service)
    return RedirectResponse(target, status_code=303)
