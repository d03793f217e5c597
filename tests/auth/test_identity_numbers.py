"""A login whose provider sends an identity number that is not a real one is refused, over real
loopback HTTP: the test provider's userinfo is replaced by one that sends a wrong number."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from blankett.auth import LOA3
from blankett.testidp.persons import PERSONS_BY_ID, TEST_PERSONS
from tests.testidp.harness import browser, log_in, running

PNR = "https://id.oidc.se/claim/personalIdentityNumber"
COORDINATION = "https://id.oidc.se/claim/coordinationNumber"


@pytest.mark.parametrize(
    ("claim", "number", "named"),
    [
        (PNR, "198504129828", "personalIdentityNumber"),  # Anna's number, check digit changed
        (PNR, "198502309985", "personalIdentityNumber"),  # 30 February, check digit right
        (COORDINATION, "198504129829", "coordinationNumber"),  # a personnummer: day not plus 60
    ],
)
def test_a_wrong_identity_number_is_refused_at_login(
    tmp_path: Path, claim: str, number: str, named: str
) -> None:
    anna = PERSONS_BY_ID["anna"]

    async def wrong_userinfo(request: Request) -> Response:
        return JSONResponse({"sub": anna.subject, "given_name": anna.given_name, claim: number})

    with running(tmp_path, extra_routes=[Route("/test-idp/userinfo", wrong_userinfo)]) as settings:
        with browser(settings) as client:
            response = log_in(client, person="anna", loa=LOA3)
    assert response.status_code == 401
    assert response.json()["error"] == "login_failed"
    detail = response.json()["detail"]
    assert f"the {named} claim is not a valid" in detail
    assert number not in detail
    assert number[2:8] not in detail


def test_every_test_person_passes_the_check(tmp_path: Path) -> None:
    with running(tmp_path) as settings, browser(settings) as client:
        for person in TEST_PERSONS:
            identity = log_in(client, person=person.id, loa=LOA3).json()
            field = "coordination_number" if person.coordination else "personal_number"
            assert identity[field] == person.personal_number, person.id
