from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import blankett.envelope
from blankett.envelope import SCHEMA_ID, SCHEMA_PATH, build_envelope, envelope_schema, validate_envelope
from blankett.errors import EnvelopeInvalid
from tests.envelope.samples import sample_case


def test_facade_exports() -> None:
    assert blankett.envelope.__all__ == [
        "CLASSIFICATION_ASPECTS",
        "ENVELOPE_VERSION",
        "RECORD_SCHEMA_ID",
        "RECORD_VERSION",
        "SCHEMA_ID",
        "SCHEMA_PATH",
        "build_envelope",
        "build_record",
        "envelope_schema",
        "record_attachments",
        "validate_envelope",
        "validate_record",
    ]


def test_envelope_of_an_identified_citizens_case() -> None:
    case = sample_case(7)
    envelope = build_envelope(case)
    assert envelope == {
        "envelopeVersion": "1.1",
        "case": {
            "reference": "BLK-2026-000007",
            "publicId": case.public_id,
            "submittedAt": "2026-11-22T09:15:30Z",
            "language": "sv",
            "status": "received",
        },
        "service": {
            "id": "synpunkt",
            "version": "1.0.0",
            "definitionHash": "9f2c" * 16,
            "title": {
                "sv": "Lämna en synpunkt eller ett klagomål",
                "en": "Give feedback or make a complaint",
            },
        },
        "submitter": {
            "personId": "5b0c5f4e-9a53-4d3b-8a57-0d6f1c1b7e21",
            "personalNumber": "199001011234",
            "givenName": "Tove",
            "familyName": "Svensson",
            "loa": "loa3",
        },
        "answers": case.payload,
        "attachments": [],
        "classification": {"confidentiality": 1, "integrity": 1, "availability": 1, "traceability": 1},
        "signature": None,
        "representation": None,  # filed for herself
    }
    validate_envelope(envelope)
    assert json.loads(json.dumps(envelope)) == envelope  # plain JSON, nothing else


ORGANISATION = {
    "kind": "organisation", "orgNumber": "5599001236", "orgName": "Exempelbolaget i Visby AB",
    "evidence": "mandate", "verified": True, "role": "firmatecknare",
}
GUARDIAN = {"kind": "child", "relation": "guardian", "evidence": "declared", "verified": False}
CHILD = {"personalNumber": "202303151233", "name": "Elsa Andersson"}


def test_envelope_of_a_case_filed_for_an_organisation() -> None:
    envelope = build_envelope(sample_case(representation=dict(ORGANISATION), represented_key="k" * 64))
    assert envelope["representation"] == ORGANISATION
    validate_envelope(envelope)


def test_envelope_of_a_case_filed_for_a_child_names_the_child_from_the_sealed_submitter() -> None:
    case = sample_case(representation=dict(GUARDIAN))
    case.submitter = {**case.submitter, "_represented": dict(CHILD)}
    envelope = build_envelope(case)
    assert envelope["representation"] == {**GUARDIAN, "child": CHILD}
    assert "_represented" not in envelope["submitter"]  # the child is not the submitter
    assert envelope["submitter"]["personalNumber"] == "199001011234"
    validate_envelope(envelope)
    purged = build_envelope(sample_case(representation=dict(GUARDIAN), submitter=None))
    assert purged["representation"] == {**GUARDIAN, "child": None}  # gone with the submitter
    validate_envelope(purged)


def test_a_representation_must_fit_the_schema() -> None:
    envelope = build_envelope(sample_case(representation=dict(ORGANISATION)))
    envelope["representation"]["orgNumber"] = "559900-1236"
    envelope["representation"]["evidence"] = "hearsay"
    with pytest.raises(EnvelopeInvalid) as caught:
        validate_envelope(envelope)
    assert [pointer for pointer, _ in caught.value.problems] == ["/representation"]
    child = build_envelope(sample_case(representation={**GUARDIAN, "verified": True}))
    with pytest.raises(EnvelopeInvalid, match="/representation"):
        validate_envelope(child)  # custody is never verified: no population register is connected


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"submitter": None}, id="anonymous"),
        pytest.param(
            {
                "submitter": {
                    "personId": "p-1",
                    "personalNumber": None,
                    "givenName": "",
                    "familyName": "",
                    "loa": None,
                }
            },
            id="login-without-identity-number",
        ),
        pytest.param(
            {"submitter": {"personId": "p-2", "loa": 3, "issuer": "https://idp.example.se"}},
            id="extra-attribute",
        ),
        pytest.param({"language": "en", "status": "withdrawn"}, id="english"),
        pytest.param({"payload": {}}, id="no-answers"),
        pytest.param(
            {
                "meta": {
                    "title": {"sv": "Bygglov", "en": "Building permit"},
                    "classification": {
                        "confidentiality": 3,
                        "integrity": 2,
                        "availability": 1,
                        "traceability": 2,
                        "classified_by": "IS",
                    },
                }
            },
            id="classified-higher",
        ),
    ],
)
def test_every_built_envelope_validates(overrides: dict[str, Any]) -> None:
    envelope = build_envelope(sample_case(**overrides))
    validate_envelope(envelope)
    assert set(envelope["classification"]) == {"confidentiality", "integrity", "availability", "traceability"}


def test_the_envelope_has_exactly_the_properties_the_schema_declares() -> None:
    # Receivers must ignore unknown properties, so the schema allows them; this keeps us honest.
    schema = envelope_schema()
    envelope = build_envelope(sample_case())
    assert set(envelope) == set(schema["properties"])
    for part in ("case", "service", "classification"):
        assert set(envelope[part]) == set(schema["properties"][part]["properties"]), part
        assert set(envelope[part]) == set(schema["properties"][part]["required"]), part


def test_schema_file_is_valid_2020_12_with_its_id() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID == "https://blankett.se/schemas/case-envelope/v1.json"
    assert envelope_schema() == schema


def _property_schemas(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield f"{path}/{name}", child
        for key, child in node.items():
            yield from _property_schemas(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _property_schemas(child, f"{path}/{index}")


def test_every_property_is_described() -> None:
    schema = envelope_schema()
    properties = list(_property_schemas(schema))
    assert len(properties) > 30
    undescribed = [path for path, child in properties if not child.get("description")]
    assert undescribed == []
    assert all(definition.get("description") for definition in schema["$defs"].values())


def test_invalid_envelope_names_each_problem_by_pointer_without_quoting_values() -> None:
    envelope = build_envelope(sample_case())
    envelope["case"]["submittedAt"] = "yesterday"
    envelope["classification"]["confidentiality"] = 7
    envelope["submitter"]["personalNumber"] = 199001011234
    del envelope["service"]["title"]
    with pytest.raises(EnvelopeInvalid) as caught:
        validate_envelope(envelope)
    problems = dict(caught.value.problems)
    assert set(problems) == {
        "/case/submittedAt",
        "/classification/confidentiality",
        "/submitter/personalNumber",
        "/service",
    }
    assert problems["/service"] == "'title' is a required property"
    assert problems["/classification/confidentiality"] == "fails maximum 4"
    assert problems["/case/submittedAt"] == 'fails format "date-time"'
    assert "199001011234" not in str(caught.value)
    assert "yesterday" not in str(caught.value)


def test_envelope_version_major_is_checked() -> None:
    envelope = build_envelope(sample_case())
    envelope["envelopeVersion"] = "2.0"
    with pytest.raises(EnvelopeInvalid, match="/envelopeVersion"):
        validate_envelope(envelope)
    envelope["envelopeVersion"] = "1.3"
    envelope["newInOneThree"] = {"receivers": "ignore me"}
    validate_envelope(envelope)
