"""The delivery worker: claim due outbox rows, hand each case to its connector, record the outcome.

Run it with ``blankett worker`` (or inside ``blankett serve``); any number may run at once
against the same database. Each pass also sends due notifications to citizens (blankett.notify). Delivery is at least once: a case whose worker died mid-delivery is
delivered again with the same idempotency key, which receivers use to drop the repeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import signal
import socket
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..connectors import (
    Connector,
    ConnectorMisconfigured,
    ConnectorRegistry,
    ConnectorRejected,
    ConnectorUnavailable,
    Delivered,
    Delivery,
    DeliveryResult,
    NeedsPerson,
    RetryLater,
    build_connectors,
)
from ..notify import Notifier
from ..security import PurgeSchedule
from .outbox import Claim, attachment_reader, claim_due, clean_error, record_result, release

if TYPE_CHECKING:
    from ..db import Database
    from ..settings import Settings

logger = logging.getLogger("blankett.dispatch")

BATCH_SIZE = 8  # deliveries in flight at once per worker
STOP_GRACE_SECONDS = 3.0  # how long a stopping worker lets deliveries in flight finish


def new_worker_id() -> str:
    """Unique per worker run: host, process and a random part (a restarted process is a new worker)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


async def deliver_due(
    settings: Settings,
    db: Database,
    connectors: Mapping[str, Connector[Any]],
    worker_id: str,
    *,
    limit: int = BATCH_SIZE,
) -> int:
    """One pass: claim up to ``limit`` due rows, deliver them concurrently, record each outcome.

    Returns how many rows were claimed (0: nothing was due).
    """
    claims = await claim_due(db, settings, worker_id, connectors.keys(), limit)
    outcomes = await asyncio.gather(
        *(_deliver_one(settings, db, connectors[claim.connector], claim, worker_id) for claim in claims),
        return_exceptions=True,
    )
    for claim, outcome in zip(claims, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            # Recording failed (database gone?); the lease runs out and the row is tried again.
            logger.error("Could not record delivery of outbox row %s.", claim.outbox_id, exc_info=outcome)
    return len(claims)


async def _deliver_one(
    settings: Settings, db: Database, connector: Connector[Any], claim: Claim, worker_id: str
) -> None:
    try:
        result = await attempt(settings, connector, claim, read_attachment=attachment_reader(db, claim.case_id))
    except asyncio.CancelledError:
        # The worker is stopping: give the row back now rather than when the lease runs out.
        await release(db, claim, worker_id, "The worker stopped during delivery.")
        raise
    await record_result(db, settings, claim, worker_id, result)
    _log_outcome(claim, result)


async def attempt(
    settings: Settings, connector: Connector[Any], claim: Claim,
    *, read_attachment: Callable[[str], Awaitable[bytes]] | None = None,
) -> DeliveryResult:
    """Run one delivery and turn whatever happens into a result; never raises (but cancellation)."""
    if claim.envelope is None:
        return RetryLater(claim.problem or "No case envelope.")
    refusal = _clearance_refusal(connector, claim.envelope)
    if refusal:
        return NeedsPerson(refusal)
    delivery = Delivery(
        idempotency_key=claim.idempotency_key, attempt=claim.attempts, case_reference=claim.case_reference,
        read_attachment=read_attachment,
    )
    timeout = settings.delivery_timeout_seconds
    try:
        async with asyncio.timeout(timeout):
            if claim.record:
                result = await _deliver_record(connector, claim.envelope, delivery)
            else:
                result = await connector.deliver(claim.envelope, delivery)
    except TimeoutError:
        return RetryLater(f"No result from connector {claim.connector!r} within {timeout:g} s.")
    except ConnectorUnavailable as exc:
        return RetryLater(str(exc))
    except (ConnectorRejected, ConnectorMisconfigured) as exc:
        return NeedsPerson(str(exc))
    except Exception as exc:  # a bug or an untranslated library error: keep the case, retry
        logger.exception(
            "Connector %r failed on outbox row %s (case %s).",
            claim.connector,
            claim.outbox_id,
            claim.case_reference,
        )
        return RetryLater(f"{type(exc).__name__}: {exc}")
    if not isinstance(result, Delivered | RetryLater | NeedsPerson):
        logger.error("Connector %r returned %r, not a DeliveryResult.", claim.connector, type(result))
        return RetryLater(f"Connector returned {type(result).__name__}, not a delivery result.")
    return result


async def _deliver_record(connector: Connector[Any], record: dict[str, Any], delivery: Delivery) -> DeliveryResult:
    if not connector.takes_records:  # the settings changed since the record was queued
        return NeedsPerson(
            f"Connector {connector.name!r} ({connector.id}) does not take records; the case system reads "
            "them through the case API. Delete the delivery or route to a connector that takes records."
        )
    return await connector.deliver_record(record, delivery)


def _clearance_refusal(connector: Connector[Any], envelope: Mapping[str, Any]) -> str | None:
    # The catalogue refuses such routes at start-up; this is the last line of defence.
    level = (envelope.get("classification") or {}).get("confidentiality")
    if not isinstance(level, int):
        return "The case has no confidentiality rating; refusing to deliver it."
    if level > connector.max_confidentiality:
        return (
            f"The case is rated K{level} but connector {connector.name!r} ({connector.id}) may carry "
            f"at most K{connector.max_confidentiality}."
        )
    return None


def _log_outcome(claim: Claim, result: DeliveryResult) -> None:
    where = (
        f"case {claim.case_reference} to {claim.connector!r} "
        f"(outbox row {claim.outbox_id}, attempt {claim.attempts})"
    )
    if isinstance(result, Delivered):
        logger.info("Delivered %s.", where)
    else:
        logger.warning("Not delivered %s: %s", where, clean_error(result.reason))


async def run_worker(
    settings: Settings, db: Database, stop: asyncio.Event, *, registry: ConnectorRegistry | None = None
) -> None:
    """Deliver until ``stop`` is set. Builds the connectors from the settings and closes them.

    Run alone (``blankett worker``) it also stops on SIGTERM; inside a server that handles its
    own signals, the server sets ``stop``.
    """
    connectors = build_connectors(settings, registry)
    worker_id = new_worker_id()
    names = ", ".join(sorted(connectors)) or "none"
    logger.info("Delivery worker %s started with connectors %s.", worker_id, names)
    if settings.delivery_lease_seconds <= settings.delivery_timeout_seconds:
        logger.warning(
            "delivery_lease_seconds (%g) is not above delivery_timeout_seconds (%g): a slow delivery "
            "may be taken over and made twice (receivers drop the repeat by its webhook-id).",
            settings.delivery_lease_seconds,
            settings.delivery_timeout_seconds,
        )
    undo_signal = _stop_on_sigterm(stop)
    purge = PurgeSchedule(settings, db)  # retention purge every purge_interval_minutes
    notifier = Notifier(settings, db, worker_id)  # notifications to citizens (blankett.notify)
    try:
        while not stop.is_set():
            await purge.run_if_due()
            busy = await _one_pass(settings, db, connectors, worker_id, stop)
            busy = await notifier.run_once() or busy
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), settings.worker_poll_seconds)
    finally:
        undo_signal()
        await _close(connectors)
        logger.info("Delivery worker %s stopped.", worker_id)


async def _one_pass(
    settings: Settings,
    db: Database,
    connectors: Mapping[str, Connector[Any]],
    worker_id: str,
    stop: asyncio.Event,
) -> bool:
    work = asyncio.create_task(deliver_due(settings, db, connectors, worker_id))
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({work, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not work.done():
            # Told to stop mid-pass: a moment for deliveries to finish, then they are handed back.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(work), STOP_GRACE_SECONDS)
    finally:
        stopping.cancel()
        if not work.done():
            work.cancel()
            await asyncio.gather(work, return_exceptions=True)
    if work.cancelled():
        return False
    if (error := work.exception()) is not None:
        logger.error("Delivery pass failed; trying again shortly.", exc_info=error)
        return False
    return work.result() > 0


def _stop_on_sigterm(stop: asyncio.Event) -> Callable[[], None]:
    """Set ``stop`` on SIGTERM unless someone else (a server) already handles that signal."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return lambda: None
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError):  # pragma: no cover - platforms without it
        return lambda: None

    def undo() -> None:
        loop.remove_signal_handler(signal.SIGTERM)

    return undo


async def _close(connectors: Mapping[str, Connector[Any]]) -> None:
    for name, connector in connectors.items():
        try:
            await connector.aclose()
        except Exception:
            logger.exception("Closing connector %r failed.", name)
