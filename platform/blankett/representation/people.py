"""Facts about the parties of a case derived from their numbers: age, and legal entities.

A personal identity number (personnummer) starts with the date of birth; a coordination number
(samordningsnummer) too, with 60 added to the day (Skatteverket). An organisation number
(organisationsnummer) of a legal entity has a third digit of 2 or more; a sole trader's is their
own personal identity number, which is personal data and never recorded as an organisation.
"""

from __future__ import annotations

from datetime import date

from ..formengine.swedish import normalise_orgnr, normalise_personnummer, normalise_samordningsnummer

ADULT_AGE = 18  # myndighetsålder, föräldrabalken 9 kap. 1 §


def birth_date(number: str | None, claimed: str | None = None) -> date | None:
    """The date of birth in a twelve-digit personal identity or coordination number, else the
    provider's ``birthdate`` claim (foreign eIDAS identities have no Swedish number)."""
    if number and len(number) == 12 and number.isdigit():
        day = int(number[6:8])
        try:
            return date(int(number[:4]), int(number[4:6]), day - 60 if day > 60 else day)
        except ValueError:
            return None
    try:
        return date.fromisoformat(claimed) if claimed else None
    except ValueError:
        return None


def age_on(born: date, today: date) -> int:
    """Whole years; someone born on 29 February turns a year older on 1 March."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def child_number(text: str, today: date | None = None) -> str | None:
    """A child's personal identity or coordination number as typed, normalised to twelve digits."""
    return normalise_personnummer(text, today) or normalise_samordningsnummer(text, today)


def legal_entity(text: str | None) -> str | None:
    """The ten digits of a valid organisation number of a legal entity, or None."""
    number = normalise_orgnr(text) if text else None
    return number if number is not None and int(number[2]) >= 2 else None
