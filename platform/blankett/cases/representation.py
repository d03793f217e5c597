"""What a case records about the party it was filed for (``cases.representation``).

* ``representation``, readable: ``kind`` (``organisation`` or ``child``), ``evidence`` (``idp``:
  the organisation claims of the login; ``mandate``: the mandate lookup; ``declared``: the
  applicant's word) and ``verified``; for an organisation its ``orgNumber``, ``orgName`` and the
  mandate's ``role``; for a child only ``relation`` ("guardian"): nothing that identifies it.
* The child's personal identity number and name go into the submitter under
  :data:`REPRESENTED_KEY`, so they are sealed and purged with it.
* ``represented_key``: a keyed blind index of the organisation's number (``org:``), by which its
  representatives find its cases, or of the child's (``child:``), so a second guardian could be
  given access later. No login ever holds a ``child:`` key, so it opens nothing today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..formengine.swedish import format_orgnr, format_personnummer
from ..representation import Choice
from ..security import blind_index

REPRESENTED_KEY = "_represented"  # in the sealed submitter; the envelope moves it into "representation"

LABEL = ("Ansökt för", "Filed for")
_EVIDENCE = {
    "idp": ("styrkt med e-legitimationens organisationsuppgifter", "shown by the organisation in the e-ID"),
    "mandate": ("styrkt med behörighetsuppslag, roll: {role}", "shown by the mandate lookup, role: {role}"),
    "declared": ("uppgiven av sökanden, ej kontrollerad", "stated by the applicant, not checked"),
}
_ORGANISATION = ("organisation {number} {name}, {evidence}", "organisation {number} {name}, {evidence}")
_CHILD = (
    "barn{who}, av vårdnadshavare; vårdnad uppgiven av sökanden, ej kontrollerad mot folkbokföringen",
    "a child{who}, by a guardian; custody stated by the applicant, "
    "not checked against the population register",
)


@dataclass(frozen=True)
class Filing:
    """The columns a choice gives a case, and what it adds to the sealed submitter."""

    representation: dict[str, Any] | None = None
    key: str | None = None
    represented: dict[str, str] | None = None

    def submitter(self, submitter: dict[str, Any] | None) -> dict[str, Any] | None:
        if self.represented is None:
            return submitter
        return {**(submitter or {}), REPRESENTED_KEY: self.represented}


def represented_key(secret: str, kind: str, number: str) -> str:
    """Keyed blind index of an organisation (``kind`` "org") or child ("child") by its number."""
    return blind_index(secret, b"blankett.represented-index", f"{kind}:{number}")


def filing_for(choice: Choice | None, secret: str) -> Filing:
    """What filing under ``choice`` records; nothing for a person filing for themselves."""
    if choice is None or choice.kind == "self":
        return Filing()
    if choice.kind == "organisation":
        record = {
            "kind": "organisation", "orgNumber": choice.number, "orgName": choice.name,
            "evidence": choice.evidence, "verified": choice.verified,
        }
        if choice.role:
            record["role"] = choice.role
        return Filing(record, represented_key(secret, "org", choice.number))
    return Filing(
        {"kind": "child", "relation": "guardian", "evidence": "declared", "verified": False},
        represented_key(secret, "child", choice.number),
        {"personalNumber": choice.number, "name": choice.name},
    )


def describe(
    representation: Mapping[str, Any] | None, submitter: Mapping[str, Any] | None, lang: str
) -> str | None:
    """The case's "Ansökt för" line in ``lang``, or None when filed for oneself. The child is
    named only where the sealed submitter is open (the case's own pages, the handler's)."""
    if not representation:
        return None
    pick = 1 if lang == "en" else 0
    if representation.get("kind") == "organisation":
        evidence = _EVIDENCE.get(str(representation.get("evidence")), _EVIDENCE["declared"])[pick]
        return _ORGANISATION[pick].format(
            number=format_orgnr(str(representation.get("orgNumber", ""))),
            name=representation.get("orgName", ""),
            evidence=evidence.format(role=representation.get("role", "")),
        )
    child = (submitter or {}).get(REPRESENTED_KEY)
    who = ""
    if isinstance(child, dict):
        who = f" {child.get('name', '')} ({format_personnummer(str(child.get('personalNumber', '')))})"
    return _CHILD[pick].format(who=who)
