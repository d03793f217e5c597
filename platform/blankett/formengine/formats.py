"""The ``FormatChecker`` used for every form, with the platform's stricter checks.

jsonschema's own ``email`` check only looks for an "@"; a citizen who types "anna@" deserves
the format message rather than a bounced reply later. Platform formats (``personnummer``,
``se-orgnr`` ...) are registered here too.
"""

from __future__ import annotations

import re

from jsonschema import FormatChecker

# Pragmatic, not RFC 5322: one "@", no spaces or angle brackets, a dotted domain whose last
# label has at least two characters. Internationalised addresses are accepted.
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"]{1,64}@(?:[^\s@<>()\[\],;:\".]+\.)+[^\s@<>()\[\],;:\".]{2,}")


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


def format_checker() -> FormatChecker:
    """A new checker with jsonschema's formats plus the platform's."""
    checker = FormatChecker()  # its own copy of the format table; safe to extend
    checker.checks("email")(is_email)
    return checker
