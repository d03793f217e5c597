"""Prefill for the logged-in person, and saving changed contact details back to the profile.

A page shows the person's name and personal identity number (from the e-ID) and their
e-mail address, mobile number and postal address (from the profile) in the fields that ask
for them (:mod:`blankett.formengine.prefill`); anonymous use is never prefilled. What the
person sends is their answer, for this case only: the profile changes only when they tick
"Spara de ändrade kontaktuppgifterna i min profil" on check-your-answers. Values are never
logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.requests import Request

from .. import audit
from ..catalog import Service
from ..db import Case, Person
from ..formengine import Page, pointers
from ..formengine import prefill as engine
from ..notify import Profile, queue_verification, read_profile, write_profile
from ..security import bound_keyring, read_number
from .access import current_person
from .profile import ADDRESS, parse
from .rendering import language
from .texts import translate

SAVE_FIELD = "save_contact"  # the check page's checkbox

# profile source → Profile field
PROFILE_FIELDS = {
    "profile.email": "email",
    "profile.mobile": "mobile",
    "profile.address.street": "street",
    "profile.address.postalCode": "postcode",
    "profile.address.city": "city",
}


async def offer(request: Request, service: Service, page: Page, answers: Mapping[str, Any]) -> dict[str, str]:
    """The values ``page`` shows in its prefilled fields that have no answer yet."""
    person = current_person(request)
    fields = engine.pending(page, answers) if person is not None else []
    if person is None or not fields:
        return {}
    known = {
        "identity.givenName": str(person.get("given_name") or ""),
        "identity.familyName": str(person.get("family_name") or ""),
    }
    known["identity.name"] = " ".join(v for v in known.values() if v)
    # The stored profile is opened (and the personal number read) only for a page that asks.
    if any(source not in known for _, source in fields):
        row, profile = await _person(request, str(person["id"]))
        number = read_number(row, bound_keyring(request.app.state.db)) if row is not None else None
        known["identity.personalNumber"] = number or ""
        known.update({source: getattr(profile, name) for source, name in PROFILE_FIELDS.items()})
    return engine.values(fields, known)


def remember(request: Request, page: Page, before: Mapping[str, Any], answers: dict[str, Any]) -> None:
    """After a posted page: its prefilled fields were offered, and are not offered again."""
    if current_person(request) is not None:
        engine.remember(page, before, answers)


async def contact_changes(request: Request, service: Service, answers: Mapping[str, Any]) -> list[str]:
    """What the check page's checkbox would save, as words ("e-postadress"); empty: no checkbox."""
    person = current_person(request)
    given = _given(service, answers) if person is not None else {}
    if person is None or not given:
        return []
    _row, stored = await _person(request, str(person["id"]))
    _new, changed = _changed_profile(stored, given)
    parts = {"address" if name in ADDRESS else name for name in changed}
    return [
        translate(f"contact_{p}", language(request)) for p in ("email", "mobile", "address") if p in parts
    ]


async def save_back(request: Request, service: Service, answers: Mapping[str, Any], case: Case) -> None:
    """Write the changed contact details to the profile (the person ticked the checkbox)."""
    person = current_person(request)
    given = _given(service, answers) if person is not None else {}
    if person is None or not given:
        return
    db = request.app.state.db
    async with db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person["id"]))
        if row is None:
            return
        keyring = bound_keyring(db)
        stored = read_profile(row, keyring)
        new, changed = _changed_profile(stored, given)
        if new is None or not changed:
            return
        write_profile(row, new, keyring)
        await audit.record(
            s, f"person:{row.id}", "profile.updated", fields=changed, service=service.id, case=case.public_id
        )
        if "email" in changed and new.email and not new.email_verified:
            await queue_verification(s, row)


def _given(service: Service, answers: Mapping[str, Any]) -> dict[str, str]:
    """The answers to fields prefilled from the profile, by profile field. A blank answer never
    clears the profile."""
    found: dict[str, str] = {}
    for control, source in engine.form_targets(service.form, answers):
        value = pointers.get(answers, control.segments)
        name = PROFILE_FIELDS.get(source)
        if name and isinstance(value, str) and value.strip():
            found.setdefault(name, value.strip())
    return found


def _changed_profile(stored: Profile, given: dict[str, str]) -> tuple[Profile | None, list[str]]:
    """The profile with ``given`` in it and the names of what changed. Answers the profile page
    would refuse (a landline as mobile number, half an address) are left out."""
    base = {
        "email": stored.email,
        "mobile": stored.mobile,
        "street": stored.street,
        "postcode": stored.postcode,
        "city": stored.city,
        "language": stored.language,
        "channel": stored.channel,
    }
    proposed = dict(given)
    for _attempt in range(3):
        _values, profile, errors = parse(FormData({**base, **proposed}), "sv")
        if profile is not None:
            new = stored.changed_to(profile)
            changed = [n for n in PROFILE_FIELDS.values() if _differs(n, getattr(stored, n), getattr(new, n))]
            return new, changed
        refused = set(errors) | (set(ADDRESS) if set(errors) & set(ADDRESS) else set())
        if not refused & set(proposed):
            break  # the stored profile itself does not pass: leave it alone
        proposed = {k: v for k, v in proposed.items() if k not in refused}
    return None, []


def _differs(name: str, old: str, new: str) -> bool:
    return old.lower() != new.lower() if name == "email" else old != new


async def _person(request: Request, person_id: str) -> tuple[Person | None, Profile]:
    async with request.app.state.db.session() as s:
        row = await s.scalar(select(Person).where(Person.id == person_id))
    if row is None:
        return None, Profile()
    return row, read_profile(row, bound_keyring(request.app.state.db))
