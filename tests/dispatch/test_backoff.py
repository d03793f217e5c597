from __future__ import annotations

import random

import blankett.dispatch
from blankett.dispatch import retry_delay


def test_facade_exports() -> None:
    assert blankett.dispatch.__all__ == [
        "Claim",
        "attempt",
        "claim_due",
        "deliver_due",
        "new_worker_id",
        "record_result",
        "release",
        "retry_delay",
        "run_worker",
    ]


def test_full_jitter_stays_below_the_exponential_cap() -> None:
    random.seed(2026)
    for attempts, cap in [(1, 5.0), (2, 10.0), (3, 20.0), (8, 640.0), (12, 3600.0), (40, 3600.0)]:
        delays = [retry_delay(attempts, 5.0, 3600.0) for _ in range(500)]
        assert all(0 <= delay <= cap for delay in delays), attempts
        assert max(delays) > cap * 0.9  # spread over the whole range ...
        assert min(delays) < cap * 0.1  # ... not bunched at the cap


def test_no_base_means_no_wait() -> None:
    assert retry_delay(5, 0.0, 3600.0) == 0.0
