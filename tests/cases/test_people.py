from __future__ import annotations

from blankett.auth import Identity
from blankett.cases import identity_key

SECRET = "k" * 40


def identity(**values: object) -> Identity:
    base: dict[str, object] = {"issuer": "https://idp.example", "subject": "s1", "personal_number": None,
                               "given_name": "A", "family_name": "B", "birthdate": None, "loa": "x"}
    base.update(values)
    return Identity(**base)  # type: ignore[arg-type]


def test_the_number_is_the_person_whichever_provider_vouched() -> None:
    a = identity(issuer="https://bankid.example", subject="1", personal_number="199001012384")
    b = identity(issuer="https://freja.example", subject="zz", personal_number="199001012384")
    assert identity_key(SECRET, a) == identity_key(SECRET, b)


def test_coordination_numbers_key_the_person_too() -> None:
    a = identity(issuer="https://one.example", subject="1", coordination_number="199001612381")
    b = identity(issuer="https://two.example", subject="2", coordination_number="199001612381")
    assert identity_key(SECRET, a) == identity_key(SECRET, b)


def test_without_a_number_the_provider_subject_is_the_person() -> None:
    a = identity(issuer="https://eidas.example", subject="SE/DE/123")
    b = identity(issuer="https://other.example", subject="SE/DE/123")
    assert identity_key(SECRET, a) != identity_key(SECRET, b)
    assert "199001012384" not in identity_key(SECRET, identity(personal_number="199001012384"))
