"""ID token checks beyond signature, ``iss``, ``aud`` and ``nonce``, and readable reasons for all.

authlib verifies the signature and the registered claims; these checks say in a sentence
what was wrong (for the log, never with a claim value) and add what authlib leaves to the
relying party: a token issued long ago, the level of assurance, and whether a requested
re-authentication (``prompt=login``) really happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)

from ..errors import LoginFailed
from .loa import loa_rank

LEEWAY_SECONDS = 60  # clock skew tolerated between the provider and the platform
MAX_TOKEN_AGE_SECONDS = 300  # an ID token is redeemed at once; an older one is a replay

_CLAIM_REASONS = {
    "aud": "the ID token is meant for another client (aud)",
    "iss": "the ID token comes from another issuer than the configured provider (iss)",
    "nonce": "the ID token's nonce is not the one this login sent (nonce)",
    "azp": "the ID token names another authorised party (azp)",
    "at_hash": "the ID token does not belong to the access token (at_hash)",
    "iat": "the ID token was issued in the future (iat); check the clocks",
    "nbf": "the ID token is not valid yet (nbf); check the clocks",
}


@dataclass(frozen=True)
class FlowExpectations:
    """What the login request asked for: the lowest acceptable rank, a forced re-authentication."""

    min_rank: int = 0
    fresh_login: bool = False
    started_at: int = 0


def check_id_token(claims: Mapping[str, Any], expected: FlowExpectations, now: int) -> None:
    """Raise LoginFailed unless times, level and authentication time all check out."""
    _check_times(claims, now)
    _check_level(claims.get("acr"), expected.min_rank)
    if expected.fresh_login:
        _check_fresh(claims.get("auth_time"), expected.started_at)


def _number(claims: Mapping[str, Any], name: str) -> int:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LoginFailed(f"the ID token has no numeric {name} claim")
    return int(value)


def _check_times(claims: Mapping[str, Any], now: int) -> None:
    issued, expires = _number(claims, "iat"), _number(claims, "exp")
    if expires <= now - LEEWAY_SECONDS:
        raise LoginFailed("the ID token has expired (exp is in the past)")
    if issued > now + LEEWAY_SECONDS:
        raise LoginFailed("the ID token was issued in the future (iat); check the clocks")
    if issued < now - MAX_TOKEN_AGE_SECONDS - LEEWAY_SECONDS:
        raise LoginFailed("the ID token was issued too long ago to be fresh (iat)")
    if expires <= issued:
        raise LoginFailed("the ID token expires before it was issued (exp <= iat)")


def _check_level(acr: object, min_rank: int) -> None:
    if not min_rank:
        return
    if not isinstance(acr, str) or not acr:
        raise LoginFailed(f"the ID token names no level of assurance (acr); required rank {min_rank}")
    got = loa_rank(acr)
    if got < min_rank:
        raise LoginFailed(f"level of assurance too low: rank {got}, required {min_rank}")


def _check_fresh(auth_time: object, started_at: int) -> None:
    if isinstance(auth_time, bool) or not isinstance(auth_time, (int, float)):
        raise LoginFailed("the ID token has no auth_time although a new authentication was required")
    if auth_time < started_at - LEEWAY_SECONDS:
        raise LoginFailed(
            "the provider reused an earlier authentication although prompt=login asked for a new one"
        )


def jose_reason(exc: JoseError) -> str:
    """A sentence for a rejected ID token, naming the claim or the key problem."""
    if isinstance(exc, ExpiredTokenError):
        return "the ID token has expired (exp is in the past)"
    if isinstance(exc, BadSignatureError):
        return "the ID token's signature does not verify with the provider's published keys"
    if isinstance(exc, InvalidKeyIdError):
        return "the ID token is signed with a key the provider does not publish (kid)"
    if isinstance(exc, MissingClaimError):
        return f"the ID token lacks the {_claim_name(exc)} claim"
    if isinstance(exc, InvalidClaimError):
        claim = _claim_name(exc)
        return _CLAIM_REASONS.get(claim, f"the ID token's {claim} claim is invalid")
    return f"the ID token was rejected ({type(exc).__name__})"


def _claim_name(exc: ClaimError) -> str:
    claim = getattr(exc, "claim", "")
    return claim if isinstance(claim, str) and claim.isidentifier() else "unnamed"
