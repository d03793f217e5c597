"""The test persons the built-in provider can log in as.

The personal identity numbers follow Skatteverket's rules (twelve digits, a Luhn check
digit over the last ten) and use the birth-number series of Skatteverket's published
test numbers (980-999 for older dates, 238-239 for recent ones), so they can never belong
to a real person. ``tomasz`` has a samordningsnummer (coordination number: day + 60);
``sara`` and ``olof`` are staff, with roles (``olof`` also writes forms: ``author``);
``ingrid`` logs in with an organisational e-ID, whose claims name a made-up company.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ..formengine.swedish import luhn_ok, normalise_samordningsnummer

# A fixed namespace makes ``sub`` stable across restarts and machines without being
# derived from the personal identity number (OpenID subjects must not leak it).
_SUBJECT_NAMESPACE = uuid.UUID("6f1d3c5e-2b1a-4c57-9a43-0b9d0c1e7a21")


@dataclass(frozen=True)
class TestPerson:
    __test__ = False  # not a pytest test class, whatever its name says

    id: str
    given_name: str
    family_name: str
    personal_number: str  # twelve digits, no separator
    birthdate: str  # ISO date; for a samordningsnummer the real day, not day + 60
    description: tuple[str, str]  # (sv, en): why this person is in the list
    roles: tuple[str, ...] = ()  # staff roles (blankett.auth.roles), sent in the "roles" claim
    # An organisational e-ID: (organisation number, name), sent in the profile's org claims.
    organisation: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def coordination(self) -> bool:
        """Whether the number is a samordningsnummer (sent in the coordinationNumber claim)."""
        return normalise_samordningsnummer(self.personal_number) is not None

    @property
    def subject(self) -> str:
        return str(uuid.uuid5(_SUBJECT_NAMESPACE, self.id))

    @property
    def display_number(self) -> str:
        """``YYYYMMDD-NNNN``, the way a Swede writes it."""
        return f"{self.personal_number[:8]}-{self.personal_number[8:]}"

    def __repr__(self) -> str:
        return f"TestPerson(id={self.id!r})"


TEST_PERSONS: tuple[TestPerson, ...] = (
    TestPerson("anna", "Anna", "Lindqvist", "198504129829", "1985-04-12", ("Vuxen", "Adult")),
    TestPerson("erik", "Erik", "Johansson", "198112289874", "1981-12-28", ("Vuxen", "Adult")),
    TestPerson("leila", "Leila", "Hassan", "199009179848", "1990-09-17", ("Vuxen", "Adult")),
    TestPerson("karl-erik", "Karl-Erik", "Holm", "193806029819", "1938-06-02", ("Äldre", "Elderly")),
    TestPerson("maja", "Maja", "Karlsson", "201311232381", "2013-11-23", ("Minderårig", "Minor")),
    TestPerson(
        "tomasz",
        "Tomasz",
        "Nowak",
        "197010632391",
        "1970-10-03",
        ("Samordningsnummer", "Coordination number"),
    ),
    # An organisational e-ID (e-tjänstelegitimation) for a made-up company; erik and leila
    # represent made-up organisations in the fake mandate lookup (config/test-mandates.toml).
    TestPerson(
        "ingrid", "Ingrid", "Falk", "197605149827", "1976-05-14",
        ("Företrädare med e-tjänstelegitimation för Exempelbolaget i Visby AB",
         "Representative with an organisational eID for Exempelbolaget i Visby AB"),
        organisation=("5599001236", "Exempelbolaget i Visby AB"),
    ),
    # Staff: the built-in provider plays the municipality's staff directory too.
    TestPerson(
        "sara", "Sara", "Berg", "197903059819", "1979-03-05",
        ("Handläggare för synpunkter och felanmälan", "Case officer for feedback and fault reports"),
        roles=("handler:felanmalan", "handler:synpunkt"),
    ),
    TestPerson(
        "olof", "Olof", "Strand", "196807229825", "1968-07-22",
        (
            "Handläggare för alla e-tjänster, administratör, blankettförfattare",
            "Case officer for every e-service, administrator, form author",
        ),
        roles=("admin", "author", "handler:*"),
    ),
)

PERSONS_BY_ID: dict[str, TestPerson] = {p.id: p for p in TEST_PERSONS}


def luhn_valid(personal_number: str) -> bool:
    """Check digit of a 10- or 12-digit personal identity number (computed over the last ten)."""
    if len(personal_number) not in (10, 12) or not personal_number.isdigit():
        return False
    return luhn_ok(personal_number[-10:])
