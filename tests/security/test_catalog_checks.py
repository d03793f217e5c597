"""Refusals at load, and the login level the policy gives: flip the classification, see the change."""

from __future__ import annotations

from pathlib import Path

import pytest

from blankett.catalog import load_catalog
from blankett.errors import FormDefinitionError
from blankett.security import load_policy
from tests.security.helpers import SERVICE_FILE, catalogue, synpunkt, synpunkt_settings


def refusal(tmp_path: Path, **changes: object) -> list[tuple[str, str, str]]:
    with pytest.raises(FormDefinitionError) as refused:
        synpunkt(tmp_path, **changes)
    return refused.value.problems


def test_the_example_service_is_published_with_derived_controls(tmp_path: Path) -> None:
    service = synpunkt(tmp_path)
    assert service.classification.code == "1-1-1-1"
    assert service.controls.encrypt_at_rest
    assert service.minimum_loa == 2


@pytest.mark.parametrize(
    ("changes", "pointer", "reason"),
    [
        (
            {"confidentiality": 4},
            "/classification/confidentiality",
            "outside what a public e-service platform may carry",
        ),
        (
            {"special_categories": True},
            "/classification/confidentiality",
            "special categories of personal data (GDPR art. 9)",
        ),
        (
            {"criminal_data": True},
            "/classification/confidentiality",
            "personal data on offences (GDPR art. 10)",
        ),
        (
            {"secrecy_provision": "OSL 26 kap. 1 §"},
            "/classification/confidentiality",
            "secrecy provision (OSL 26 kap. 1 §)",
        ),
        ({"required": False}, "/login/required", "does not allow anonymous filing"),
        ({"integrity": 5}, "/classification/integrity", "must be a rating from 0 to 4"),
        ({"children": "maybe"}, "/personal_data/children", "must be true or false"),
    ],
)
def test_a_classification_that_cannot_be_published_is_refused(
    tmp_path: Path, changes: dict[str, object], pointer: str, reason: str
) -> None:
    problems = refusal(tmp_path, **changes)
    assert any(p == pointer and reason in message for _, p, message in problems), problems
    assert all(file.endswith("synpunkt.toml") for file, _, _ in problems)


@pytest.mark.parametrize(
    "flag", [{"special_categories": True}, {"criminal_data": True}, {"secrecy_provision": "OSL 26:1"}]
)
def test_sensitive_data_is_published_from_confidentiality_2(tmp_path: Path, flag: dict[str, object]) -> None:
    assert synpunkt(tmp_path, confidentiality=2, **flag).classification.confidentiality == 2


def test_anonymous_filing_only_at_confidentiality_0(tmp_path: Path) -> None:
    service = synpunkt(tmp_path, confidentiality=0, required=False)
    assert not service.login_required
    assert service.minimum_loa == 0
    refusal(tmp_path, confidentiality=1, required=False)


@pytest.mark.parametrize(("confidentiality", "level"), [(0, 2), (1, 2), (2, 3), (3, 3)])
def test_the_login_level_comes_from_the_policy(tmp_path: Path, confidentiality: int, level: int) -> None:
    assert synpunkt(tmp_path, confidentiality=confidentiality).minimum_loa == level


def test_the_service_file_may_raise_the_login_level_never_lower_it(tmp_path: Path) -> None:
    for minimum, expected in (("loa4", 4), ("loa2", 3)):
        folder = tmp_path / minimum
        text = synpunkt_settings(confidentiality=2).replace(
            "required = true", f'required = true\nminimum_level = "{minimum}"'
        )
        forms, services = catalogue(folder, {"synpunkt": text})
        assert load_catalog(forms, services).services["synpunkt"].minimum_loa == expected


def test_a_stricter_municipal_policy_raises_the_login_level(tmp_path: Path) -> None:
    own = tmp_path / "policy.toml"
    own.write_text('[confidentiality.1]\nminimum_loa = "loa3"\n')
    assert synpunkt(tmp_path).minimum_loa == 2
    assert synpunkt(tmp_path, load_policy(own)).minimum_loa == 3


def test_a_refused_service_does_not_stop_the_others(tmp_path: Path) -> None:
    unclassified = "\n".join(
        line
        for line in SERVICE_FILE.read_text().splitlines()
        if not line.startswith(
            (
                "[classification]",
                "confidentiality",
                "integrity",
                "availability",
                "traceability",
                "classified_",
                "record",
                "information_owner",
            )
        )
    )
    forms, services = catalogue(
        tmp_path,
        {
            "synpunkt": SERVICE_FILE.read_text(),
            "utan-klass": unclassified,
            "for-hemlig": synpunkt_settings(confidentiality=4),
        },
    )
    catalog = load_catalog(forms, services)
    assert list(catalog.services) == ["synpunkt"]
    reasons = {(Path(file).name, pointer): message for file, pointer, message in catalog.problems}
    assert "no security classification" in reasons[("utan-klass.toml", "/classification")]
    assert (
        "outside what a public e-service platform"
        in reasons[("for-hemlig.toml", "/classification/confidentiality")]
    )
