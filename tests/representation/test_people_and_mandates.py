"""Age from identity numbers, legal entities, the minors rules and the fake mandate lookup."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from blankett.catalog.models import Applicant
from blankett.errors import ConfigurationError
from blankett.representation import Choice, Mandate, mandate_lookup, minor_refusal
from blankett.representation.choice import answers_differ, as_answered, fill_answers
from blankett.representation.people import age_on, birth_date, legal_entity
from blankett.settings import load_settings
from tests.conftest import ROOT

MANDATES = ROOT / "config" / "test-mandates.toml"


def test_the_date_of_birth_is_read_from_the_number_with_day_plus_60_for_a_coordination_number() -> None:
    assert birth_date("201311232381") == date(2013, 11, 23)
    assert birth_date("197010632391") == date(1970, 10, 3)  # samordningsnummer: day 63 is the 3rd
    assert birth_date(None, "1990-09-17") == date(1990, 9, 17)  # a foreign eID's birthdate claim
    assert birth_date(None, "17 september") is None
    assert birth_date("201302302381") is None  # no 30 February


def test_age_counts_whole_years_and_a_leap_day_birthday_turns_on_1_march() -> None:
    assert age_on(date(2008, 12, 4), date(2026, 12, 3)) == 17
    assert age_on(date(2008, 12, 3), date(2026, 12, 3)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_only_a_legal_entitys_organisation_number_counts() -> None:
    assert legal_entity("559900-1236") == "5599001236"
    assert legal_entity("165599001236") == "5599001236"
    assert legal_entity("559900-1237") is None  # check digit
    assert legal_entity("850412-9829") is None  # a sole trader's number is their personal identity number


@pytest.mark.parametrize(
    ("applicant", "born", "refused"),
    [
        (Applicant(), date(2013, 11, 23), None),
        (Applicant(minors="never"), date(2013, 11, 23), "never"),
        (Applicant(minors="never"), date(2008, 12, 3), None),  # 18 today
        (Applicant(("self", "child"), minors="guardian"), date(2008, 12, 4), "guardian"),  # 18 tomorrow
        (Applicant(minors="from_age", minor_from_age=13), date(2013, 11, 23), None),  # 13
        (Applicant(minors="from_age", minor_from_age=14), date(2013, 11, 23), "from_age"),
        (Applicant(minors="never"), None, "unknown_age"),
        (Applicant(), None, None),
    ],
)
def test_the_minors_rules(applicant: Applicant, born: date | None, refused: str | None) -> None:
    assert minor_refusal(applicant, born, date(2026, 12, 3)) == refused


def test_the_fake_lookup_answers_from_its_file() -> None:
    lookup = mandate_lookup(f"file:{MANDATES}")
    assert lookup is not None
    erik = asyncio.run(lookup.mandates("198112289874"))
    assert erik == [Mandate("5599001236", "Exempelbolaget i Visby AB", "firmatecknare")]
    assert asyncio.run(lookup.mandates("198504129829")) == []  # anna represents no one
    assert mandate_lookup("") is None


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ('personal_number = "198112289875"', "mandates[0].personal_number"),  # check digit
        ('personal_number = "8112289874"', "mandates[0].personal_number"),  # ten digits
        ('org_number = "8504129829"', "mandates[0].org_number"),  # a person, not a legal entity
        ('org_name = ""', "org_name and role must not be empty"),
        ("role = 3", "as text"),
    ],
)
def test_a_broken_mandate_file_names_the_entry_not_the_values(tmp_path: Path, entry: str, named: str) -> None:
    good = {
        "personal_number": '"198112289874"', "org_number": '"5599001236"', "org_name": '"Exempel AB"',
        "role": '"ombud"',
    }
    key = entry.split(" = ")[0]
    lines = [f"{k} = {v}" for k, v in good.items() if k != key] + [entry]
    path = tmp_path / "mandates.toml"
    path.write_text("[[mandates]]\n" + "\n".join(lines) + "\n")
    with pytest.raises(ConfigurationError, match=named.replace("[", r"\[").replace("]", r"\]")) as refused:
        asyncio.run(mandate_lookup(f"file:{path}").mandates("198112289874"))  # type: ignore[union-attr]
    assert "198112289875" not in str(refused.value)
    assert "8504129829" not in str(refused.value)


def test_the_setting_names_an_existing_file_and_production_refuses_the_fake(tmp_path: Path) -> None:
    base = {"var_dir": str(tmp_path), "secret_key": "k" * 48}
    assert load_settings(environ={}, values={**base, "mandate_lookup": f"file:{MANDATES}"}).mandate_lookup
    with pytest.raises(ConfigurationError, match="mandate_lookup must be"):
        load_settings(environ={}, values={**base, "mandate_lookup": f"file:{tmp_path / 'missing.toml'}"})
    with pytest.raises(ConfigurationError, match="mandate_lookup must be"):
        load_settings(environ={}, values={**base, "mandate_lookup": "https://mandates.example.se"})
    production = {
        **base, "environment": "production", "test_idp_enabled": False,
        "oidc_discovery_url": "https://idp.example/.well-known/openid-configuration",
    }
    assert not load_settings(environ={}, values=production).mandate_lookup
    with pytest.raises(ConfigurationError, match="tests and development only"):
        load_settings(environ={}, values={**production, "mandate_lookup": f"file:{MANDATES}"})


def test_the_choice_fills_the_forms_answers_and_must_still_match_them_when_filed() -> None:
    applicant = Applicant(("child",), child_fields={"number": "/child/personnummer", "name": "/child/name"})
    choice = Choice("child", "202303151233", "Elsa Andersson", "declared")
    answers: dict[str, Any] = {"startDate": "2027-08-16"}
    fill_answers(choice, applicant, answers)
    assert answers["child"] == {"personnummer": "202303151233", "name": "Elsa Andersson"}
    assert not answers_differ(choice, applicant, answers)
    answers["child"]["name"] = "Elsa Maria Andersson"  # a spelling corrected on the form: recorded
    assert as_answered(choice, applicant, answers).name == "Elsa Maria Andersson"
    answers["child"]["personnummer"] = "202101012389"  # another child: the person must choose again
    assert answers_differ(choice, applicant, answers)
    company = Choice("organisation", "5599001236", "Exempelbolaget i Visby AB", "idp")
    fields = Applicant(("organisation",), ("idp",), organisation_fields={"number": "/o/nr", "name": "/o/n"})
    typed = {"o": {"nr": "559900-1236", "n": "Exempelbolaget"}}
    assert not answers_differ(company, fields, typed)  # the same number, however written
    assert as_answered(company, fields, typed).name == "Exempelbolaget i Visby AB"  # the e-ID's name stays
