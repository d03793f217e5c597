"""An independent, certified OpenID provider (npm ``oidc-provider``) for tests, on loopback."""

from .node import PERSONS, NodeProvider, choose, confirm_logout, missing_parts, requested, running_provider

__all__ = [
    "PERSONS",
    "NodeProvider",
    "choose",
    "confirm_logout",
    "missing_parts",
    "requested",
    "running_provider",
]
