"""The case chores of the ``blankett`` command:

    blankett cases verify REFERENCE

Output names the case, the method and the hashes, never answers or who submitted them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .. import audit
from ..db import Case, Database
from ..errors import ProtectedDataError
from ..security import case_controls, read_case
from ..security.commands import cli_actor, run
from ..security.keyring import bind_keyring, keyring_from_settings
from ..security.policy import policy_for
from .signing import Verdict, check_signature

if TYPE_CHECKING:
    from ..settings import Settings


def add_commands(sub: Any, settings_from: Callable[[argparse.Namespace], Settings]) -> None:
    """Add ``cases`` to the ``blankett`` parser's subparsers."""
    cases = sub.add_parser("cases", help="filed cases: check their signatures")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)
    verify = cases_sub.add_parser(
        "verify", help="check that a signed case's stored answers still match its signature; exit 1 if not"
    )
    verify.add_argument("reference", metavar="REFERENCE", help="the case reference, such as BLK-2026-000001")
    verify.set_defaults(
        func=lambda args: run(settings_from(args), lambda s, db: verify_case(s, db, args.reference))
    )


async def verify_case(settings: Settings, db: Database, reference: str) -> int:
    """Open the case (an audited read), recompute the signed hash, say whether it matches."""
    keyring = keyring_from_settings(settings)
    bind_keyring(db, keyring)
    actor = cli_actor()
    async with db.session() as session:
        case = await session.scalar(select(Case).where(Case.reference == reference))
        if case is None:
            print(f"No case {reference}.")
            return 1
        try:
            contents = await read_case(
                session, case, keyring=keyring, controls=case_controls(case, policy_for(settings)),
                actor=actor, purpose="cases verify",
            )
            verdict = check_signature(case.signature, contents)
        except ProtectedDataError as exc:
            verdict = Verdict(False, f"the stored answers cannot be opened: {exc}")
        await audit.record(session, actor, "case.verified", case_id=case.id, ok=verdict.ok)
    print(f"{reference}: {'OK' if verdict.ok else 'FAILED'}: {verdict.reason}")
    return 0 if verdict.ok else 1
