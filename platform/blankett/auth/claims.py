"""Claim-mapping profiles: which provider claim carries which part of an ``Identity``.

The Swedish OpenID Connect profile (id.oidc.se) names the claims by default. Brokers in
front of BankID or Freja often rename them (``ssn`` for the personal identity number), so
a provider is configured with a profile from this table; adding a broker is one row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..errors import ConfigurationError, LoginFailed
from ..formengine.swedish import normalise_personnummer, normalise_samordningsnummer

_CLAIM = "https://id.oidc.se/claim/"
_SCOPE = "https://id.oidc.se/scope/"
PERSONAL_NUMBER_CLAIM = _CLAIM + "personalIdentityNumber"
COORDINATION_NUMBER_CLAIM = _CLAIM + "coordinationNumber"
ORG_NUMBER_CLAIM = _CLAIM + "orgNumber"
ORG_NAME_CLAIM = _CLAIM + "orgName"
ORG_AFFILIATION_CLAIM = _CLAIM + "orgAffiliation"
SCOPE_NATURAL_PERSON_NUMBER = _SCOPE + "naturalPersonNumber"
SCOPE_NATURAL_PERSON_INFO = _SCOPE + "naturalPersonInfo"
SCOPE_NATURAL_PERSON_ORG_ID = _SCOPE + "naturalPersonOrgId"

# Identity fields that hold an identity number, and the digits each must have once a
# single separator ("19850412-9829", "556036-0793") is removed.
_NUMBER_DIGITS = {"personal_number": 12, "coordination_number": 12, "org_number": 10}
_SEPARATED = re.compile(r"(\d{6,8})-(\d{4})")
# A personal identity number must be a real date of birth with its Luhn check digit; a
# coordination number the same with 60 added to the day (Skatteverket's rules, formengine.swedish).
_VALID = {
    "personal_number": (normalise_personnummer, "personal identity number"),
    "coordination_number": (normalise_samordningsnummer, "coordination number"),
}


@dataclass(frozen=True)
class ClaimProfile:
    """``claims`` maps an ``Identity`` field to the provider's claim name; ``scopes`` are requested."""

    name: str
    scopes: tuple[str, ...]
    claims: Mapping[str, str]


_SWEDISH_CLAIMS = {
    "personal_number": PERSONAL_NUMBER_CLAIM,
    "coordination_number": COORDINATION_NUMBER_CLAIM,
    "org_number": ORG_NUMBER_CLAIM,
    "org_name": ORG_NAME_CLAIM,
    "org_affiliation": ORG_AFFILIATION_CLAIM,
    "given_name": "given_name",
    "family_name": "family_name",
    "birthdate": "birthdate",
}

SWEDISH = ClaimProfile(
    "swedish",
    scopes=("openid", SCOPE_NATURAL_PERSON_NUMBER, SCOPE_NATURAL_PERSON_INFO),
    claims=MappingProxyType(_SWEDISH_CLAIMS),
)
# A broker that sends the personal identity number as ``ssn`` and names with ``profile``.
SSN_BROKER = ClaimProfile(
    "ssn",
    scopes=("openid", "profile"),
    claims=MappingProxyType({**_SWEDISH_CLAIMS, "personal_number": "ssn"}),
)

CLAIM_PROFILES: Mapping[str, ClaimProfile] = MappingProxyType({p.name: p for p in (SWEDISH, SSN_BROKER)})


def claim_profile(name: str) -> ClaimProfile:
    """The profile called ``name``; a ConfigurationError names the ones there are."""
    try:
        return CLAIM_PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(CLAIM_PROFILES))
        raise ConfigurationError(f"Unknown claim profile {name!r}: choose one of {known}.") from None


def renamed(profile: ClaimProfile, claims: Mapping[str, str]) -> ClaimProfile:
    """``profile`` with some claims renamed, for a broker no profile fits: ``claims`` maps an
    ``Identity`` field (a key of ``profile.claims``) to the provider's claim name."""
    unknown = sorted(set(claims) - set(profile.claims))
    if unknown:
        known = ", ".join(profile.claims)
        raise ConfigurationError(
            f"Unknown identity field(s) {', '.join(unknown)} in claims: choose from {known}."
        )
    if not claims:
        return profile
    return ClaimProfile(profile.name, profile.scopes, MappingProxyType({**profile.claims, **claims}))


def read_claims(
    profile: ClaimProfile, id_token: Mapping[str, Any], userinfo: Mapping[str, Any]
) -> dict[str, str | None]:
    """Every mapped field from userinfo (or else the ID token): a non-empty string or None.

    Identity numbers come back as bare digits; a malformed one (or a personal identity or
    coordination number that is not a valid date with its check digit) raises LoginFailed
    whose detail names the claim, never the value.
    """
    fields: dict[str, str | None] = {}
    for field, claim in profile.claims.items():
        value = userinfo.get(claim, id_token.get(claim))
        text = value if isinstance(value, str) and value else None
        if text is not None and field in _NUMBER_DIGITS:
            text = _identity_number(field, claim, text)
        fields[field] = text
    return fields


def _identity_number(field: str, claim: str, text: str) -> str:
    separated = _SEPARATED.fullmatch(text)
    digits = "".join(separated.groups()) if separated else text
    wanted = _NUMBER_DIGITS[field]
    name = claim.rsplit("/", 1)[-1]
    if len(digits) != wanted or not digits.isdigit():
        raise LoginFailed(f"the {name} claim is not {wanted} digits")
    if field in _VALID:
        normalise, kind = _VALID[field]
        if normalise(digits) != digits:
            raise LoginFailed(f"the {name} claim is not a valid {kind} (date of birth or check digit)")
    return digits
