"""Acting for someone else: a company by its organisation number, a child by its guardian.

* :mod:`.people` derives age from personal identity numbers and recognises legal entities;
* :mod:`.mandates` is the mandate lookup (a Protocol, and the fake ``file:`` lookup);
* :mod:`.login` keeps in the session what a login shows (date of birth, organisations);
* :mod:`.choice` is the person's answer to "Vem ansöker du för?" and the services' rules.

What a filed case records about it is :mod:`blankett.cases.representation`.
"""

from .choice import DRAFT_KEY, Choice, minor_refusal, offered_organisations, still_allowed
from .login import login_facts
from .mandates import FileMandates, Mandate, MandateLookup, mandate_lookup

__all__ = [
    "DRAFT_KEY",
    "Choice",
    "FileMandates",
    "Mandate",
    "MandateLookup",
    "login_facts",
    "mandate_lookup",
    "minor_refusal",
    "offered_organisations",
    "still_allowed",
]
