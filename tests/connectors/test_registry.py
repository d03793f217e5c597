from __future__ import annotations

import asyncio
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

import blankett.connectors
from blankett.connectors import (
    BUILTIN_CONNECTORS,
    Connector,
    ConnectorRegistry,
    Delivered,
    Delivery,
    DeliveryResult,
    build_connectors,
    registry,
)
from blankett.errors import ConfigurationError
from tests.connectors.helpers import make_settings
from tests.support.webhook_receiver import new_secret


def _connector_class(type_id: str = "demo", **attributes: Any) -> type[Connector[Any]]:
    async def deliver(self: Connector[Any], envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        return Delivered()

    namespace: dict[str, Any] = {
        "id": type_id,
        "label": "Demo",
        "max_confidentiality": 1,
        "options_schema": {"type": "object"},
        "deliver": deliver,
        "__module__": __name__,
    }
    namespace.update(attributes)
    return type(f"Connector_{type_id}", (Connector,), namespace)


def test_facade_exports() -> None:
    assert set(blankett.connectors.__all__) == {
        "BUILTIN_CONNECTORS",
        "ENTRY_POINT_GROUP",
        "Connector",
        "ConnectorMisconfigured",
        "ConnectorRegistry",
        "ConnectorRejected",
        "ConnectorUnavailable",
        "Delivered",
        "Delivery",
        "DeliveryResult",
        "NeedsPerson",
        "RetryLater",
        "build_connectors",
        "check_options",
        "connector_types",
        "register",
        "registry",
    }


def test_registry_refuses_a_second_type_with_the_same_id() -> None:
    fresh = ConnectorRegistry()
    first = fresh.register(_connector_class("demo"))
    assert fresh.register(first) is first  # the same class again is fine (modules load twice)
    with pytest.raises(ConfigurationError, match=r"'demo' .* is already taken by"):
        fresh.register(_connector_class("demo"))
    assert list(fresh) == ["demo"]
    assert fresh.get("demo") is first


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"options_schema": {"type": "objekt"}}, "options_schema is not a valid JSON Schema 2020-12"),
        ({"options_schema": {"required": "url"}}, "options_schema is not a valid JSON Schema 2020-12"),
        ({"options_schema": None}, "options_schema must be a JSON Schema"),
        ({"id": "Has Spaces"}, r"\.id must be a lower-case name"),
        ({"max_confidentiality": 5}, "max_confidentiality must be the highest KLASSA"),
        ({"max_confidentiality": True}, "max_confidentiality must be the highest KLASSA"),
        ({"label": ""}, "label must be a short human name"),
        ({"deliver": Connector.deliver}, "must implement deliver"),
    ],
)
def test_registry_refuses_a_broken_connector_class(attributes: dict[str, Any], message: str) -> None:
    fresh = ConnectorRegistry()
    with pytest.raises(ConfigurationError, match=message):
        fresh.register(_connector_class(**attributes))
    assert list(fresh) == []


def test_builtins_load_into_a_fresh_registry_like_any_module() -> None:
    fresh = ConnectorRegistry()
    fresh.load_builtins()
    assert list(fresh) == ["earchive", "email", "filedrop", "inbox", "webhook"]
    assert BUILTIN_CONNECTORS[:2] == ("blankett_connectors.webhook", "blankett_connectors.filedrop")
    assert fresh.get("webhook") is registry.get("webhook")  # the decorator filled the default too


def test_entry_points_load_modules_and_classes() -> None:
    by_module = ConnectorRegistry()
    by_module.load_entry_points(
        [EntryPoint(name="echo", value="tests.connectors.sample_connector", group="blankett.connectors")]
    )
    assert list(by_module) == ["echo"]  # the undecorated subclass is left alone
    assert "echo" not in registry

    by_class = ConnectorRegistry()
    by_class.load_entry_points(
        [
            EntryPoint(
                name="echo",
                value="tests.connectors.sample_connector:EchoConnector",
                group="blankett.connectors",
            )
        ]
    )
    assert list(by_class) == ["echo"]


def test_broken_entry_points_are_configuration_errors() -> None:
    fresh = ConnectorRegistry()
    with pytest.raises(ConfigurationError, match=r"nosuch = 'tests\.connectors\.nosuch' could not be loaded"):
        fresh.load_entry_points([EntryPoint(name="nosuch", value="tests.connectors.nosuch", group="x")])
    with pytest.raises(ConfigurationError, match="names neither a module nor a Connector class"):
        fresh.load_entry_points(
            [EntryPoint(name="helper", value="tests.connectors.helpers:make_settings", group="x")]
        )


def test_build_connectors_from_settings(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        connectors={
            "arende": {"type": "webhook", "url": "https://arende.example.se/in", "secret": new_secret()},
            "drop": {"type": "filedrop", "directory": str(tmp_path / "drop")},
        },
    )
    built = build_connectors(settings)
    try:
        assert {name: type(c).id for name, c in built.items()} == {"arende": "webhook", "drop": "filedrop"}
        assert built["drop"].name == "drop"
        assert built["drop"].options == {"directory": str(tmp_path / "drop")}  # "type" is not an option
        assert built["drop"].settings is settings
    finally:
        asyncio.run(built["arende"].aclose())


def test_option_errors_name_the_instance_the_pointer_and_the_reason(tmp_path: Path) -> None:
    secret = "whsec_not*base64"
    settings = make_settings(
        tmp_path,
        connectors={
            "arende": {
                "type": "webhook",
                "url": "ftp://arende.example.se",
                "secret": secret,
                "timeout_seconds": 0,
            },
            "drop": {"type": "filedrop", "directory": "var/x", "colour": "blue"},
            "nodrop": {"type": "filedrop"},
            "mystery": {"type": "carrier-pigeon"},
            "untyped": {"directory": "x"},
        },
    )
    with pytest.raises(ConfigurationError) as caught:
        build_connectors(settings)
    lines = str(caught.value).splitlines()
    assert lines[0] == "Connector settings are invalid:"
    assert lines[1:] == [
        "connectors.arende:/secret: the value (not shown: it is secret) fails pattern",
        "connectors.arende:/timeout_seconds: 0 is less than or equal to the minimum of 0",
        "connectors.arende:/url: 'ftp://arende.example.se' does not match '^https?://[^/?#\\\\s]+'",
        "connectors.drop:/: Additional properties are not allowed ('colour' was unexpected)",
        "connectors.nodrop:/: 'directory' is a required property",
        "connectors.mystery: Unknown connector type 'carrier-pigeon' "
        "(known: earchive, email, filedrop, inbox, webhook).",
        'connectors.untyped: say which connector type this is, e.g. type = "webhook".',
    ]
    assert secret not in str(caught.value)


def test_checks_beyond_the_schema_name_the_instance(tmp_path: Path) -> None:
    short = "whsec_" + "QUJD" * 4  # 12 bytes: the spec asks for 24 to 64
    settings = make_settings(
        tmp_path, connectors={"kort": {"type": "webhook", "url": "https://x.se", "secret": short}}
    )
    with pytest.raises(
        ConfigurationError, match=r"^connectors\.kort: secret must decode to 24-64 bytes, not 12\.$"
    ):
        build_connectors(settings)


def test_instance_names_are_checked(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, connectors={"no spaces": {"type": "filedrop", "directory": "x"}})
    with pytest.raises(ConfigurationError, match=r"connectors\.no spaces: the name may hold"):
        build_connectors(settings)


def test_build_with_an_injected_registry(tmp_path: Path) -> None:
    fresh = ConnectorRegistry()
    fresh.load_module("tests.connectors.sample_connector")
    settings = make_settings(tmp_path, connectors={"eko": {"type": "echo", "prefix": "E-"}})
    built = build_connectors(settings, registry=fresh)
    delivery = Delivery(idempotency_key="k" * 32, attempt=1, case_reference="BLK-2026-000001")
    assert asyncio.run(built["eko"].deliver({}, delivery)) == Delivered("E-BLK-2026-000001")
    assert repr(built["eko"]) == "<EchoConnector 'eko'>"


def test_the_inbox_connector_takes_cases_up_to_confidentiality_3() -> None:
    import asyncio

    from blankett.connectors import ConnectorRejected, Delivered, Delivery
    from blankett_connectors.inbox import InboxConnector

    connector = InboxConnector("inkorg", {}, None)  # type: ignore[arg-type]
    delivery = Delivery("key", 1, "BLK-2026-000001")
    envelope = {"case": {"reference": "BLK-2026-000001"}, "classification": {"confidentiality": 3}}
    assert asyncio.run(connector.deliver(envelope, delivery)) == Delivered(external_id=None)
    with pytest.raises(ConnectorRejected):
        asyncio.run(connector.deliver({**envelope, "classification": {"confidentiality": 4}}, delivery))
