"""The ``[applicant]`` table of a service file: whom a person may file for, and what minors may do."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from blankett.catalog import Service, load_catalog, load_service
from blankett.catalog.models import Applicant
from blankett.errors import FormDefinitionError
from tests.conftest import ROOT


def service_with(tmp_path: Path, service_id: str, applicant: str) -> Service:
    """The example service with its ``[applicant]`` table replaced."""
    shutil.copy(ROOT / "forms" / f"{service_id}.json", tmp_path / f"{service_id}.json")
    settings = (ROOT / "config" / "services" / f"{service_id}.toml").read_text(encoding="utf-8")
    settings = re.sub(r"\n\[applicant\]\n(?:[^\[].*\n?)*", "\n", settings)
    (tmp_path / f"{service_id}.toml").write_text(settings + f"\n[applicant]\n{applicant}\n", encoding="utf-8")
    return load_service(tmp_path / f"{service_id}.json", tmp_path / f"{service_id}.toml", None)


def problems(tmp_path: Path, service_id: str, applicant: str) -> dict[str, str]:
    with pytest.raises(FormDefinitionError) as refused:
        service_with(tmp_path, service_id, applicant)
    return {pointer: reason for _, pointer, reason in refused.value.problems}


def test_the_example_services_say_whom_they_are_filed_for() -> None:
    catalog = load_catalog(ROOT / "forms", ROOT / "config" / "services")
    assert not catalog.problems
    by_id = {s.id: s.applicant for s in catalog}
    assert by_id["forskoleplats"].may_file_for == ("child",)
    assert by_id["forskoleplats"].child_fields == {"number": "/child/personnummer", "name": "/child/name"}
    assert by_id["serveringstillstand"].may_file_for == ("organisation",)
    assert by_id["serveringstillstand"].organisation_evidence == ("idp", "mandate")  # not the person's word
    assert by_id["parkeringstillstand"] == Applicant(("self", "child"), minors="guardian")
    assert {sid for sid, a in by_id.items() if a.minors == "never"} == {
        "bygglov", "varmepump", "ekonomiskt-bistand", "forskoleplats", "serveringstillstand",
    }
    asking = {sid for sid, a in by_id.items() if a.asks_whom}
    assert asking == {"forskoleplats", "serveringstillstand", "parkeringstillstand"}
    assert by_id["felanmalan"] == Applicant()  # no table: for oneself, minors like adults


def test_a_complete_table_is_read(tmp_path: Path) -> None:
    applicant = service_with(
        tmp_path, "serveringstillstand",
        'may_file_for = ["self", "organisation"]\norganisation_evidence = ["declared"]\n'
        'minors = "from_age"\nminor_from_age = 16\n'
        'organisation_fields = { number = "/company/orgnr" }',
    ).applicant
    fields = {"number": "/company/orgnr"}
    assert applicant == Applicant(
        ("self", "organisation"), ("declared",), "from_age", 16, organisation_fields=fields
    )
    assert applicant.asks_whom


SERVING, ORG = "serveringstillstand", 'may_file_for = ["organisation"]\n'
EVIDENCE, FIELDS = "/applicant/organisation_evidence", "/applicant/organisation_fields"


@pytest.mark.parametrize(
    ("service_id", "table", "pointer", "reason"),
    [
        (SERVING, 'may_file_for = ["company"]', "/applicant/may_file_for/0", "must be one of"),
        (SERVING, 'may_file_for = ["self", "self"]', "/applicant/may_file_for/1", "listed twice"),
        (SERVING, "may_file_for = []", "/applicant/may_file_for", "non-empty list"),
        (SERVING, ORG + 'organisation_evidence = ["trust"]', f"{EVIDENCE}/0", "must be one of"),
        (SERVING, 'organisation_evidence = ["idp"]', EVIDENCE, 'only when may_file_for lists "organisation"'),
        (SERVING, 'minors = "sometimes"', "/applicant/minors", '"alone", "from_age"'),
        (SERVING, 'minors = "from_age"', "/applicant/minor_from_age", "1 to 17"),
        (SERVING, 'minors = "from_age"\nminor_from_age = 18', "/applicant/minor_from_age", "1 to 17"),
        (SERVING, "minor_from_age = 15", "/applicant/minor_from_age", 'only with minors = "from_age"'),
        (SERVING, 'minors = "guardian"', "/applicant/minors", 'add "child" to may_file_for'),
        (SERVING, "guardians = true", "/applicant", "unknown keys guardians"),
        (SERVING, ORG + 'organisation_fields = { number = "/nope" }', f"{FIELDS}/number", "text question"),
        (SERVING, ORG + 'organisation_fields = { number = "/company/name" }', f"{FIELDS}/number", "se-orgnr"),
        (SERVING, ORG + 'organisation_fields = { name = "/company/name" }', FIELDS, "table of number"),
        ("forskoleplats", 'child_fields = { number = "/child/personnummer" }', "/applicant/child_fields",
         'only when may_file_for lists "child"'),
    ],
)
def test_a_mistake_is_refused_with_its_pointer(
    tmp_path: Path, service_id: str, table: str, pointer: str, reason: str
) -> None:
    found = problems(tmp_path, service_id, table)
    assert pointer in found, found
    assert reason in found[pointer], found


def test_acting_for_others_and_rules_for_minors_need_a_login(tmp_path: Path) -> None:
    for table in ('may_file_for = ["self", "child"]', 'minors = "never"'):  # felanmalan may be anonymous
        found = problems(tmp_path, "felanmalan", table)
        assert "[login] required = true" in found["/applicant"], found
    assert service_with(tmp_path, "felanmalan", 'minors = "alone"').applicant.minors == "alone"
