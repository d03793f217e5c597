"""My profile: contact details once, how to be notified, "download my data", "delete my profile",
and the page the e-mail verification link opens. Storage and rules live in blankett.notify."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import audit
from ..db import Person
from ..errors import NotFound
from ..formengine.formats import is_email
from ..formengine.swedish import format_phone, format_postnummer, normalise_phone, normalise_postnummer
from ..notify import (
    CHANNELS,
    Profile,
    cancel_pending,
    check_token,
    clear_profile,
    personal_data,
    queue_verification,
    read_profile,
    write_profile,
)
from ..security import bound_keyring
from .access import require_person
from .guards import read_form
from .rendering import language, render
from .texts import LANGUAGES, translate

FIELDS = ("email", "mobile", "street", "postcode", "city", "language", "channel")
MAX_LENGTHS = {"email": 254, "mobile": 30, "street": 200, "postcode": 10, "city": 100}
ADDRESS = ("street", "postcode", "city")
NOTICES = {"sparad": "profile_saved", "lank": "profile_link_sent", "raderad": "profile_deleted"}


@dataclass(frozen=True)
class FieldError:
    """An error as error_summary.html and the fields show it."""

    field_id: str
    message: str


def _field_id(name: str) -> str:
    return {"language": "language-sv", "channel": "channel-email"}.get(name, name)


def parse(form: FormData, lang: str) -> tuple[dict[str, str], Profile | None, dict[str, FieldError]]:
    """The answers as given (kept on error), the profile they make, and errors by field name."""
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    problems: dict[str, str] = {}
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            problems[name] = translate("profile_error_too_long", lang, n=limit)
    mobile = normalise_phone(values["mobile"]) if values["mobile"] else ""
    postcode = normalise_postnummer(values["postcode"]) if values["postcode"] else ""
    if values["email"] and not is_email(values["email"]):
        problems.setdefault("email", translate("profile_error_email", lang))
    if mobile is None or (mobile and not mobile.startswith("+467")):
        problems.setdefault("mobile", translate("profile_error_mobile", lang))
    if postcode is None:
        problems.setdefault("postcode", translate("profile_error_postcode", lang))
    if any(values[name] for name in ADDRESS):
        for name in ADDRESS:
            if not values[name]:
                problems.setdefault(name, translate(f"profile_error_{name}_missing", lang))
    if values["language"] not in LANGUAGES:
        problems["language"] = translate("profile_error_language", lang)
    if values["channel"] not in CHANNELS:
        problems["channel"] = translate("profile_error_channel", lang)
    elif values["channel"] == "email" and not values["email"]:
        problems.setdefault("email", translate("profile_error_email_needed", lang))
    elif values["channel"] == "sms" and not values["mobile"]:
        problems.setdefault("mobile", translate("profile_error_mobile_needed", lang))
    errors = {name: FieldError(_field_id(name), message) for name, message in problems.items()}
    if errors:
        return values, None, errors
    profile = Profile(
        email=values["email"],
        mobile=mobile or "",
        street=values["street"],
        postcode=postcode or "",
        city=values["city"],
        language=values["language"],
        channel=values["channel"],
    )
    return values, profile, {}


def _shown(profile: Profile) -> dict[str, str]:
    """A stored profile as the form shows it."""
    return {
        "email": profile.email,
        "mobile": format_phone(profile.mobile) if profile.mobile else "",
        "street": profile.street,
        "postcode": format_postnummer(profile.postcode) if profile.postcode else "",
        "city": profile.city,
        "language": profile.language,
        "channel": profile.channel,
    }


async def _person(request: Request, person_id: str) -> tuple[Person, Profile]:
    async with request.app.state.db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person_id))
    if row is None:
        raise NotFound("the logged-in person has no row")
    return row, read_profile(row, bound_keyring(request.app.state.db))


def _render(
    request: Request, stored: Profile, values: dict[str, str], errors: dict[str, FieldError]
) -> Response:
    notice = next((key for flag, key in NOTICES.items() if flag in request.query_params), None)
    return render(
        request,
        "profile.html",
        status_code=422 if errors else 200,
        values=values,
        field_errors=errors,
        errors=list(errors.values()),
        stored=stored,
        notice=notice if not errors else None,
    )


async def profile_get(request: Request) -> Response:
    person = require_person(request)
    _row, stored = await _person(request, str(person["id"]))
    values = _shown(stored)
    if not (stored.email or stored.mobile or stored.channel != "none" or stored.street):
        values["language"] = language(request)  # a first visit: suggest the language in use
    return _render(request, stored, values, {})


async def profile_post(request: Request) -> Response:
    person = require_person(request)
    form = await read_form(request)
    values, profile, errors = parse(form, language(request))
    db = request.app.state.db
    async with db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person["id"]))
        if row is None:
            raise NotFound("the logged-in person has no row")
        keyring = bound_keyring(db)
        stored = read_profile(row, keyring)
        if profile is None:
            return _render(request, stored, values, errors)
        new = stored.changed_to(profile)
        write_profile(row, new, keyring)
        changed = sorted(name for name in FIELDS if getattr(stored, name) != getattr(new, name))
        await audit.record(s, f"person:{row.id}", "profile.updated", fields=changed)
        link = bool(new.email) and not new.email_verified and new.email.lower() != stored.email.lower()
        if link:
            await queue_verification(s, row)
    return RedirectResponse("/profil?lank=1" if link else "/profil?sparad=1", status_code=303)


async def resend_link(request: Request) -> Response:
    person = require_person(request)
    await read_form(request)
    db = request.app.state.db
    async with db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person["id"]))
        if row is None:
            raise NotFound("the logged-in person has no row")
        profile = read_profile(row, bound_keyring(db))
        if profile.email and not profile.email_verified:
            await queue_verification(s, row)
    return RedirectResponse("/profil?lank=1", status_code=303)


async def verify_email(request: Request) -> Response:
    """The link in the verification e-mail; works without logging in (the token is the proof)."""
    settings, db = request.app.state.settings, request.app.state.db
    checked = check_token(
        settings.secret_key, request.path_params["token"], settings.email_verification_hours * 3600
    )
    outcome: str = checked.outcome
    if outcome == "valid":
        async with db.session() as s:
            row = await s.scalar(select(Person).where(Person.id == checked.person_id))
            profile = read_profile(row, bound_keyring(db)) if row is not None else None
            if row is None or profile is None or not checked.matches(settings.secret_key, profile.email):
                outcome = "changed"
            elif not profile.email_verified:
                write_profile(row, replace(profile, email_verified=True), bound_keyring(db))
                await audit.record(s, f"person:{row.id}", "profile.email_verified")
    status = 200 if outcome == "valid" else 400
    heading = {"valid": "verify_valid_heading", "expired": "verify_expired_heading"}.get(
        outcome, "verify_invalid_heading"
    )
    return render(request, "profile_verified.html", status_code=status, outcome=outcome, heading=heading)


async def download(request: Request) -> Response:
    person = require_person(request)
    state = request.app.state
    async with state.db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person["id"]))
        if row is None:
            raise NotFound("the logged-in person has no row")
        data = await personal_data(s, row, bound_keyring(state.db), state.settings.base_url)
        await audit.record(s, f"person:{row.id}", "profile.exported")
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={
            "content-disposition": 'attachment; filename="mina-uppgifter.json"',
            "cache-control": "no-store",
            "x-content-type-options": "nosniff",
        },
    )


async def delete_get(request: Request) -> Response:
    require_person(request)
    return render(request, "profile_delete.html")


async def delete_post(request: Request) -> Response:
    person = require_person(request)
    await read_form(request)
    async with request.app.state.db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person["id"]))
        if row is None:
            raise NotFound("the logged-in person has no row")
        clear_profile(row)
        await cancel_pending(s, row.id, "The profile was deleted.")
        await audit.record(s, f"person:{row.id}", "profile.deleted")
    return RedirectResponse("/profil?raderad=1", status_code=303)
