"""The earchive connector: FGS 2.0 packages checked against the official XML schemas in ../shared/fgs."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from blankett.connectors import ConnectorRegistry, Delivered, Delivery, RetryLater, build_connectors
from blankett.envelope import build_envelope, validate_envelope
from blankett.errors import ConfigurationError, ConnectorRejected, ConnectorUnavailable
from tests.connectors.helpers import make_settings
from tests.envelope.samples import sample_case
from tests.support.databases import require
from tests.support.server import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
FGS = ROOT.parent / "shared" / "fgs"
NS = {
    "mets": "http://www.loc.gov/METS/",
    "xlink": "http://www.w3.org/1999/xlink",
    "csip": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS",
    "erms": "https://DILCIS.eu/XML/ERMS",
}
HREF = "{http://www.w3.org/1999/xlink}href"
REFERENCE = "BLK-2026-000001"
OPTIONS = {"organisation": "Exempelby kommun, Kommunstyrelsen"}


class _LocalSchemas(etree.Resolver):
    """mets.xsd imports XLink from loc.gov: answer with the copy in shared/fgs, never the network."""

    def resolve(self, url: str | None, public_id: str | None, context: Any) -> Any:
        if url and url.startswith("http://www.loc.gov/standards/xlink/"):
            return self.resolve_filename(str(FGS / "xlink" / "xlink.xsd"), context)
        return None


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    if not (FGS / "e-ark-csip-2.1.0" / "mets.xsd").is_file():
        pytest.fail(f"The FGS schemas are missing: expected them in {FGS} (shared/ beside the repository).")
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{(FGS / path).as_uri()}"/>'
        for namespace, path in [
            (NS["mets"], "e-ark-csip-2.1.0/mets.xsd"),
            (NS["csip"], "e-ark-csip-2.1.0/DILCISExtensionMETS.xsd"),
            ("https://DILCIS.eu/XML/METS/SIPExtensionMETS", "e-ark-sip-2.1.0/DILCISExtensionSIPMETS.xsd"),
        ]
    )
    # One schema for METS and the CSIP/SIP extension attributes, so those are checked too.
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return {
        "mets": etree.XMLSchema(etree.fromstring(driver, parser)),
        "erms": etree.XMLSchema(etree.parse(str(FGS / "cits-erms" / "ERMS_v2_1_2.xsd"), parser)),
    }


def _connector(tmp_path: Path, **options: Any) -> Any:
    registry = ConnectorRegistry()
    registry.load_builtins()
    table = {"type": "earchive", "directory": str(tmp_path / "out"), **OPTIONS, **options}
    return build_connectors(make_settings(tmp_path, connectors={"arkiv": table}), registry)["arkiv"]


def _deliver(connector: Any, envelope: dict[str, Any]) -> Any:
    delivery = Delivery(idempotency_key="k" * 32, attempt=1, case_reference=envelope["case"]["reference"])

    async def go() -> Any:
        try:
            return await connector.deliver(envelope, delivery)
        finally:
            await connector.aclose()

    return asyncio.run(go())


def _validate(schemas: dict[str, etree.XMLSchema], package: Path) -> None:
    for path, kind in [
        ("METS.xml", "mets"),
        ("representations/rep1/METS.xml", "mets"),
        ("metadata/descriptive/ERMS.xml", "erms"),
    ]:
        document = etree.parse(str(package / path))
        schema = schemas[kind]
        assert schema.validate(document), f"{path}: {[str(e) for e in schema.error_log]}"


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_the_package_is_valid_fgs_and_lists_every_file(
    tmp_path: Path, schemas: dict[str, etree.XMLSchema]
) -> None:
    connector = _connector(
        tmp_path,
        organisation_id="212000-0000",
        archive="Exempelby kommunarkiv",
        submission_agreement="KS 2026/17",
        disposal_action="dispose",
        retention_years=2,
        disposal_mandate="Dokumenthanteringsplan för kommunstyrelsen",
        disposal_schedule_id="1.3.2",
    )
    envelope = build_envelope(sample_case())
    assert _deliver(connector, envelope) == Delivered(external_id=REFERENCE)
    out = tmp_path / "out"
    assert [p.name for p in out.iterdir()] == [REFERENCE]  # no temporary folder left behind
    package = out / REFERENCE
    assert _files(package) == {
        "METS.xml",
        "metadata/descriptive/ERMS.xml",
        "representations/rep1/METS.xml",
        "representations/rep1/data/case.json",
        "representations/rep1/data/answers.json",
    }
    _validate(schemas, package)
    mets = etree.parse(str(package / "METS.xml")).getroot()
    assert mets.get("OBJID") == REFERENCE
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert mets.get(f"{{{NS['csip']}}}CONTENTINFORMATIONTYPE") == "citserms_v2_1"
    header = mets.find("mets:metsHdr", NS)
    assert header is not None
    assert header.get(f"{{{NS['csip']}}}OAISPACKAGETYPE") == "SIP"
    roles = [
        (a.get("ROLE"), a.get("TYPE"), a.findtext("mets:name", namespaces=NS))
        for a in header.findall("mets:agent", NS)
    ]
    assert roles == [
        ("CREATOR", "OTHER", "Blankett"),
        ("ARCHIVIST", "ORGANIZATION", "Exempelby kommun, Kommunstyrelsen"),
        ("CREATOR", "ORGANIZATION", "Exempelby kommun, Kommunstyrelsen"),
        ("PRESERVATION", "ORGANIZATION", "Exempelby kommunarkiv"),
    ]
    assert header.findtext("mets:altRecordID[@TYPE='SUBMISSIONAGREEMENT']", namespaces=NS) == "KS 2026/17"
    assert json.loads((package / "representations/rep1/data/case.json").read_bytes()) == envelope
    answers = json.loads((package / "representations/rep1/data/answers.json").read_bytes())
    assert answers == envelope["answers"]


def test_checksums_and_sizes_in_mets_match_the_files(tmp_path: Path) -> None:
    _deliver(_connector(tmp_path), build_envelope(sample_case()))
    package = tmp_path / "out" / REFERENCE
    listed = _listed(package / "METS.xml", package)
    rep_folder = package / "representations" / "rep1"
    listed |= _listed(rep_folder / "METS.xml", rep_folder)
    assert {str(p.relative_to(package)) for p in listed} == _files(package) - {"METS.xml"}


def _listed(mets_file: Path, base: Path) -> set[Path]:
    """Check every file a METS document lists against the file on disk; return their paths."""
    seen: set[Path] = set()
    root = etree.parse(str(mets_file)).getroot()
    for element in root.iterfind(".//mets:mdRef", NS):
        seen.add(_check(base / element.get(HREF), element))
    for element in root.iterfind(".//mets:file", NS):
        location = element.find("mets:FLocat", NS)
        assert location is not None
        seen.add(_check(base / location.get(HREF), element))
    return seen


def _check(path: Path, element: Any) -> Path:
    content = path.read_bytes()
    assert element.get("CHECKSUMTYPE") == "SHA-256"
    assert element.get("CHECKSUM") == hashlib.sha256(content).hexdigest(), path
    assert int(element.get("SIZE")) == len(content), path
    return path


def test_erms_describes_the_case_its_submitter_and_disposal(tmp_path: Path) -> None:
    _deliver(
        _connector(tmp_path, disposal_action="dispose", retention_years=2), build_envelope(sample_case())
    )
    erms = etree.parse(str(tmp_path / "out" / REFERENCE / "metadata/descriptive/ERMS.xml")).getroot()
    case = erms.find("erms:aggregations/erms:aggregation", NS)
    assert case is not None
    assert case.get("aggregationType") == "caseFile"
    assert case.findtext("erms:objectId", namespaces=NS) == REFERENCE
    assert case.findtext("erms:title", namespaces=NS) == "Lämna en synpunkt eller ett klagomål"
    assert case.find("erms:status", NS).get("value") == "received"
    assert case.findtext("erms:dates/erms:date[@dateType='created']", namespaces=NS) == "2026-11-22T09:15:30Z"
    agent = case.find("erms:agents/erms:agent", NS)
    assert agent.get("agentType") == "counterpart"
    assert agent.findtext("erms:name", namespaces=NS) == "Tove Svensson"
    assert agent.findtext("erms:idNumber", namespaces=NS) == "199001011234"
    # Confidentiality 1: personal data, but no secrecy restriction.
    assert [r.get("restrictionType") for r in case.findall("erms:restriction", NS)] == ["gdpr"]
    disposal = case.find("erms:disposal", NS)
    assert disposal.get("disposable") == "true"
    assert disposal.findtext("erms:disposalPeriod", namespaces=NS) == "P2Y"
    due = disposal.findtext("erms:dates/erms:disposalDate[@dateType='action_due']", namespaces=NS)
    assert due == "2028-11-22T09:15:30Z"
    record = case.find("erms:record", NS)
    assert record.find("erms:direction", NS).get("directionDefinition") == "incoming"
    paths = [a.get("path") for a in record.findall("erms:additionalInformation/erms:appendix", NS)]
    assert paths == ["representations/rep1/data/case.json", "representations/rep1/data/answers.json"]


def test_secrecy_anonymity_signature_and_decisions_map_and_stay_valid(
    tmp_path: Path, schemas: dict[str, etree.XMLSchema]
) -> None:
    classification = {"confidentiality": 3, "integrity": 2, "availability": 1, "traceability": 2}
    case = sample_case(7, submitter=None, status="decided")
    case.meta = {**case.meta, "classification": classification}
    envelope = build_envelope(case)
    envelope["signature"] = {"method": "BankID", "signedAt": "2026-11-22T09:15:00Z"}
    envelope["decisions"] = [
        {"decidedAt": "2026-12-01T10:00:00Z", "title": "Beslut om bänkar", "text": "Bifall."}
    ]
    validate_envelope(envelope)
    _deliver(_connector(tmp_path, secrecy_regulation="OSL 26 kap. 1 §"), envelope)
    package = tmp_path / "out" / "BLK-2026-000007"
    _validate(schemas, package)
    erms = etree.parse(str(package / "metadata/descriptive/ERMS.xml")).getroot()
    case_element = erms.find("erms:aggregations/erms:aggregation", NS)
    restriction = case_element.find("erms:restriction", NS)
    assert restriction.get("restrictionType") == "confidential"
    assert restriction.findtext("erms:regulation", namespaces=NS) == "OSL 26 kap. 1 §"
    assert "konfidentialitet 3" in restriction.findtext("erms:explanatoryText", namespaces=NS)
    assert case_element.find("erms:agents", NS) is None  # anonymous: nobody is invented
    assert case_element.find("erms:status", NS).get("value") == "expedited"
    assert case_element.find("erms:disposal", NS).get("disposable") == "false"  # preserved by default
    submission, decision = case_element.findall("erms:record", NS)
    assert submission.find("erms:eSignatures/erms:eSignature", NS).get("present") == "true"
    assert decision.get("recordType") == "beslut"
    assert decision.findtext("erms:title", namespaces=NS) == "Beslut om bänkar"
    assert (
        decision.findtext("erms:dates/erms:date[@dateType='decision']", namespaces=NS)
        == "2026-12-01T10:00:00Z"
    )


def test_redelivery_leaves_the_package_alone(tmp_path: Path) -> None:
    connector = _connector(tmp_path)
    envelope = build_envelope(sample_case())
    _deliver(connector, envelope)
    package = tmp_path / "out" / REFERENCE
    before = (package.stat().st_ino, (package / "METS.xml").read_bytes())
    assert _deliver(_connector(tmp_path), envelope) == Delivered(external_id=REFERENCE)
    assert (package.stat().st_ino, (package / "METS.xml").read_bytes()) == before
    assert [p.name for p in (tmp_path / "out").iterdir()] == [REFERENCE]


def test_a_changed_case_replaces_the_package_whole(
    tmp_path: Path, schemas: dict[str, etree.XMLSchema]
) -> None:
    envelope = build_envelope(sample_case())
    _deliver(_connector(tmp_path), envelope)
    (tmp_path / "out" / ".BLK-2026-000001.dead.tmp").mkdir()  # left by a worker that died
    changed = {**envelope, "case": {**envelope["case"], "status": "closed"}}
    assert _deliver(_connector(tmp_path), changed) == Delivered(external_id=REFERENCE)
    package = tmp_path / "out" / REFERENCE
    assert (
        json.loads((package / "representations/rep1/data/case.json").read_bytes())["case"]["status"]
        == "closed"
    )
    assert [p.name for p in (tmp_path / "out").iterdir()] == [REFERENCE]
    _validate(schemas, package)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[tuple[Path, Any]]:
    """A folder nothing can be written into, and a function that makes it writable again."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder, lambda: folder.chmod(0o755)
        folder.chmod(0o755)
        return
    # Root ignores permissions: a read-only file system is the only real refusal.
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], capture_output=True
    )
    require(mount.returncode == 0, "running as root without the right to mount a read-only tmpfs")

    def make_writable() -> None:
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)

    try:
        yield folder, make_writable
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_failing_write_is_retried_and_later_succeeds(
    tmp_path: Path, read_only_dir: tuple[Path, Any]
) -> None:
    folder, make_writable = read_only_dir
    envelope = build_envelope(sample_case())
    result = _deliver(_connector(tmp_path, directory=str(folder / "arkiv")), envelope)
    assert isinstance(result, RetryLater)
    assert result.reason.startswith(f"Writing the package into {folder / 'arkiv'} failed: ")
    make_writable()
    assert _deliver(_connector(tmp_path, directory=str(folder / "arkiv")), envelope) == Delivered(REFERENCE)
    assert (folder / "arkiv" / REFERENCE / "METS.xml").is_file()


def test_a_directory_that_is_a_file_is_retried(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = _deliver(_connector(tmp_path), build_envelope(sample_case()))
    assert isinstance(result, RetryLater)


def test_a_reference_that_is_not_a_safe_folder_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConnectorRejected, match="cannot be used as a folder name"):
        _deliver(_connector(tmp_path), build_envelope(sample_case(reference="../escape")))
    assert not (tmp_path / "escape").exists()


def test_a_case_above_confidentiality_3_is_refused(tmp_path: Path) -> None:
    envelope = build_envelope(sample_case())
    envelope["classification"]["confidentiality"] = 4
    with pytest.raises(ConnectorRejected, match="above confidentiality 3"):
        _deliver(_connector(tmp_path), envelope)
    assert not (tmp_path / "out").exists()


PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40


def _files_app(request: Request) -> Response:
    name = request.path_params["name"]
    if name == "busy":
        return PlainTextResponse("busy", status_code=503)
    if name == "gone":
        return PlainTextResponse("gone", status_code=404)
    return Response(PDF, media_type="application/pdf")


@pytest.fixture(scope="module")
def file_server() -> Iterator[str]:
    with serve_in_thread(Starlette(routes=[Route("/files/{name}", _files_app)])) as base_url:
        yield base_url


def _with_attachment(href: str | None, sha256: str | None = None) -> dict[str, Any]:
    envelope = build_envelope(sample_case())
    attachment: dict[str, Any] = {
        "id": "a1",
        "fileName": "Ritning över tomten.pdf",
        "contentType": "application/pdf",
        "size": len(PDF),
        "sha256": sha256 or hashlib.sha256(PDF).hexdigest(),
    }
    if href:
        attachment["href"] = href
    envelope["attachments"] = [attachment]
    validate_envelope(envelope)
    return envelope


def test_attachments_are_fetched_checked_and_listed(
    tmp_path: Path, file_server: str, schemas: dict[str, etree.XMLSchema]
) -> None:
    envelope = _with_attachment(f"{file_server}/files/ritning")
    assert _deliver(_connector(tmp_path), envelope) == Delivered(REFERENCE)
    package = tmp_path / "out" / REFERENCE
    stored = package / "representations/rep1/data/attachments/01-Ritning_over_tomten.pdf"
    assert stored.read_bytes() == PDF
    _validate(schemas, package)
    rep_folder = package / "representations" / "rep1"
    assert stored in _listed(rep_folder / "METS.xml", rep_folder)
    erms = etree.parse(str(package / "metadata/descriptive/ERMS.xml")).getroot()
    appendix = erms.find(".//erms:appendix[@fileFormat='application/pdf']", NS)
    assert appendix.get("path") == "representations/rep1/data/attachments/01-Ritning_over_tomten.pdf"


@pytest.mark.parametrize(
    ("name", "sha256", "error", "message"),
    [
        ("busy", None, ConnectorUnavailable, "Fetching attachment 1 got 503"),
        ("gone", None, ConnectorRejected, "Fetching attachment 1 got 404"),
        ("ritning", "0" * 64, ConnectorRejected, "does not match its sha256"),
        (None, None, ConnectorRejected, "Attachment 1 has no href"),
    ],
)
def test_attachments_that_cannot_be_had_are_retried_or_refused(
    tmp_path: Path,
    file_server: str,
    name: str | None,
    sha256: str | None,
    error: type[Exception],
    message: str,
) -> None:
    envelope = _with_attachment(f"{file_server}/files/{name}" if name else None, sha256)
    with pytest.raises(error, match=message) as raised:
        _deliver(_connector(tmp_path), envelope)
    assert "Ritning" not in str(raised.value)  # the citizen's file name stays out of reasons
    assert not (tmp_path / "out" / REFERENCE).exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"organisation": None}, "'organisation' is a required property"),
        ({"disposal_action": "dispose"}, "'retention_years' is a required property"),
        ({"disposal_action": "burn", "retention_years": 1}, "/disposal_action: 'burn' is not one of"),
        ({"retention_years": 5}, 'retention_years only applies with disposal_action = "dispose"'),
        ({"file_mode": "rw"}, "/file_mode"),
    ],
)
def test_options_are_checked_with_clear_errors(tmp_path: Path, options: dict[str, Any], message: str) -> None:
    table = {"type": "earchive", "directory": str(tmp_path), **OPTIONS, **options}
    table = {key: value for key, value in table.items() if value is not None}
    registry = ConnectorRegistry()
    registry.load_builtins()
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(")) as raised:
        build_connectors(make_settings(tmp_path, connectors={"arkiv": table}), registry)
    assert "connectors.arkiv" in str(raised.value)


def test_the_worker_packs_a_sealed_cases_file_read_from_the_platform(
    database_url: str, tmp_path: Path, schemas: dict[str, etree.XMLSchema]
) -> None:
    """A filed file reaches the package through the real worker, read (and decrypted) from the
    platform's own storage: its ``href`` needs a case API token, which the worker has no use for."""
    from blankett.cases import file_case
    from blankett.cases.uploads import store_upload
    from blankett.db import Database
    from blankett.dispatch import deliver_due
    from blankett.security import Keyring, bind_keyring
    from tests.cases.test_intake import ANSWERS, SERVICE

    assert SERVICE.controls.encrypt_at_rest  # synpunkt is sealed: the file is ciphertext at rest
    table = {"type": "earchive", "directory": str(tmp_path / "out"), **OPTIONS}
    settings = make_settings(tmp_path, connectors={"handlaggning": table}, database_url=database_url)

    async def scenario() -> str:
        db = Database(database_url)
        bind_keyring(db, Keyring.generate())
        registry = ConnectorRegistry()
        registry.load_builtins()
        connectors = build_connectors(settings, registry)
        try:
            ref = await store_upload(db, "person-1", SERVICE, "/bilaga", "Ritning över tomten.pdf", "application/pdf", PDF)
            case = await file_case(
                db, SERVICE, {**ANSWERS, "bilaga": ref}, language="sv", person_id=None, submitter=None,
                draft_owner="person-1",
            )
            assert await deliver_due(settings, db, connectors, "worker-1") == 1
            return case.reference
        finally:
            for connector in connectors.values():
                await connector.aclose()
            await db.dispose()

    reference = asyncio.run(scenario())
    package = tmp_path / "out" / reference
    stored = package / "representations/rep1/data/attachments/01-Ritning_over_tomten.pdf"
    assert stored.read_bytes() == PDF
    _validate(schemas, package)
