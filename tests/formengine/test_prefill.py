"""``"prefill"`` in a definition: the vocabulary, what `blankett forms check` says about a prefill
that cannot work, and which fields of a page are offered a value (once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from blankett.formengine import metaschema, parse_page
from blankett.formengine import prefill as engine

from .forms import control, form
from .test_forms_check import Run, problems, run, service

__all__ = ["run"]  # the CLI fixture, shared with test_forms_check


def test_the_meta_schema_names_every_source() -> None:
    """Editors complete from the shipped file; add a new source to it and to SOURCES together."""
    properties = metaschema.raw_schema()["$defs"]["control"]["properties"]
    assert properties["prefill"]["enum"] == list(engine.SOURCES)


def test_forms_check_reports_a_prefill_that_cannot_work(run: Run, tmp_path: Path) -> None:
    def change(raw: dict[str, Any]) -> None:
        contact = raw["pages"][2]["elements"]
        contact[0]["prefill"] = "identity.nmae"  # unknown
        contact[1]["prefill"] = "identity.personalNumber"  # an e-mail field
        contact[2]["prefill"] = "profile.email"  # a checkbox: the schema holds a boolean
        raw["pages"][0]["elements"][0]["prefill"] = "profile.mobile"  # radios: fixed choices
        raw["pages"][1]["elements"][0]["prefill"] = "profile.address"  # not an address

    found = problems(run, *service(tmp_path, change))
    assert found["/pages/2/elements/0/prefill"].startswith("'identity.nmae' is not allowed here")
    assert "did you mean 'identity.name'?" in found["/pages/2/elements/0/prefill"]
    assert found["/pages/2/elements/1/prefill"] == (
        "'identity.personalNumber' needs a 'personnummer' or 'text' widget, not 'email'"
    )
    assert found["/pages/2/elements/2/prefill"] == (
        "'profile.email' gives a text, but the schema at '/contact/wantsReply' holds a boolean"
    )
    assert "holds fixed choices" in found["/pages/0/elements/0/prefill"]
    assert "use it on an 'address' control" in found["/pages/1/elements/0/prefill"]


PROPERTIES = {
    "name": {"type": "string"},
    "pnr": {"type": "string", "format": "personnummer"},
    "home": {
        "type": "object",
        "properties": {
            "street": {"type": "string"},
            "postalCode": {"type": "string"},
            "city": {"type": "string"},
        },
    },
    "people": {
        "type": "array",
        "minItems": 2,
        "items": {"type": "object", "properties": {"email": {"type": "string"}}},
    },
}
KNOWN = {
    "identity.name": "Anna Lindqvist",
    "identity.personalNumber": "197010632391",  # a samordningsnummer
    "profile.address.street": "Storgatan 12",
    "profile.address.postalCode": "12345",
    "profile.address.city": "Exempelby",
    "profile.email": "anna@example.se",
}


def definition() -> Any:
    return form(
        PROPERTIES,
        [
            control("/name", "Namn", "Name", prefill="identity.name"),
            control("/pnr", "Personnummer", "Personal identity number", prefill="identity.personalNumber"),
            control("/home", "Adress", "Address", widget="address", prefill="profile.address"),
            control(
                "/people",
                "Personer",
                "People",
                widget="repeat",
                elements=[control("/email", "E-post", "E-mail", widget="email", prefill="profile.email")],
            ),
        ],
    )


def test_a_page_offers_values_once_and_never_over_an_answer() -> None:
    built = definition()
    page = built.first_page
    offered = engine.values(engine.pending(page, {}), KNOWN)
    assert offered == {
        "/name": "Anna Lindqvist",
        "/home/street": "Storgatan 12",
        "/home/postalCode": "12345",
        "/home/city": "Exempelby",
        "/people/0/email": "anna@example.se",  # the first item only
    }  # and no samordningsnummer in a personnummer field

    answered = {"name": "Anna L."}
    assert "/name" not in engine.values(engine.pending(page, answered), KNOWN)

    # The person empties the prefilled name and sends the page: it is not offered again.
    after = parse_page(built, page, {"name": "", "home.street": "Storgatan 12"}, {})
    engine.remember(page, {}, after)
    assert "name" not in after
    assert after[engine.PREFILL_KEY]["/name"] == "identity.name"
    assert engine.pending(page, after) == []
