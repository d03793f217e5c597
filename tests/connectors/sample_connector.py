"""A connector package as a third party would ship it, loaded in tests through an entry point."""

from __future__ import annotations

from typing import Any, ClassVar, TypedDict

from blankett.connectors import Connector, ConnectorRegistry, Delivered, Delivery, DeliveryResult

# Its own registry, so that importing this module leaves the process-wide default untouched;
# ``load_module`` finds the class all the same.
local_registry = ConnectorRegistry()


class EchoOptions(TypedDict):
    prefix: str


@local_registry.register
class EchoConnector(Connector[EchoOptions]):
    """Delivers nowhere; the external id is the prefix and the case reference."""

    id = "echo"
    label = "Echo"
    max_confidentiality = 0
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "required": ["prefix"],
        "properties": {"prefix": {"type": "string"}},
        "additionalProperties": False,
    }

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        return Delivered(external_id=self.options["prefix"] + delivery.case_reference)


class NotRegistered(EchoConnector):
    """Has its own id but no decorator: loading the module must not pick it up."""

    id = "echo-unregistered"
