"""The package's two METS documents, per E-ARK CSIP 2.1 and SIP 2.1 (FGS Paketstruktur 2.0).

The package METS (``METS.xml`` at the root) points at the ERMS description (``dmdSec``) and at the
representation's own METS (``fileSec`` group ``Representations/rep1`` and an ``mptr``); the
representation METS lists the data files. Every file is listed with its size, media type and
SHA-256, so an archive can check the package file by file.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from .model import (
    CONTENT_INFORMATION_TYPE,
    ERMS_PATH,
    REPRESENTATION,
    REPRESENTATION_DIR,
    SIP_PROFILE,
    SOFTWARE,
    DataFile,
    Producer,
)
from .xmltools import CSIP, METS, SIP, XLINK, XSI, q, serialize, sub

_SCHEMA_LOCATIONS = " ".join(
    [
        METS,
        "http://www.loc.gov/standards/mets/mets.xsd",
        XLINK,
        "http://www.loc.gov/standards/mets/xlink.xsd",
        CSIP,
        "https://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd",
        SIP,
        "https://earksip.dilcis.eu/schema/DILCISExtensionSIPMETS.xsd",
    ]
)
_XML_FORMAT = {
    q(SIP, "FILEFORMATNAME"): "Extensible Markup Language",
    q(SIP, "FILEFORMATVERSION"): "1.0",
    q(SIP, "FORMATREGISTRY"): "PRONOM",
    q(SIP, "FORMATREGISTRYKEY"): "fmt/101",
}


def representation_mets(files: Sequence[DataFile], created: str, producer: Producer) -> bytes:
    """METS of ``representations/rep1``: its data files, paths relative to that folder."""
    root = _root(REPRESENTATION, None)
    _header(root, created, producer, full=False)
    group = sub(sub(root, METS, "fileSec", ID="rep1-filesec"), METS, "fileGrp", ID="rep1-data", USE="Data")
    for number, data_file in enumerate(files, start=1):
        attributes = _file_core(data_file.content, data_file.mimetype, created)
        if data_file.format_name:
            attributes[q(SIP, "FILEFORMATNAME")] = data_file.format_name
        if data_file.pronom:
            attributes.update(
                {q(SIP, "FORMATREGISTRY"): "PRONOM", q(SIP, "FORMATREGISTRYKEY"): data_file.pronom}
            )
        file_element = sub(group, METS, "file", ID=f"rep1-file-{number}", **attributes)
        _location(sub(file_element, METS, "FLocat"), data_file.path)
    structure = sub(root, METS, "structMap", ID="rep1-structmap", TYPE="PHYSICAL", LABEL="CSIP")
    package_div = sub(structure, METS, "div", ID="rep1-div", LABEL=REPRESENTATION)
    data_div = sub(package_div, METS, "div", ID="rep1-div-data", LABEL="Data")
    sub(data_div, METS, "fptr", FILEID="rep1-data")
    return serialize(root)


def package_mets(
    reference: str, label: str, erms: bytes, rep_mets: bytes, created: str, producer: Producer
) -> bytes:
    """The package METS: header with the agents, the ERMS description, and the representation."""
    root = _root(reference, label)
    _header(root, created, producer, full=True)
    dmd = sub(root, METS, "dmdSec", ID="dmd-erms", CREATED=created, STATUS="CURRENT")
    md_ref = sub(
        dmd,
        METS,
        "mdRef",
        MDTYPE="OTHER",
        OTHERMDTYPE="ERMS",
        MDTYPEVERSION="2.1.2",
        **_file_core(erms, "application/xml", created),
    )
    _location(md_ref, ERMS_PATH)
    group = sub(
        sub(root, METS, "fileSec", ID="filesec"),
        METS,
        "fileGrp",
        ID="filegrp-rep1",
        USE=f"Representations/{REPRESENTATION}",
        **{q(CSIP, "CONTENTINFORMATIONTYPE"): CONTENT_INFORMATION_TYPE},
    )
    rep_file = sub(
        group,
        METS,
        "file",
        ID="file-rep1-mets",
        **_file_core(rep_mets, "application/xml", created),
        **_XML_FORMAT,
    )
    _location(sub(rep_file, METS, "FLocat"), f"{REPRESENTATION_DIR}/METS.xml")
    structure = sub(root, METS, "structMap", ID="structmap", TYPE="PHYSICAL", LABEL="CSIP")
    package_div = sub(structure, METS, "div", ID="div-package", LABEL=reference)
    sub(package_div, METS, "div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-erms")
    rep_div = sub(package_div, METS, "div", ID="div-rep1", LABEL=f"Representations/{REPRESENTATION}")
    pointer = sub(rep_div, METS, "mptr")
    _location(pointer, f"{REPRESENTATION_DIR}/METS.xml")
    pointer.set(q(XLINK, "title"), "filegrp-rep1")
    return serialize(root)


def _root(object_id: str, label: str | None) -> ET.Element:
    attributes = {
        "OBJID": object_id,
        "TYPE": "Mixed",  # CSIP content category: a case mixes text, data and attached files
        q(CSIP, "CONTENTINFORMATIONTYPE"): CONTENT_INFORMATION_TYPE,
        "PROFILE": SIP_PROFILE,
        q(XSI, "schemaLocation"): _SCHEMA_LOCATIONS,
    }
    if label:
        attributes["LABEL"] = label
    return ET.Element(q(METS, "mets"), attributes)


def _header(root: ET.Element, created: str, producer: Producer, *, full: bool) -> None:
    header = sub(
        root, METS, "metsHdr", CREATEDATE=created, RECORDSTATUS="NEW", **{q(CSIP, "OAISPACKAGETYPE"): "SIP"}
    )
    software = sub(header, METS, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    sub(software, METS, "name", SOFTWARE)
    sub(software, METS, "note", producer.software_version, **{q(CSIP, "NOTETYPE"): "SOFTWARE VERSION"})
    if not full:
        return
    # SIP 2.1: the archival creator (ARCHIVIST) and the submitting agent (CREATOR) are both the
    # authority the case belongs to; the archive is the PRESERVATION agent when it is named.
    roles = [("ARCHIVIST", producer.organisation), ("CREATOR", producer.organisation)]
    if producer.archive:
        roles.append(("PRESERVATION", producer.archive))
    for role, name in roles:
        agent = sub(header, METS, "agent", ROLE=role, TYPE="ORGANIZATION")
        sub(agent, METS, "name", name)
        if producer.organisation_id and role != "PRESERVATION":
            sub(agent, METS, "note", producer.organisation_id, **{q(CSIP, "NOTETYPE"): "IDENTIFICATIONCODE"})
    if producer.submission_agreement:
        sub(header, METS, "altRecordID", producer.submission_agreement, TYPE="SUBMISSIONAGREEMENT")


def _file_core(content: bytes, mimetype: str, created: str) -> dict[str, str]:
    return {
        "MIMETYPE": mimetype,
        "SIZE": str(len(content)),
        "CREATED": created,
        "CHECKSUM": hashlib.sha256(content).hexdigest(),
        "CHECKSUMTYPE": "SHA-256",
    }


def _location(element: ET.Element, href: str) -> None:
    element.set("LOCTYPE", "URL")
    element.set(q(XLINK, "type"), "simple")
    element.set(q(XLINK, "href"), href)
