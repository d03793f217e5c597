"""Claim-mapping profiles and the explicit ID token checks, as plain functions."""

from __future__ import annotations

import time

import pytest

from blankett.auth import CLAIM_PROFILES, LOA2, LOA3
from blankett.auth.claims import PERSONAL_NUMBER_CLAIM, SSN_BROKER, SWEDISH, claim_profile, read_claims
from blankett.auth.validation import LEEWAY_SECONDS, FlowExpectations, check_id_token
from blankett.errors import ConfigurationError, LoginFailed

ORG = "https://id.oidc.se/claim/org"


def test_the_swedish_profile_reads_the_oidc_se_claims() -> None:
    userinfo = {
        PERSONAL_NUMBER_CLAIM: "198504129829",
        ORG + "Number": "5599000006",
        ORG + "Name": "Testbolaget AB",
        ORG + "Affiliation": "anna@5599000006",
        "given_name": "Anna",
        "family_name": "Lindqvist",
        "birthdate": "1985-04-12",
        "ssn": "190001019876",  # not this profile's claim
    }
    assert read_claims(SWEDISH, {}, userinfo) == {
        "personal_number": "198504129829",
        "coordination_number": None,
        "org_number": "5599000006",
        "org_name": "Testbolaget AB",
        "org_affiliation": "anna@5599000006",
        "given_name": "Anna",
        "family_name": "Lindqvist",
        "birthdate": "1985-04-12",
    }


def test_a_broker_profile_renames_the_personal_number() -> None:
    fields = read_claims(SSN_BROKER, {"ssn": "19850412-9829"}, {"given_name": "Anna"})
    assert fields["personal_number"] == "198504129829"  # the separator is dropped
    assert fields["given_name"] == "Anna"
    assert read_claims(SSN_BROKER, {PERSONAL_NUMBER_CLAIM: "198504129829"}, {})["personal_number"] is None


def test_userinfo_wins_over_the_id_token_and_empty_values_are_none() -> None:
    fields = read_claims(
        SWEDISH, {"given_name": "Old", "family_name": "Kept"}, {"given_name": "New", "birthdate": ""}
    )
    assert (fields["given_name"], fields["family_name"], fields["birthdate"]) == ("New", "Kept", None)


@pytest.mark.parametrize(
    ("claim", "value", "message"),
    [
        (PERSONAL_NUMBER_CLAIM, "8504129829", "the personalIdentityNumber claim is not 12 digits"),
        (PERSONAL_NUMBER_CLAIM, "19850412+9829", "the personalIdentityNumber claim is not 12 digits"),
        (
            "https://id.oidc.se/claim/coordinationNumber",
            "1970106323",
            "the coordinationNumber claim is not 12 digits",
        ),
        (ORG + "Number", "55990000", "the orgNumber claim is not 10 digits"),
    ],
)
def test_malformed_identity_numbers_are_refused_without_their_value(
    claim: str, value: str, message: str
) -> None:
    with pytest.raises(LoginFailed) as caught:
        read_claims(SWEDISH, {}, {claim: value})
    assert str(caught.value) == message


COORDINATION_CLAIM = "https://id.oidc.se/claim/coordinationNumber"
NOT_A_PNR = "the personalIdentityNumber claim is not a valid personal identity number"
NOT_A_COORDINATION_NUMBER = "the coordinationNumber claim is not a valid coordination number"


@pytest.mark.parametrize(
    ("claim", "value", "message"),
    [
        (PERSONAL_NUMBER_CLAIM, "198504129828", NOT_A_PNR),
        # Check digits right, dates wrong: month 13, 30 February, born in the future.
        (PERSONAL_NUMBER_CLAIM, "19851312-9984", NOT_A_PNR),
        (PERSONAL_NUMBER_CLAIM, "198502309985", NOT_A_PNR),
        (PERSONAL_NUMBER_CLAIM, "209901019985", NOT_A_PNR),
        # A samordningsnummer in the personal identity number's claim, and the other way round.
        (PERSONAL_NUMBER_CLAIM, "197010632391", NOT_A_PNR),
        (COORDINATION_CLAIM, "198504129829", NOT_A_COORDINATION_NUMBER),
        (COORDINATION_CLAIM, "197010632392", NOT_A_COORDINATION_NUMBER),
    ],
)
def test_identity_numbers_must_be_a_real_date_with_their_check_digit(
    claim: str, value: str, message: str
) -> None:
    with pytest.raises(LoginFailed) as caught:
        read_claims(SWEDISH, {}, {claim: value})
    assert message in str(caught.value)
    assert value not in str(caught.value)
    assert value.replace("-", "")[2:8] not in str(caught.value)


def test_a_coordination_number_is_read_from_its_own_claim() -> None:
    fields = read_claims(SWEDISH, {}, {COORDINATION_CLAIM: "19701063-2391"})
    assert fields["coordination_number"] == "197010632391"
    assert fields["personal_number"] is None


def test_profiles_by_name() -> None:
    assert set(CLAIM_PROFILES) == {"swedish", "ssn"}
    assert claim_profile("ssn") is SSN_BROKER
    with pytest.raises(ConfigurationError, match="choose one of ssn, swedish"):
        claim_profile("bankid")


def _token(now: int, **claims: object) -> dict[str, object]:
    return {"iat": now, "exp": now + 300, "acr": LOA3, "auth_time": now, **claims}


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"iat": None}, "the ID token has no numeric iat claim"),
        ({"exp": "soon"}, "the ID token has no numeric exp claim"),
        ({"exp": -LEEWAY_SECONDS - 1}, "the ID token has expired (exp is in the past)"),
        ({"iat": 3600, "exp": 7200}, "the ID token was issued in the future (iat); check the clocks"),
        ({"iat": -7200}, "the ID token was issued too long ago to be fresh (iat)"),
        ({"iat": 30, "exp": 30}, "the ID token expires before it was issued (exp <= iat)"),
    ],
)
def test_times_are_checked_with_reasons(claims: dict[str, object], message: str) -> None:
    now = int(time.time())
    token = _token(now, **{k: (now + v if isinstance(v, int) else v) for k, v in claims.items()})
    with pytest.raises(LoginFailed) as caught:
        check_id_token(token, FlowExpectations(), now)
    assert str(caught.value) == message


def test_level_and_fresh_authentication_are_checked_when_asked_for() -> None:
    now = int(time.time())
    check_id_token(_token(now, acr="urn:unknown"), FlowExpectations(), now)  # nothing asked, nothing checked
    with pytest.raises(LoginFailed, match="rank 0, required 3"):
        check_id_token(_token(now, acr="urn:unknown"), FlowExpectations(min_rank=3), now)
    with pytest.raises(LoginFailed, match="rank 2, required 3"):
        check_id_token(_token(now, acr=LOA2), FlowExpectations(min_rank=3), now)
    fresh = FlowExpectations(min_rank=2, fresh_login=True, started_at=now)
    check_id_token(_token(now), fresh, now)
    with pytest.raises(LoginFailed, match="no auth_time"):
        check_id_token(_token(now, auth_time=None), fresh, now)
    with pytest.raises(LoginFailed, match="reused an earlier authentication"):
        check_id_token(_token(now, auth_time=now - 600), fresh, now)
