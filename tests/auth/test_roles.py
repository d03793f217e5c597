"""Staff roles from the roles claim: only Blankett's own vocabulary, only from a trusted claim."""

from __future__ import annotations

import logging

import pytest

from blankett.auth import handled_services, handles, is_staff
from blankett.auth.roles import read_roles


def test_roles_come_from_userinfo_first_then_the_id_token() -> None:
    assert read_roles("roles", {"roles": ["admin"]}, {"roles": ["handler:synpunkt"]}) == ("handler:synpunkt",)
    assert read_roles("roles", {"roles": ["admin"]}, {}) == ("admin",)
    assert read_roles("groups", {}, {"groups": "handler:bygglov admin handler:bygglov"}) == ("admin", "handler:bygglov")


def test_an_untrusted_provider_gives_no_roles() -> None:
    """With no roles claim named, even a provider that sends one gives nobody staff rights."""
    assert read_roles("", {"roles": ["handler:*"]}, {"roles": ["admin"]}) == ()


def test_other_values_are_ignored_and_counted_but_never_named(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="blankett.auth.roles")
    values = ["handler:synpunkt", "Domain Users", "handler:../etc", "HANDLER:*", 7, "handler:*"]
    assert read_roles("roles", {}, {"roles": values}) == ("handler:*", "handler:synpunkt")
    assert "Ignored 4 value(s)" in caplog.text
    assert "Domain Users" not in caplog.text
    assert read_roles("roles", {}, {"roles": {"handler:*": True}}) == ()  # not a list or a string


def test_what_roles_allow() -> None:
    assert handles(["handler:synpunkt"], "synpunkt")
    assert not handles(["handler:synpunkt"], "bygglov")
    assert not handles(["admin"], "synpunkt")  # an administrator is not a handler by that alone
    assert handles(["handler:*"], "bygglov")
    assert handled_services(["handler:bygglov", "handler:synpunkt"], ["synpunkt", "felanmalan", "bygglov"]) == [
        "synpunkt", "bygglov",
    ]
    assert is_staff(["admin"]) and is_staff(["handler:x"]) and not is_staff([])


def test_form_authors_are_staff() -> None:
    assert read_roles("roles", {}, {"roles": ["author", "Author", "authors"]}) == ("author",)
    assert is_staff(["author"])
    assert not handles(["author"], "synpunkt")  # writing forms gives no access to their cases
