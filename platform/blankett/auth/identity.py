"""The person a login established, as the platform sees it."""

from __future__ import annotations

from dataclasses import dataclass

from .loa import loa_rank


@dataclass(frozen=True, repr=False)
class Identity:
    """Who logged in. ``loa`` is the provider's ``acr`` URI; ``loa_rank`` compares levels.

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

    @property
    def loa_rank(self) -> int:
        return loa_rank(self.loa)

    def __repr__(self) -> str:
        return f"Identity(issuer={self.issuer!r}, loa={self.loa!r})"
