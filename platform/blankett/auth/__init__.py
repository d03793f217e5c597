"""Login through OpenID Connect: the relying party, the person it yields, levels of assurance."""

from .claims import CLAIM_PROFILES, ClaimProfile
from .clientauth import client_jwks
from .identity import Identity
from .loa import (
    EIDAS_HIGH,
    EIDAS_LOW,
    EIDAS_NF_HIGH,
    EIDAS_NF_LOW,
    EIDAS_NF_SUBSTANTIAL,
    EIDAS_SUBSTANTIAL,
    EU_HIGH,
    EU_LOW,
    EU_SUBSTANTIAL,
    LOA2,
    LOA3,
    LOA4,
    all_loa_uris,
    known_loa_uris,
    loa_rank,
    loa_uri,
    loa_uris_at_least,
)
from .oidc import OidcClient
from .provider_config import provider_configs
from .providers import Provider, Providers
from .roles import ADMIN, AUTHOR, handled_services, handles, is_staff

__all__ = [
    "ADMIN",
    "AUTHOR",
    "CLAIM_PROFILES",
    "EIDAS_HIGH",
    "EIDAS_LOW",
    "EIDAS_NF_HIGH",
    "EIDAS_NF_LOW",
    "EIDAS_NF_SUBSTANTIAL",
    "EIDAS_SUBSTANTIAL",
    "EU_HIGH",
    "EU_LOW",
    "EU_SUBSTANTIAL",
    "LOA2",
    "LOA3",
    "LOA4",
    "ClaimProfile",
    "Identity",
    "OidcClient",
    "Provider",
    "Providers",
    "all_loa_uris",
    "client_jwks",
    "handled_services",
    "handles",
    "is_staff",
    "known_loa_uris",
    "loa_rank",
    "loa_uri",
    "loa_uris_at_least",
    "provider_configs",
]
