from __future__ import annotations

import pytest

from blankett import auth
from blankett.auth import (
    EIDAS_HIGH,
    EIDAS_LOW,
    EIDAS_NF_HIGH,
    EIDAS_NF_LOW,
    EIDAS_NF_SUBSTANTIAL,
    EIDAS_SUBSTANTIAL,
    EU_HIGH,
    EU_LOW,
    EU_SUBSTANTIAL,
    LOA2,
    LOA3,
    LOA4,
    Identity,
    all_loa_uris,
    known_loa_uris,
    loa_rank,
    loa_uri,
    loa_uris_at_least,
)


def test_levels_are_ordered() -> None:
    assert [loa_rank(uri) for uri in (LOA2, LOA3, LOA4)] == [2, 3, 4]
    assert LOA2 == "http://id.elegnamnden.se/loa/1.0/loa2"
    assert known_loa_uris() == [LOA2, LOA3, LOA4]


@pytest.mark.parametrize(
    ("uri", "rank"),
    [
        ("http://id.elegnamnden.se/loa/1.0/eidas-low", 2),
        ("http://id.elegnamnden.se/loa/1.0/eidas-sub", 3),
        ("http://id.elegnamnden.se/loa/1.0/eidas-high", 4),
        ("http://id.elegnamnden.se/loa/1.0/eidas-nf-low", 2),
        ("http://id.elegnamnden.se/loa/1.0/eidas-nf-sub", 3),
        ("http://id.elegnamnden.se/loa/1.0/eidas-nf-high", 4),
        ("http://eidas.europa.eu/LoA/low", 2),
        ("http://eidas.europa.eu/LoA/substantial", 3),
        ("http://eidas.europa.eu/LoA/high", 4),
    ],
)
def test_eidas_levels_sit_on_the_same_scale(uri: str, rank: int) -> None:
    assert loa_rank(uri) == rank
    assert uri in all_loa_uris()


def test_eidas_and_swedish_levels_compare_with_each_other() -> None:
    assert loa_rank(EU_SUBSTANTIAL) == loa_rank(LOA3) > loa_rank(EIDAS_NF_LOW)
    assert loa_rank(EIDAS_HIGH) > loa_rank(EIDAS_SUBSTANTIAL)
    assert loa_rank(EU_HIGH) == loa_rank(LOA4)


def test_the_swedish_uri_is_the_one_requested_for_each_rank() -> None:
    assert [loa_uri(rank) for rank in (2, 3, 4)] == [LOA2, LOA3, LOA4]
    assert all_loa_uris()[0] == LOA2
    assert len(all_loa_uris()) == len(set(all_loa_uris())) == 12


def test_levels_that_satisfy_a_rank() -> None:
    assert loa_uris_at_least(4) == [LOA4, EIDAS_HIGH, EIDAS_NF_HIGH, EU_HIGH]
    assert loa_uris_at_least(3)[:4] == [LOA3, EIDAS_SUBSTANTIAL, EIDAS_NF_SUBSTANTIAL, EU_SUBSTANTIAL]
    assert set(loa_uris_at_least(2)) == set(all_loa_uris())
    assert EIDAS_LOW not in loa_uris_at_least(3)
    assert EU_LOW not in loa_uris_at_least(3)


def test_unknown_or_missing_levels_rank_zero() -> None:
    assert loa_rank("urn:made-up") == 0
    assert loa_rank("http://eidas.europa.eu/LoA/High") == 0  # URIs compare exactly
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
        loa=EIDAS_NF_SUBSTANTIAL,
        org_number="5560360793",
        org_affiliation="ej@5560360793",
    )
    assert identity.loa_rank == 3
    text = repr(identity)
    for personal in ("198112289874", "Erik", "Johansson", "ej@"):
        assert personal not in text
    with pytest.raises(AttributeError):
        identity.loa = LOA4  # type: ignore[misc]


def test_facade_exports() -> None:
    assert set(auth.__all__) == {
        "ADMIN",
        "AUTHOR",
        "CLAIM_PROFILES",
        "ClaimProfile",
        "EIDAS_HIGH",
        "EIDAS_LOW",
        "EIDAS_NF_HIGH",
        "EIDAS_NF_LOW",
        "EIDAS_NF_SUBSTANTIAL",
        "EIDAS_SUBSTANTIAL",
        "EU_HIGH",
        "EU_LOW",
        "EU_SUBSTANTIAL",
        "Identity",
        "LOA2",
        "LOA3",
        "LOA4",
        "OidcClient",
        "Provider",
        "Providers",
        "all_loa_uris",
        "client_jwks",
        "handled_services",
        "handles",
        "is_staff",
        "known_loa_uris",
        "loa_rank",
        "loa_uri",
        "loa_uris_at_least",
        "provider_configs",
    }
