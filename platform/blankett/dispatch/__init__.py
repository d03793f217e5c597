"""Reliable delivery: the outbox worker that hands filed cases to connectors.

The submit transaction writes one ``OutboxRow`` per route beside the case; the worker claims due
rows, delivers them outside any transaction, and records the outcome (delivered, retry later
with backoff, or parked for a person). ``commands`` is the ``blankett deliveries`` command.
"""

from .outbox import Claim, claim_due, record_result, release, retry_delay
from .worker import attempt, deliver_due, new_worker_id, run_worker

__all__ = [
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
