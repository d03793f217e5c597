"""``earchive``: write each case as an FGS 2.0 package (E-ARK CSIP 2.1 + SIP 2.1, CITS ERMS 2.1.2).

Settings::

    [connectors.e-arkiv]
    type = "earchive"
    directory = "/srv/e-arkiv/inkommande"
    organisation = "Exempelby kommun, Kommunstyrelsen"   # arkivbildare and submitter
    organisation_id = "212000-0000"                     # optional
    archive = "Exempelby kommunarkiv"                   # optional: the preservation agent
    submission_agreement = "KS 2026/17"                 # optional: leveransöverenskommelse
    disposal_action = "dispose"                         # optional: "preserve" (default) or "dispose"
    retention_years = 2                                 # with "dispose"
    disposal_mandate = "Dokumenthanteringsplan för kommunstyrelsen"  # optional
    secrecy_regulation = "OSL (2009:400) 26 kap. 1 §"   # optional
    file_mode = "640"                                   # optional, octal; default 600

One package *folder* per case, named by its reference (not a zip: an archive's ingest reads the
folder as it is, and an operator can look inside)::

    BLK-2026-000123/
      METS.xml                            package METS: agents, ERMS dmdSec, Representations/rep1
      metadata/descriptive/ERMS.xml       the case as CITS ERMS 2.1.2
      representations/rep1/METS.xml       representation METS: the data files
      representations/rep1/data/case.json      the case envelope as Blankett sent it
      representations/rep1/data/answers.json   the answers alone
      representations/rep1/data/attachments/NN-name   attached files (read from the platform, or fetched from their href)

Every file is listed in a METS file with its size and SHA-256. The folder appears whole or not
at all: it is written under a hidden temporary name beside the final one, flushed to disk and
renamed. Delivering the same case again finds the package there (same ``case.json``) and leaves
it alone; a changed case replaces it. Any failure to write is retried; an attachment that cannot
be fetched now is retried, one that is missing or does not match its checksum needs a person.
"""

from .connector import EarchiveConnector, EarchiveOptions

__all__ = ["EarchiveConnector", "EarchiveOptions"]
