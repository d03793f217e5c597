"""A person's profile: contact details given once, and how they want to hear about their cases.

Two parts, stored on the ``persons`` row:

* ``Person.profile`` (JSON, readable): ``language``, ``channel`` and ``email_verified``. A case
  event decides on a notification from these inside its own transaction, without master keys.
* ``Person.sealed`` (with ``key_id``, ``wrapped_key``): the contact details (e-mail address,
  mobile number, postal address) sealed under their own data key, bound to ``person:<id>``, so
  ``blankett keys rotate`` covers them like cases and drafts. Without a keyring (tests that
  build rows by hand) they sit in ``profile["contact"]`` instead.

Changing the e-mail address resets ``email_verified``; only a verified address is written to.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from ..db import Person
from ..errors import ConfigurationError
from ..security import Keyring, seal, unseal
from ..security.crypto import Sealed
from ..security.protection import profile_binding

CHANNELS = ("email", "sms", "none")
LANGUAGES = ("sv", "en")
CONTACT_FIELDS = ("email", "mobile", "street", "postcode", "city")


@dataclass(frozen=True)
class Profile:
    """``mobile`` is normalised (``+46701234567``), ``postcode`` five digits; "" when not given."""

    email: str = ""
    mobile: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    language: str = "sv"
    channel: str = "none"  # email, sms, none (notifications turned off)
    email_verified: bool = False

    @property
    def contact(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in CONTACT_FIELDS}

    def changed_to(self, new: Profile) -> Profile:
        """``new`` as it is stored after ``self``: a new e-mail address is no longer verified."""
        keeps = bool(new.email) and new.email.lower() == self.email.lower() and self.email_verified
        return replace(new, email_verified=keeps)


def preferences(person: Person) -> tuple[str, str, bool]:
    """``(language, channel, email_verified)`` from the readable part; no keys needed."""
    plain = person.profile or {}
    language = plain.get("language") if plain.get("language") in LANGUAGES else "sv"
    channel = plain.get("channel") if plain.get("channel") in CHANNELS else "none"
    return str(language), str(channel), bool(plain.get("email_verified"))


def read_profile(person: Person, keyring: Keyring | None) -> Profile:
    """The whole profile, the contact details opened (``ProtectedDataError`` if they do not open)."""
    language, channel, verified = preferences(person)
    contact: dict[str, Any] = dict((person.profile or {}).get("contact") or {})
    if person.sealed is not None and person.key_id is not None and person.wrapped_key is not None:
        if keyring is None:
            raise ConfigurationError("A profile is sealed but no master keys are configured here.")
        sealed = Sealed(person.key_id, person.wrapped_key, person.sealed)
        contact = unseal(keyring, sealed, profile_binding(person.id))
    values = {name: str(contact.get(name) or "") for name in CONTACT_FIELDS}
    return Profile(**values, language=language, channel=channel, email_verified=verified)


def write_profile(person: Person, profile: Profile, keyring: Keyring | None) -> None:
    """Store ``profile`` on ``person``: the contact details sealed under a fresh data key."""
    plain: dict[str, Any] = {
        "language": profile.language,
        "channel": profile.channel,
        "email_verified": profile.email_verified,
    }
    if keyring is None:
        plain["contact"] = profile.contact
        person.sealed = person.key_id = person.wrapped_key = None
    else:
        sealed = seal(keyring, profile.contact, profile_binding(person.id))
        person.sealed, person.key_id, person.wrapped_key = sealed.sealed, sealed.key_id, sealed.wrapped_key
    person.profile = plain


def clear_profile(person: Person) -> None:
    """Remove the contact details and preferences (and their key): notifications stop. The
    person, with their identity number (sealed), stays: the cases kept under retention are theirs."""
    person.profile = {}
    person.sealed = person.key_id = person.wrapped_key = None


def profile_json(profile: Profile) -> dict[str, Any]:
    """The profile as a person downloads it (``emailVerified`` and the rest in camelCase)."""
    data = asdict(profile)
    data["emailVerified"] = data.pop("email_verified")
    return data
