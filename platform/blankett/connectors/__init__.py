"""The connector contract: the way cases leave the platform (connectors' side of the fence).

Implementations live in ``blankett_connectors`` (built-in) or in separately installed packages
(entry-point group ``blankett.connectors``); they import only from this facade and from
``blankett.errors``. See ``Connector`` for how to write one.
"""

from ..errors import ConnectorMisconfigured, ConnectorRejected, ConnectorUnavailable
from .base import Connector, Delivered, Delivery, DeliveryResult, NeedsPerson, RetryLater
from .registry import (
    BUILTIN_CONNECTORS,
    ENTRY_POINT_GROUP,
    ConnectorRegistry,
    build_connectors,
    check_options,
    connector_types,
    register,
    registry,
)

__all__ = [
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
]
