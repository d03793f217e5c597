from __future__ import annotations

from datetime import date

from blankett.formengine.swedish import normalise_orgnr
from blankett.testidp import TEST_PERSONS
from blankett.testidp.persons import luhn_valid


def test_luhn_check_accepts_known_numbers_and_rejects_a_changed_digit() -> None:
    assert luhn_valid("198112289874")
    assert luhn_valid("8112289874")
    assert not luhn_valid("198112289875")
    assert not luhn_valid("19811228987")


def test_every_test_person_has_a_valid_twelve_digit_number() -> None:
    for person in TEST_PERSONS:
        assert len(person.personal_number) == 12, person.id
        assert person.personal_number.isdigit(), person.id
        assert luhn_valid(person.personal_number), person.id


def test_numbers_match_birthdates_and_gender_digit_series() -> None:
    for person in TEST_PERSONS:
        year, month, day = (
            int(person.personal_number[:4]),
            int(person.personal_number[4:6]),
            int(person.personal_number[6:8]),
        )
        if day > 60:  # samordningsnummer
            day -= 60
        assert date(year, month, day).isoformat() == person.birthdate, person.id
        # Skatteverket's published test numbers use birth numbers 980-999 and 238-239.
        assert person.personal_number[8:10] in {"98", "99", "23"}, person.id


def test_the_list_covers_a_minor_a_coordination_number_and_an_organisational_eid() -> None:
    assert 5 <= len(TEST_PERSONS) <= 10
    assert len({p.id for p in TEST_PERSONS}) == len(TEST_PERSONS)
    assert any(p.birthdate.startswith(("2012", "2013", "2014")) for p in TEST_PERSONS)
    assert any(int(p.personal_number[6:8]) > 60 for p in TEST_PERSONS)
    organisations = [p.organisation for p in TEST_PERSONS if p.organisation]
    assert organisations == [("5599001236", "Exempelbolaget i Visby AB")]
    assert all(normalise_orgnr(number) == number and int(number[2]) >= 2 for number, _ in organisations)


def test_subjects_are_stable_and_do_not_reveal_the_number() -> None:
    subjects = {p.subject for p in TEST_PERSONS}
    assert len(subjects) == len(TEST_PERSONS)
    for person in TEST_PERSONS:
        assert person.personal_number not in person.subject
        assert person.personal_number not in repr(person)
    # Pinned: a changed subject would turn every test person into a stranger at relying parties.
    assert TEST_PERSONS[0].id == "anna"
    assert TEST_PERSONS[0].subject == "11349fc1-a865-5690-807a-3dc1cdeabba9"
