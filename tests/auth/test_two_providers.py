"""The whole platform configured with two providers at once, the built-in test provider and the
independent Node oidc-provider (for citizens, and as the staff directory), over real HTTP:
logging in through each, step-up, signing and logout at the provider of the session, and the
provider's session ended when Blankett's runs out."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from blankett.auth import LOA2, LOA3
from tests.auth.test_independent_signing import JOURNEY
from tests.services.walk import REFERENCE, fill_page, send
from tests.support.oidc_provider import NodeProvider, choose, confirm_logout, requested
from tests.support.oidc_provider.two_providers import node_for_platform, platform_for, platform_on_sqlite
from tests.support.platform import RunningPlatform, choose_provider, log_in
from tests.support.server import free_port
from tests.web.test_my_sessions import as_utc, csrf, move_back, session_row, sql

FIRST_PAGE = f"/e-tjanst/{JOURNEY.service}/sida/{next(iter(JOURNEY.pages))}"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningPlatform, NodeProvider]]:
    with platform_on_sqlite(tmp_path_factory.mktemp("two-providers")) as running:
        yield running


@pytest.fixture
def platform(both: tuple[RunningPlatform, NodeProvider]) -> RunningPlatform:
    return both[0]


@pytest.fixture
def op(both: tuple[RunningPlatform, NodeProvider]) -> NodeProvider:
    return both[1]


def at_node(
    browser: httpx.Client, next_path: str = "/arenden", person: str = "anna", loa: str = LOA3
) -> httpx.Response:
    """Log in through the choice page and the Node provider's login page."""
    page = choose_provider(browser, browser.get("/logga-in", params={"next": next_path}), "node")
    return choose(browser, page, person=person, loa=loa)


def at_test_provider(browser: httpx.Client, person: str = "anna") -> httpx.Response:
    page = choose_provider(browser, browser.get("/logga-in", params={"next": "/arenden"}), "test")
    return log_in(browser, page, person=person)


def last_login(platform: RunningPlatform) -> dict[str, object]:
    rows = sql(platform, "SELECT detail FROM audit_events WHERE action = 'login' ORDER BY id DESC")
    detail = rows[0][0]
    return detail if isinstance(detail, dict) else json.loads(detail)


def log_out(browser: httpx.Client) -> str:
    """Press "Logga ut"; where the platform sends the browser."""
    token = csrf(browser.get("/arenden"))
    return browser.post("/logga-ut", data={"csrf_token": token}, follow_redirects=False).headers["location"]


def test_the_same_person_through_either_provider(platform: RunningPlatform, op: NodeProvider) -> None:
    with platform.client() as one, platform.client() as other:
        assert at_test_provider(one).url.path == "/arenden"
        assert last_login(platform)["provider"] == "test"
        landed = at_node(other)
        assert landed.url.path == "/arenden"
        assert (last_login(platform)["provider"], last_login(platform)["issuer"]) == ("node", op.issuer)
        # The same personal identity number from both providers: one person, two sessions.
        assert session_row(platform, one).person_id == session_row(platform, other).person_id
        assert "Anna Lindqvist" in landed.text


def test_a_citizen_provider_that_sends_roles_gives_no_roles(platform: RunningPlatform) -> None:
    with platform.client() as browser:
        at_test_provider(browser, person="sara")  # the test provider sends Sara's staff roles
        assert last_login(platform)["roles"] == []
        assert browser.get("/handlaggning").status_code == 403


def test_the_staff_directory_maps_its_groups_onto_roles(platform: RunningPlatform) -> None:
    with platform.client() as browser:
        page = browser.get("/handlaggning")  # one staff provider: straight there
        params = requested(page)["params"]
        assert params["redirect_uri"] == f"{platform.url}/inloggning/klar/personal"
        assert "groups" in params["scope"].split()
        landed = choose(browser, page, person="sara", loa=LOA3)
        assert (landed.status_code, landed.url.path) == (200, "/handlaggning")
        # CN=Synpunkt-handlaggare through role_map, admin as it is, CN=Alla-anstallda ignored.
        assert last_login(platform)["roles"] == ["admin", "handler:synpunkt"]
        assert browser.get("/admin/klassning").status_code == 200
        row = session_row(platform, browser)  # staff timeouts: 15 minutes idle
        assert as_utc(row.expires_at) - as_utc(row.last_seen_at) == timedelta(minutes=15)


def test_logout_ends_the_session_at_the_provider_used(platform: RunningPlatform, op: NodeProvider) -> None:
    with platform.client() as browser:
        at_node(browser)
        target = log_out(browser)
        assert target.startswith(f"{op.issuer}/session/end?")
        assert "client_id=blankett" in target.split("?", 1)[1].split("&")
        landed = confirm_logout(browser, browser.get(target))
        assert (landed.status_code, str(landed.url)) == (200, f"{platform.url}/")
        again = choose_provider(browser, browser.get("/logga-in"), "node")
        assert requested(again)["prompt"] == "login"  # no session left at the provider either
    with platform.client() as browser:
        at_test_provider(browser)
        assert log_out(browser).startswith(f"{platform.url}/test-idp/logout?")


def test_an_idle_timeout_ends_the_session_at_the_provider_too(
    platform: RunningPlatform, op: NodeProvider
) -> None:
    with platform.client() as browser:
        at_node(browser)
        move_back(platform, browser, seen=timedelta(minutes=31))
        at_provider = browser.get("/arenden")
        assert str(at_provider.url).startswith(f"{op.issuer}/session/end")
        landed = confirm_logout(browser, at_provider)
        assert landed.url.path == "/utloggad"
        assert landed.url.params["state"] == "orsak=inaktivitet"
        assert "Du har loggats ut" in landed.text
        assert "inte hade gjort något" in landed.text
        again = choose_provider(browser, browser.get("/logga-in"), "node")
        assert requested(again)["prompt"] == "login"


def test_step_up_and_signing_happen_at_the_provider_of_the_session(platform: RunningPlatform) -> None:
    with platform.client() as browser:
        at_node(browser, loa=LOA2)
        step_up = browser.get(FIRST_PAGE)  # the service needs loa3: Node again, not the choice page
        request = requested(step_up)
        assert request["params"]["prompt"] == "login"
        assert request["params"]["redirect_uri"] == f"{platform.url}/inloggning/klar/node"
        response = choose(browser, step_up, loa=LOA3)
        for page in JOURNEY.pages:
            response = fill_page(browser, response, JOURNEY, page)
        time.sleep(1.05 - time.time() % 1)  # auth_time counts whole seconds
        signing = send(browser, response, {})
        assert requested(signing)["params"]["redirect_uri"] == f"{platform.url}/signering/klar/node"
        receipt = choose(browser, signing, loa=LOA3)
        assert receipt.status_code == 200, receipt.text[:2000]
        assert REFERENCE.search(receipt.text)


def test_an_unreachable_provider_does_not_block_the_logged_out_page(sqlite_url: str, tmp_path: Path) -> None:
    port = free_port()
    with contextlib.ExitStack() as node:
        op = node.enter_context(node_for_platform(tmp_path, port))
        with platform_for(sqlite_url, tmp_path, port, op) as platform, platform.client() as browser:
            at_node(browser)
            node.close()  # the provider goes away
            move_back(platform, browser, seen=timedelta(minutes=31))
            page = browser.get("/arenden")
            assert [r.url.path for r in page.history] == ["/arenden"]
            assert page.url.path == "/utloggad"
            assert page.url.params["orsak"] == "inaktivitet"
            assert "Du har loggats ut" in page.text
