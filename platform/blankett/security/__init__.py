"""Security classification and the protection it decides.

* ``classification``  KLASSA levels, a service's ``Classification``, refusals at load
* ``policy``          the level → ``Controls`` table (config/policy.toml, tightened by ``policy_file``)
* ``keyring``/``crypto``  master keys and AES-256-GCM envelope encryption
* ``protection``      storing and reading case and draft data as the controls demand, and
                      sealing persons' identity numbers
* ``rotation``, ``purge``, ``report``  the ``blankett keys | purge | classification`` chores
"""

from .classification import (
    ASPECTS,
    LEVEL_NAMES,
    Classification,
    Level,
    check_classification,
    check_personal_data,
    ratings_of,
)
from .crypto import Sealed, blind_index, rewrap, seal, unseal
from .keyring import Keyring, bind_keyring, bound_keyring, keyring_for, keyring_from_settings, new_key_entry
from .policy import SHIPPED_POLICY, Controls, Policy, controls_for, load_policy, policy_for
from .protection import (
    CaseContents,
    case_controls,
    open_case,
    open_draft,
    read_case,
    read_number,
    seal_number,
    store_case,
    store_draft,
)
from .purge import PurgeReport, PurgeSchedule, purge
from .rotation import RotationReport, key_usage, rotate

__all__ = [
    "ASPECTS",
    "LEVEL_NAMES",
    "SHIPPED_POLICY",
    "CaseContents",
    "Classification",
    "Controls",
    "Keyring",
    "Level",
    "Policy",
    "PurgeReport",
    "PurgeSchedule",
    "RotationReport",
    "Sealed",
    "bind_keyring",
    "blind_index",
    "bound_keyring",
    "case_controls",
    "check_classification",
    "check_personal_data",
    "controls_for",
    "key_usage",
    "keyring_for",
    "keyring_from_settings",
    "load_policy",
    "new_key_entry",
    "open_case",
    "open_draft",
    "policy_for",
    "purge",
    "ratings_of",
    "read_case",
    "read_number",
    "rewrap",
    "rotate",
    "seal",
    "seal_number",
    "store_case",
    "store_draft",
    "unseal",
]
