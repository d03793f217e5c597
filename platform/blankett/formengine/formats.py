"""The ``FormatChecker`` used for every form, with the platform's stricter checks.

jsonschema's own ``email`` check only looks for an "@"; a citizen who types "anna@" deserves
the format message rather than a bounced reply later. The Swedish formats are registered here
too, so that the schema itself validates them (the widgets also normalise what people type):
``personnummer``, ``samordningsnummer``, ``se-orgnr``, ``postnummer`` and ``phone-se``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.protocols import Validator

from . import swedish

# Pragmatic, not RFC 5322: one "@", no spaces or angle brackets, a dotted domain whose last
# label has at least two characters. Internationalised addresses are accepted.
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"]{1,64}@(?:[^\s@<>()\[\],;:\".]+\.)+[^\s@<>()\[\],;:\".]{2,}")

SWEDISH_FORMATS: dict[str, Callable[[str], str | None]] = {
    "personnummer": swedish.normalise_personnummer,
    "samordningsnummer": swedish.normalise_samordningsnummer,
    "se-orgnr": swedish.normalise_orgnr,
    "postnummer": swedish.normalise_postnummer,
    "phone-se": swedish.normalise_phone,
}


def is_email(instance: object) -> bool:
    if not isinstance(instance, str):
        return True  # formats only constrain strings; "type" reports anything else
    local = instance.split("@", 1)[0]
    return (
        len(instance) <= 254
        and _EMAIL.fullmatch(instance) is not None
        and not local.startswith(".")
        and not local.endswith(".")
        and ".." not in instance
    )


def _checker(normalise: Callable[[str], str | None]) -> Callable[[object], bool]:
    def check(instance: object) -> bool:
        return not isinstance(instance, str) or normalise(instance) is not None

    return check


def format_checker(dialect: type[Validator] = Draft202012Validator) -> FormatChecker:
    """A new checker with the dialect's formats plus the platform's.

    Built from the dialect's own table: a bare ``FormatChecker()`` mixes every draft, and its
    ``time`` is draft-03's (no offset) rather than RFC 3339's."""
    checker = FormatChecker(formats=())
    checker.checkers = dict(dialect.FORMAT_CHECKER.checkers)  # its own copy; safe to extend
    checker.checks("email")(is_email)
    for name, normalise in SWEDISH_FORMATS.items():
        checker.checks(name)(_checker(normalise))
    return checker
