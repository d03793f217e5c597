"""The policy table: shipped defaults per level, and a municipality's file that may only tighten them."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from blankett import security
from blankett.errors import ConfigurationError
from blankett.security import Level, load_policy, policy_for
from blankett.settings import load_settings
from tests.conftest import ROOT


def ratings(k: int = 0, r: int = 0, t: int = 0, s: int = 0) -> dict[str, int]:
    return {"confidentiality": k, "integrity": r, "availability": t, "traceability": s}


def test_the_facade_exports_what_it_lists() -> None:
    assert all(hasattr(security, name) for name in security.__all__)
    for name in (
        "Controls",
        "Policy",
        "controls_for",
        "load_policy",
        "read_case",
        "Keyring",
        "rotate",
        "purge",
    ):
        assert name in security.__all__


def test_the_shipped_policy_is_the_config_file() -> None:
    assert security.SHIPPED_POLICY == ROOT / "config" / "policy.toml"


@pytest.mark.parametrize(
    ("k", "login", "encrypted", "audit_reads", "notification_content", "drafts_allowed"),
    [
        (0, 0, False, False, True, True),
        (1, 2, True, False, False, True),
        (2, 3, True, True, False, True),
        (3, 3, True, True, False, False),
    ],
)
def test_confidentiality_turns_on_controls(
    k: int, login: int, encrypted: bool, audit_reads: bool, notification_content: bool, drafts_allowed: bool
) -> None:
    controls = security.controls_for(ratings(k))
    assert controls.minimum_loa == login
    assert controls.anonymous_allowed is (k == 0)
    assert controls.encrypt_at_rest is encrypted
    assert controls.audit_reads is audit_reads
    assert controls.notification_content is notification_content
    assert controls.drafts_allowed is drafts_allowed


def test_stricter_levels_never_loosen_a_control() -> None:
    levels = [security.controls_for(ratings(k)) for k in range(4)]
    for lower, higher in itertools.pairwise(levels):
        assert higher.retention_days <= lower.retention_days
        assert higher.session_idle_minutes <= lower.session_idle_minutes
        assert higher.draft_lifetime_days <= lower.draft_lifetime_days
        assert higher.minimum_loa >= lower.minimum_loa


def test_integrity_decides_signing_and_traceability_audit() -> None:
    assert not security.controls_for(ratings(1, r=2)).signing_required
    assert security.controls_for(ratings(1, r=3)).signing_required
    assert not security.controls_for(ratings(1, s=2)).audit_reads
    assert security.controls_for(ratings(1, s=3)).audit_reads  # traceability 3 audits reads at K1 too


def test_a_municipality_may_tighten_the_policy(tmp_path: Path) -> None:
    own = tmp_path / "policy.toml"
    own.write_text('[confidentiality.1]\nminimum_loa = "loa3"\nretention_days = 20\naudit_reads = true\n')
    policy = load_policy(own)
    k1 = policy.controls_for(ratings(1))
    assert (k1.minimum_loa, k1.retention_days, k1.audit_reads) == (3, 20, True)
    # ... and from level 1 upwards: K2's shipped 30 days become 20 too.
    assert policy.controls_for(ratings(2)).retention_days == 20
    assert policy.controls_for(ratings(0)).minimum_loa == 0  # below the change, as shipped
    settings = load_settings(environ={"BLANKETT_VAR_DIR": str(tmp_path), "BLANKETT_POLICY_FILE": str(own)})
    assert policy_for(settings).controls_for(ratings(1)).retention_days == 20


@pytest.mark.parametrize(
    ("table", "key"),
    [
        (
            "[confidentiality.2]\nretention_days = 60\n",
            "confidentiality.2.retention_days = 60 is weaker than the shipped 30",
        ),
        (
            '[confidentiality.2]\nminimum_loa = "loa2"\n',
            'confidentiality.2.minimum_loa = "loa2" is weaker than the shipped "loa3"',
        ),
        (
            "[confidentiality.1]\nencrypt_at_rest = false\n",
            "confidentiality.1.encrypt_at_rest = false is weaker than the shipped true",
        ),
        (
            "[confidentiality.3]\ndrafts_allowed = true\n",
            "confidentiality.3.drafts_allowed = true is weaker than the shipped false",
        ),
        (
            "[integrity.3]\nsigning_required = false\n",
            "integrity.3.signing_required = false is weaker than the shipped true",
        ),
    ],
)
def test_a_weaker_value_is_refused_naming_the_key(tmp_path: Path, table: str, key: str) -> None:
    own = tmp_path / "policy.toml"
    own.write_text(table)
    with pytest.raises(ConfigurationError, match="may only make the shipped policy stricter") as refused:
        load_policy(own)
    assert key in str(refused.value)


def test_the_app_refuses_to_start_on_a_weaker_policy(tmp_path: Path) -> None:
    from blankett.app import create_app

    own = tmp_path / "policy.toml"
    own.write_text("[confidentiality.2]\naudit_reads = false\n")
    settings = load_settings(environ={"BLANKETT_VAR_DIR": str(tmp_path), "BLANKETT_POLICY_FILE": str(own)})
    with pytest.raises(ConfigurationError, match=r"confidentiality\.2\.audit_reads = false"):
        create_app(settings)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[secrecy.1]\naudit_reads = true\n", "secrecy: unknown aspect"),
        ("[confidentiality.7]\naudit_reads = true\n", "confidentiality.7: not a level"),
        ("[confidentiality.1]\nlog_everything = true\n", "confidentiality.1.log_everything: unknown control"),
        (
            '[confidentiality.1]\nretention_days = "a month"\n',
            "confidentiality.1.retention_days must be a whole number",
        ),
        (
            '[confidentiality.1]\nminimum_loa = "bankid"\n',
            'confidentiality.1.minimum_loa must be one of "anonymous"',
        ),
    ],
)
def test_a_broken_policy_file_says_what_is_wrong(tmp_path: Path, table: str, message: str) -> None:
    own = tmp_path / "policy.toml"
    own.write_text(table)
    with pytest.raises(ConfigurationError, match="is invalid") as refused:
        load_policy(own)
    assert message in str(refused.value)


def test_a_missing_policy_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist; check the setting policy_file"):
        load_policy(tmp_path / "nowhere.toml")


def test_a_shipped_table_without_a_level_0_value_is_refused(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped.toml"
    shipped.write_text("[confidentiality.1]\nencrypt_at_rest = true\n")
    with pytest.raises(ConfigurationError, match="no level-0 value for minimum_loa"):
        load_policy(shipped=shipped)


def test_levels_are_ordered_values() -> None:
    assert Level.SUBSTANTIAL > Level.MODERATE
    assert security.LEVEL_NAMES[Level.SERIOUS] == ("Allvarlig", "Serious")
