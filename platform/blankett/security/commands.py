"""The security chores of the ``blankett`` command:

    blankett keys status | rotate [--batch-size N] | new ID
    blankett purge [--dry-run]
    blankett audit verify
    blankett classification report [--format markdown|csv]

Output names rows, keys and rules, never answers or who submitted them.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from .. import audit
from ..db import AuditEvent, Database
from .keyring import bind_keyring, keyring_from_settings, new_key_entry
from .policy import policy_for
from .purge import purge
from .report import report_csv, report_markdown
from .rotation import DEFAULT_BATCH_SIZE, SEALED, key_usage, rotate

if TYPE_CHECKING:
    from ..settings import Settings

SettingsFrom = Callable[[argparse.Namespace], "Settings"]


def add_commands(sub: Any, settings_from: SettingsFrom) -> None:
    """Add the subcommands to the ``blankett`` parser's subparsers."""
    keys = sub.add_parser("keys", help="master keys: status, rotation")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    keys_sub.add_parser("status", help="rows per master key").set_defaults(
        func=lambda args: run(settings_from(args), key_status)
    )
    rotate_parser = keys_sub.add_parser("rotate", help="re-wrap every data key under the active master key")
    rotate_parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    rotate_parser.set_defaults(
        func=lambda args: run(settings_from(args), lambda s, db: key_rotate(s, db, args))
    )
    new = keys_sub.add_parser("new", help="print a new master key entry for BLANKETT_MASTER_KEYS")
    new.add_argument("key_id")
    new.set_defaults(func=key_new)

    purge_parser = sub.add_parser("purge", help="retention purge: expired drafts and sessions, closed cases")
    purge_parser.add_argument("--dry-run", action="store_true", help="show what is due, change nothing")
    purge_parser.set_defaults(
        func=lambda args: run(settings_from(args), lambda s, db: run_purge(s, db, args))
    )

    audit_parser = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit_parser.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser(
        "verify", help="check the hash chain; exit 1 naming the first bad event"
    ).set_defaults(func=lambda args: run(settings_from(args), audit_verify))

    classification = sub.add_parser("classification", help="security classification of the services")
    c_sub = classification.add_subparsers(dest="classification_command", required=True)
    report = c_sub.add_parser("report", help="every service with its ratings and derived controls")
    report.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    report.set_defaults(func=lambda args: classification_report(settings_from(args), args.format))


def run(settings: Settings, action: Callable[[Settings, Database], Awaitable[int]]) -> int:
    async def main() -> int:
        db = Database(settings.database_url)
        try:
            return await action(settings, db)
        finally:
            await db.dispose()

    return asyncio.run(main())


def cli_actor() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        user = "unknown"
    return f"cli:{user}"[:100]


def key_new(args: argparse.Namespace) -> int:
    """Print ``id:<key>``; nothing is stored, so keep it where master keys are kept."""
    print(new_key_entry(args.key_id))
    return 0


async def key_status(settings: Settings, db: Database) -> int:
    keyring = keyring_from_settings(settings)
    print(f"Master keys configured: {', '.join(sorted(keyring.keys))}; active: {keyring.active}.")
    for table, counts in (await key_usage(db)).items():
        listed = ", ".join(f"{key_id} {n}" for key_id, n in sorted(counts.items())) or "none"
        print(f"{table}: {listed}")
    return 0


async def key_rotate(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    keyring = keyring_from_settings(settings)
    bind_keyring(db, keyring)
    report = await rotate(db, keyring, batch_size=max(1, args.batch_size), actor=cli_actor())
    for table in (columns.name for columns in SEALED):
        print(
            f"Re-wrapped {report.rewrapped[table]} {table} under master key {report.active!r}"
            + (
                f" ({report.changed_meanwhile[table]} re-sealed meanwhile)"
                if report.changed_meanwhile[table]
                else ""
            )
            + "."
        )
    if not report.complete:
        missing = ", ".join(f"{key_id} ({n} rows)" for key_id, n in sorted(report.unreadable.items()))
        print(f"Could not open data keys under: {missing}. Keep those master keys configured and run again.")
        return 1
    print("Every data key is now wrapped by the active master key; older keys may be removed.")
    return 0


async def run_purge(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    report = await purge(db, policy_for(settings), dry_run=args.dry_run)
    print("\n".join(report.lines()))
    return 0


async def audit_verify(settings: Settings, db: Database) -> int:
    async with db.session() as session:
        bad = await audit.verify_chain(session)
        count = int(await session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
    if bad is None:
        print(f"OK: the audit trail's {count} events form an unbroken chain.")
        return 0
    print(
        f"Audit trail broken at event {bad}: it was changed, moved, or an event before it was removed. "
        "Events before it are intact."
    )
    return 1


def classification_report(settings: Settings, fmt: str) -> int:
    from ..app import check_clearance  # the connector clearance check lives with the app wiring
    from ..catalog import load_catalog

    policy = policy_for(settings)
    catalog = check_clearance(
        load_catalog(settings.forms_dir, settings.services_dir, settings.connectors.keys(), policy), settings
    )
    if fmt == "csv":
        print(report_csv(sorted(catalog.services.values(), key=lambda s: s.id)), end="")
    else:
        print(report_markdown(catalog, policy.source), end="")
    return 0
