"""Swedish identity numbers, postcodes and phone numbers: check and normalise.

* Personnummer (Skatteverket SKV 704): date of birth + birth number + Luhn check digit,
  written ``ÅÅMMDD-NNNN`` (``+`` from the year a person turns 100) or ``ÅÅÅÅMMDD-NNNN``.
  Stored as 12 digits, ``ÅÅÅÅMMDDNNNN``.
* Samordningsnummer: the same, with 60 added to the day.
* Organisationsnummer (Bolagsverket): 10 digits with a Luhn check digit, optionally written
  with a hyphen or the ``16`` prefix. Stored as 10 digits.
* Postnummer: five digits, written ``123 45``. Stored as 5 digits.
* Swedish phone numbers: national (``070-123 45 67``) or international (``+46 70 123 45 67``,
  ``0046 ...``). Stored as E.164, ``+46701234567``.

Each ``normalise_*`` returns the stored form, or ``None`` when the text is not valid.
"""

from __future__ import annotations

import datetime
import re

_IDENTITY = re.compile(r"(\d{2})?(\d{6})([-+]?)(\d{4})")
_ORGNR = re.compile(r"(?:16)?(\d{6})-?(\d{4})")
_POSTNUMMER = re.compile(r"([1-9]\d{2}) ?(\d{2})")
_PHONE_NOISE = re.compile(r"[\s\-()/.\u00a0]")


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over a string of digits."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char) * (2 if index % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text)


def _birth_year(short: int, separator: str, today: datetime.date) -> int:
    """The century of a 10-digit number: the latest year not in the future, less 100 for '+'."""
    year = today.year - (today.year - short) % 100
    return year - 100 if separator == "+" else year


def _normalise_identity(text: str, today: datetime.date | None, coordination: bool) -> str | None:
    match = _IDENTITY.fullmatch(_compact(text))
    if match is None:
        return None
    century, body, separator, tail = match.groups()
    today = today or datetime.date.today()
    if century is not None and separator == "+":
        return None
    short = int(body[:2])
    year = int(century + body[:2]) if century else _birth_year(short, separator, today)
    month, day = int(body[2:4]), int(body[4:6])
    if coordination:
        day -= 60
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return None
    if born > today or not luhn_ok(body + tail):
        return None
    return f"{year:04d}{body[2:]}{tail}"


def normalise_personnummer(text: str, today: datetime.date | None = None) -> str | None:
    """``"19121212-1212"``, ``"121212-1212"`` → ``"191212121212"``."""
    return _normalise_identity(text, today, coordination=False)


def normalise_samordningsnummer(text: str, today: datetime.date | None = None) -> str | None:
    """Like :func:`normalise_personnummer` with the day plus 60 (``"701063-2391"``)."""
    return _normalise_identity(text, today, coordination=True)


def normalise_orgnr(text: str) -> str | None:
    """``"556036-0793"``, ``"165560360793"`` → ``"5560360793"``."""
    match = _ORGNR.fullmatch(_compact(text))
    if match is None:
        return None
    digits = match.group(1) + match.group(2)
    return digits if luhn_ok(digits) else None


def normalise_postnummer(text: str) -> str | None:
    """``"123 45"`` → ``"12345"``."""
    match = _POSTNUMMER.fullmatch(text.strip())
    return match.group(1) + match.group(2) if match else None


def normalise_phone(text: str) -> str | None:
    """``"070-123 45 67"``, ``"+46 (0)70 123 45 67"`` → ``"+46701234567"``."""
    compact = _PHONE_NOISE.sub("", text.replace("(0)", ""))
    if compact.startswith("+46"):
        national = compact[3:]
    elif compact.startswith("0046"):
        national = compact[4:]
    elif compact.startswith("0") and not compact.startswith("00"):
        national = compact[1:]
    else:
        return None
    if not (national.isdecimal() and 7 <= len(national) <= 9 and national[0] != "0"):
        return None
    return "+46" + national


def format_personnummer(value: str) -> str:
    """``"191212121212"`` → ``"19121212-1212"``; other text as it is."""
    return f"{value[:8]}-{value[8:]}" if len(value) == 12 and value.isdecimal() else value


def format_orgnr(value: str) -> str:
    return f"{value[:6]}-{value[6:]}" if len(value) == 10 and value.isdecimal() else value


def format_postnummer(value: str) -> str:
    return f"{value[:3]} {value[3:]}" if len(value) == 5 and value.isdecimal() else value


def format_phone(value: str) -> str:
    """Mobile numbers as ``070-123 45 67``; other numbers as ``0`` and the digits (area codes
    vary in length, so they are not grouped)."""
    if not (value.startswith("+46") and value[3:].isdecimal()):
        return value
    national = "0" + value[3:]
    if national.startswith("07") and len(national) == 10:
        return f"{national[:3]}-{national[3:6]} {national[6:8]} {national[8:]}"
    return national
