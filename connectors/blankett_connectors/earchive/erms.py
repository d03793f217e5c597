"""The case as CITS ERMS 2.1.2 XML (FGS Ärendehantering 2.0): one ``caseFile`` aggregation.

The aggregation carries the reference, the service's title, status, restrictions (secrecy from
confidentiality 2, personal data when the submitter is known), disposal, the counterpart and the
dates; its records are the submission (the answers, the envelope and the attachments as
appendices) and, when the envelope lists them, later decisions. Nothing is invented: the
submitter appears only as far as the envelope names them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from .model import DataFile, Profile
from .xmltools import ERMS as ERMS_NAMESPACE
from .xmltools import XSI, q, serialize, sub, timestamp

# ElementTree cannot write a default namespace next to unqualified attributes, so the elements
# are built unqualified and the root declares the ERMS namespace as the default: the file reads
# as ERMS files usually do (<erms xmlns="https://DILCIS.eu/XML/ERMS">).
ERMS = ""

# Platform status -> ERMS status vocabulary. Unknown statuses are left out rather than guessed.
_STATUS = {
    "received": "received",
    "registered": "open",
    "in_progress": "in_progress",
    "completion_requested": "on_hold",
    "waiting": "on_hold",
    "decided": "expedited",
    "closed": "closed",
    "withdrawn": "closed",
}
_SECRECY_TEXT = (
    "Ärendet är klassat med konfidentialitet {level} (KLASSA). Uppgifterna kan omfattas av sekretess: "
    "sekretessprövning krävs före utlämnande."
)


def case_erms(
    envelope: Mapping[str, Any], files: Sequence[DataFile], profile: Profile, created: str
) -> bytes:
    """ERMS XML of the case in ``envelope``; ``files`` are the representation's data files."""
    root = ET.Element(
        "erms",
        {
            "xmlns": ERMS_NAMESPACE,
            q(XSI, "schemaLocation"): f"{ERMS_NAMESPACE} https://citserms.dilcis.eu/schema/ERMS.xsd",
        },
    )
    _control(root, envelope, profile, created)
    aggregation = _aggregation(sub(root, ERMS, "aggregations"), envelope, profile)
    _submission_record(aggregation, envelope, files, profile)
    for number, decision in enumerate(_decisions(envelope), start=2):
        _decision_record(aggregation, envelope, decision, number, profile)
    return serialize(root)


def _control(root: ET.Element, envelope: Mapping[str, Any], profile: Profile, created: str) -> None:
    control = sub(root, ERMS, "control")
    sub(control, ERMS, "identification", str(envelope["case"]["reference"]), identificationType="referens")
    maintenance = sub(control, ERMS, "maintenanceInformation")
    sub(maintenance, ERMS, "maintenanceStatus", value="new")
    agency = sub(maintenance, ERMS, "maintenanceAgency")
    producer = profile.producer
    if producer.organisation_id:
        sub(agency, ERMS, "agencyCode", producer.organisation_id, type="organisationsnummer")
    sub(agency, ERMS, "agencyName", producer.organisation)
    event = sub(sub(maintenance, ERMS, "maintenanceHistory"), ERMS, "maintenanceEvent")
    sub(event, ERMS, "eventType", value="created")
    sub(event, ERMS, "eventDateTime", created)
    agent = sub(event, ERMS, "agent", agentType="deliverer")
    sub(agent, ERMS, "name", f"Blankett {producer.software_version}")
    sub(agent, ERMS, "organisation", producer.organisation)


def _aggregation(parent: ET.Element, envelope: Mapping[str, Any], profile: Profile) -> ET.Element:
    case, service = envelope["case"], envelope["service"]
    reference = str(case["reference"])
    aggregation = sub(parent, ERMS, "aggregation", systemIdentifier=reference, aggregationType="caseFile")
    sub(aggregation, ERMS, "objectId", reference)
    sub(aggregation, ERMS, "extraId", str(service["id"]), extraIdType="e-tjänst")
    sub(aggregation, ERMS, "extraId", str(service["version"]), extraIdType="e-tjänstens version")
    sub(aggregation, ERMS, "informationClass", _information_class(envelope))
    _titles(aggregation, service)
    status = _STATUS.get(str(case.get("status")))
    if status:
        sub(aggregation, ERMS, "status", value=status)
    _restrictions(aggregation, envelope, profile)
    _disposal(aggregation, envelope, profile)
    _agents(aggregation, envelope.get("submitter"), "counterpart")
    dates = sub(aggregation, ERMS, "dates")
    sub(dates, ERMS, "date", str(case["submittedAt"]), dateType="created")
    sub(dates, ERMS, "date", str(case["submittedAt"]), dateType="opened")
    return aggregation


def _submission_record(
    aggregation: ET.Element, envelope: Mapping[str, Any], files: Sequence[DataFile], profile: Profile
) -> None:
    case = envelope["case"]
    record = _record(aggregation, envelope, 1, "inlämning")
    _titles(record, envelope["service"])
    sub(record, ERMS, "status", value="received")
    sub(record, ERMS, "runningNumber", "1")
    _restrictions(record, envelope, profile)
    sub(record, ERMS, "direction", directionDefinition="incoming")
    _agents(record, envelope.get("submitter"), "sender")
    dates = sub(record, ERMS, "dates")
    sub(dates, ERMS, "date", str(case["submittedAt"]), dateType="created")
    sub(dates, ERMS, "date", str(case["submittedAt"]), dateType="received")
    signature = envelope.get("signature")
    if isinstance(signature, Mapping):
        note_attributes = {"noteType": "e-underskrift"}
        if signature.get("signedAt"):
            note_attributes["noteDate"] = str(signature["signedAt"])
        notes = sub(record, ERMS, "notes")
        sub(
            notes,
            ERMS,
            "note",
            f"Underskriven med {signature.get('method', 'okänd metod')}",
            **note_attributes,
        )
        sub(sub(record, ERMS, "eSignatures"), ERMS, "eSignature", present="true")
    extra = sub(record, ERMS, "additionalInformation")
    for data_file in files:
        sub(
            extra,
            ERMS,
            "appendix",
            name=data_file.path.rpartition("/")[2],
            path=data_file.package_path,
            description=data_file.description,
            fileFormat=data_file.mimetype,
        )


def _decision_record(
    aggregation: ET.Element,
    envelope: Mapping[str, Any],
    decision: Mapping[str, Any],
    number: int,
    profile: Profile,
) -> None:
    record = _record(aggregation, envelope, number, "beslut")
    sub(record, ERMS, "title", str(decision.get("title") or "Beslut"))
    sub(record, ERMS, "status", value="expedited")
    sub(record, ERMS, "runningNumber", str(number))
    _restrictions(record, envelope, profile)
    sub(record, ERMS, "direction", directionDefinition="outgoing")
    text = decision.get("text") or decision.get("summary")
    if text:
        sub(record, ERMS, "description", str(text))
    decided_at = decision.get("decidedAt")
    if decided_at and _parse(str(decided_at)):
        sub(sub(record, ERMS, "dates"), ERMS, "date", str(decided_at), dateType="decision")


def _record(aggregation: ET.Element, envelope: Mapping[str, Any], number: int, kind: str) -> ET.Element:
    reference = str(envelope["case"]["reference"])
    record = sub(
        aggregation,
        ERMS,
        "record",
        systemIdentifier=f"{reference}:{number}",
        recordType=kind,
        recordPhysicalOrDigital="digitial",
    )  # sic: the schema's spelling
    sub(record, ERMS, "objectId", f"{reference}:{number}")
    return record


def _titles(parent: ET.Element, service: Mapping[str, Any]) -> None:
    title = service.get("title") or {}
    sub(parent, ERMS, "title", str(title.get("sv") or service["id"]))
    if title.get("en"):
        sub(parent, ERMS, "otherTitle", str(title["en"]), titleType="engelska")


def _restrictions(parent: ET.Element, envelope: Mapping[str, Any], profile: Profile) -> None:
    level = _confidentiality(envelope)
    if level >= 2:
        restriction = sub(parent, ERMS, "restriction", restrictionType="confidential")
        sub(restriction, ERMS, "explanatoryText", _SECRECY_TEXT.format(level=level))
        sub(restriction, ERMS, "regulation", profile.secrecy_regulation)
    if isinstance(envelope.get("submitter"), Mapping):
        restriction = sub(parent, ERMS, "restriction", restrictionType="gdpr")
        sub(restriction, ERMS, "explanatoryText", "Innehåller personuppgifter om den som lämnade in ärendet.")
        sub(restriction, ERMS, "regulation", "Dataskyddsförordningen (EU) 2016/679")


def _disposal(aggregation: ET.Element, envelope: Mapping[str, Any], profile: Profile) -> None:
    rules = profile.disposal
    disposal = sub(aggregation, ERMS, "disposal", disposable="false" if rules.preserve else "true")
    if rules.schedule_id:
        sub(disposal, ERMS, "disposalScheduleId", rules.schedule_id)
    sub(disposal, ERMS, "disposalAction", "bevaras" if rules.preserve else "gallras")
    if not rules.preserve and rules.retention_years is not None:
        sub(disposal, ERMS, "disposalPeriod", f"P{rules.retention_years}Y")
    if rules.mandate:
        sub(disposal, ERMS, "disposalMandate", rules.mandate)
    dates = sub(disposal, ERMS, "dates")
    submitted = str(envelope["case"]["submittedAt"])
    sub(dates, ERMS, "disposalDate", submitted, dateType="retention_period_start")
    start = _parse(submitted)
    if not rules.preserve and rules.retention_years is not None and start is not None:
        due = _add_years(start, rules.retention_years)
        sub(dates, ERMS, "disposalDate", timestamp(due), dateType="action_due")


def _agents(parent: ET.Element, submitter: Any, agent_type: str) -> None:
    """The submitter as far as the envelope names them: name and personal identity number."""
    if not isinstance(submitter, Mapping):
        return
    name = " ".join(str(part) for part in (submitter.get("givenName"), submitter.get("familyName")) if part)
    number = submitter.get("personalNumber")
    if not name and not number:
        return
    agent = sub(sub(parent, ERMS, "agents"), ERMS, "agent", agentType=agent_type)
    sub(agent, ERMS, "name", name or "Namn saknas")
    if number:
        sub(agent, ERMS, "idNumber", str(number), idNumberType="personnummer")


def _information_class(envelope: Mapping[str, Any]) -> str:
    c = envelope.get("classification") or {}
    return (
        f"KLASSA: konfidentialitet {c.get('confidentiality')}, riktighet {c.get('integrity')}, "
        f"tillgänglighet {c.get('availability')}, spårbarhet {c.get('traceability')}"
    )


def _confidentiality(envelope: Mapping[str, Any]) -> int:
    level = (envelope.get("classification") or {}).get("confidentiality")
    return level if isinstance(level, int) and not isinstance(level, bool) else 4


def _decisions(envelope: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    decisions = envelope.get("decisions")
    if not isinstance(decisions, list):
        return []
    return [decision for decision in decisions if isinstance(decision, Mapping)]


def _parse(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February into a common year
        return moment.replace(year=moment.year + years, day=28) + timedelta(days=1)
