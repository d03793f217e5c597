"""The person a login established, as the platform sees it."""

from __future__ import annotations

from dataclasses import dataclass

from .loa import loa_rank


@dataclass(frozen=True, repr=False)
class Identity:
    """Who logged in. ``loa`` is the provider's ``acr`` URI; ``loa_rank`` compares levels.

    ``personal_number`` (personnummer) and ``coordination_number`` (samordningsnummer) are
    twelve digits; the Swedish profile sends one or the other. ``org_*`` come from an
    organisational eID and say nothing yet about a right to represent the organisation.
    ``auth_time`` is when the person authenticated at the provider (seconds since the
    epoch), which a step-up or a signature compares against the time it asked. ``roles`` are
    the staff roles the staff directory sent, when the provider is trusted with them.

    ``repr`` names only the issuer and the level, so an identity that ends up in a log line
    or a traceback carries no personal data.
    """

    issuer: str
    subject: str
    personal_number: str | None
    given_name: str | None
    family_name: str | None
    birthdate: str | None
    loa: str
    coordination_number: str | None = None
    org_number: str | None = None
    org_name: str | None = None
    org_affiliation: str | None = None
    auth_time: int | None = None
    roles: tuple[str, ...] = ()  # staff roles (blankett.auth.roles); empty for citizens
    user_signature: str | None = None  # the provider's signature when one was asked for (blankett.auth.signing)

    @property
    def loa_rank(self) -> int:
        return loa_rank(self.loa)

    def __repr__(self) -> str:
        return f"Identity(issuer={self.issuer!r}, loa={self.loa!r})"
