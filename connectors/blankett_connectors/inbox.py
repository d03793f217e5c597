"""``inbox``: hand the case to Blankett's own handler inbox, for municipalities without a case
system.

Settings::

    [connectors.inkorg]
    type = "inbox"

The inbox (``/handlaggning``) reads cases from the platform's own tables, so there is nothing
to send: delivering is the moment the case enters the inbox. The inbox lists a case once its
delivery to an ``inbox`` instance is recorded, which is what makes the case reach handling
reliably and exactly once, like any other connector. Staff with the handler role for the
service (``handler:<service-id>``) then work with it there.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypedDict

from blankett.connectors import Connector, ConnectorRejected, Delivered, Delivery, DeliveryResult, register

CONNECTOR_ID = "inbox"


class InboxOptions(TypedDict):
    pass


@register
class InboxConnector(Connector[InboxOptions]):
    """Cases go to the built-in handler inbox; see the module docstring."""

    id = CONNECTOR_ID
    label = "Built-in handler inbox (inkorg)"
    max_confidentiality = 3  # the data never leaves the platform and its encryption at rest
    options_schema: ClassVar[dict[str, Any]] = {"type": "object", "additionalProperties": False, "properties": {}}

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        level = (envelope.get("classification") or {}).get("confidentiality")
        if not isinstance(level, int) or isinstance(level, bool) or level > self.max_confidentiality:
            raise ConnectorRejected(f"The inbox may hold cases up to confidentiality {self.max_confidentiality}.")
        # No id of its own: in the inbox, handlers and citizens share the case reference.
        return Delivered(external_id=None)
