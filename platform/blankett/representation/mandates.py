"""The mandate lookup: which organisations does a person represent, and with what mandate?

A municipality connects the register it trusts (a mandate or company register service) by
implementing :class:`MandateLookup`, a single call. The platform asks it once at login, so the
answer holds for that login; an unavailable register raises ``ConnectorUnavailable`` and the
login goes on without it. ``file:<path>`` (the setting ``mandate_lookup``) is the built-in fake
for tests and development, a TOML list; production refuses it, as it refuses the test
identity provider::

    [[mandates]]
    personal_number = "198112289874"   # twelve digits
    org_number = "5599001238"          # ten digits, a legal entity
    org_name = "Exempelbolaget i Visby AB"
    role = "firmatecknare"
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import ConfigurationError
from ..formengine.swedish import normalise_personnummer, normalise_samordningsnummer
from .people import legal_entity

FILE_PREFIX = "file:"


@dataclass(frozen=True)
class Mandate:
    """That a person represents an organisation: its number (ten digits), name and the role."""

    org_number: str
    org_name: str
    role: str  # as the register names it, e.g. "firmatecknare", "ombud"


class MandateLookup(Protocol):
    async def mandates(self, personal_number: str) -> Sequence[Mandate]:
        """The organisations the person with this personal identity (or coordination) number,
        twelve digits, represents, each with its mandate; empty when none."""
        ...


class FileMandates:
    """The fake lookup: reads its TOML file on every call, so edits apply at the next login."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def mandates(self, personal_number: str) -> Sequence[Mandate]:
        return [mandate for number, mandate in read_mandate_file(self.path) if number == personal_number]


def read_mandate_file(path: Path) -> list[tuple[str, Mandate]]:
    """Every ``(personal number, mandate)`` of the file; a mistake names the entry, not its values."""
    try:
        with path.open("rb") as fh:
            entries = tomllib.load(fh).get("mandates", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"mandate_lookup: {path} cannot be read: {exc}") from exc
    if not isinstance(entries, list):
        raise ConfigurationError(f"mandate_lookup: {path}: mandates must be a list of tables ([[mandates]])")
    return [_entry(entry, index, path) for index, entry in enumerate(entries)]


def _entry(entry: Any, index: int, path: Path) -> tuple[str, Mandate]:
    where = f"mandate_lookup: {path}: mandates[{index}]"
    keys = ("personal_number", "org_number", "org_name", "role")
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in keys):
        raise ConfigurationError(f"{where} needs {', '.join(keys)}, as text")
    number = entry["personal_number"]
    org = legal_entity(entry["org_number"])
    if len(number) != 12 or (normalise_personnummer(number) or normalise_samordningsnummer(number)) != number:
        raise ConfigurationError(f"{where}.personal_number is not a valid twelve-digit identity number")
    if org is None:
        raise ConfigurationError(f"{where}.org_number is not a valid organisation number of a legal entity")
    if not entry["org_name"].strip() or not entry["role"].strip():
        raise ConfigurationError(f"{where}: org_name and role must not be empty")
    return number, Mandate(org, entry["org_name"].strip(), entry["role"].strip())


def mandate_lookup(setting: str) -> MandateLookup | None:
    """The lookup the setting ``mandate_lookup`` names: none (``""``) or the fake (``file:<path>``)."""
    if not setting:
        return None
    if setting.startswith(FILE_PREFIX):
        return FileMandates(Path(setting[len(FILE_PREFIX):]))
    raise ConfigurationError(f'mandate_lookup must be "" or "file:<path>", not {setting!r}')
