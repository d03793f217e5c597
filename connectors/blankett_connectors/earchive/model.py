"""What goes into a package: its files, and the producer and disposal facts from the options."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

REPRESENTATION = "rep1"
REPRESENTATION_DIR = f"representations/{REPRESENTATION}"
ERMS_PATH = "metadata/descriptive/ERMS.xml"

# The CSIP content information type for CITS ERMS 2.x (FGS Ärendehantering 2.0).
CONTENT_INFORMATION_TYPE = "citserms_v2_1"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
SOFTWARE = "Blankett"


@dataclass(frozen=True)
class DataFile:
    """One file of the representation: ``path`` is relative to its folder (``data/case.json``)."""

    path: str
    content: bytes
    mimetype: str
    description: str
    format_name: str | None = None  # sip:FILEFORMATNAME
    pronom: str | None = None  # sip:FORMATREGISTRYKEY in PRONOM

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def package_path(self) -> str:
        return f"{REPRESENTATION_DIR}/{self.path}"


@dataclass(frozen=True)
class Producer:
    """The authority whose case this is (archival creator and submitter of the package)."""

    organisation: str
    organisation_id: str | None = None
    archive: str | None = None
    submission_agreement: str | None = None
    software_version: str = "0"


@dataclass(frozen=True)
class Disposal:
    """Bevarande och gallring: preserve for ever, or dispose of ``retention_years`` after filing."""

    preserve: bool = True
    retention_years: int | None = None
    mandate: str | None = None
    schedule_id: str | None = None


@dataclass(frozen=True)
class Profile:
    producer: Producer
    disposal: Disposal
    secrecy_regulation: str
