from __future__ import annotations

import pytest

from blankett import auth
from blankett.auth import LOA2, LOA3, LOA4, Identity, known_loa_uris, loa_rank, loa_uri


def test_levels_are_ordered() -> None:
    assert [loa_rank(uri) for uri in (LOA2, LOA3, LOA4)] == [2, 3, 4]
    assert LOA2 == "http://id.elegnamnden.se/loa/1.0/loa2"
    assert known_loa_uris() == [LOA2, LOA3, LOA4]


def test_unknown_or_missing_levels_rank_zero() -> None:
    assert loa_rank("urn:made-up") == 0
    assert loa_rank("") == 0
    assert loa_rank(None) == 0


def test_uri_for_a_rank() -> None:
    assert [loa_uri(rank) for rank in (2, 3, 4)] == [LOA2, LOA3, LOA4]
    with pytest.raises(ValueError, match="rank 5"):
        loa_uri(5)


def test_identity_exposes_its_rank_and_hides_personal_data_in_repr() -> None:
    identity = Identity(
        issuer="https://idp.example",
        subject="abc",
        personal_number="198112289874",
        given_name="Erik",
        family_name="Johansson",
        birthdate="1981-12-28",
        loa=LOA3,
    )
    assert identity.loa_rank == 3
    text = repr(identity)
    for personal in ("198112289874", "Erik", "Johansson"):
        assert personal not in text
    with pytest.raises(AttributeError):
        identity.loa = LOA4  # type: ignore[misc]


def test_facade_exports() -> None:
    assert sorted(auth.__all__) == sorted(
        ["LOA2", "LOA3", "LOA4", "Identity", "OidcClient", "known_loa_uris", "loa_rank", "loa_uri"]
    )
