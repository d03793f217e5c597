"""The ``blankett`` command: serve, worker, db upgrade, deliveries, keys, purge, audit, classification, cases."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from .errors import BlankettError
from .settings import Settings, load_settings

logger = logging.getLogger("blankett")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(Path(args.config) if args.config else None)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .db import upgrade
    from .observability import configure_logging

    settings = _settings(args)
    configure_logging(settings)
    upgrade(settings.database_url)
    logger.info("Blankett at %s (%s)", settings.base_url, settings.environment)
    host = args.host or settings.host
    port = args.port or settings.port
    if args.reload:
        # uvicorn's reloader imports the app by name in a fresh process; the factory reads the
        # same settings (config path passed through the environment).
        import os

        if args.config:
            os.environ["BLANKETT_CONFIG"] = args.config
        uvicorn.run(
            "blankett.app:create_app", factory=True, host=host, port=port, reload=True,
            reload_dirs=[str(settings.forms_dir), str(settings.services_dir), str(Path(__file__).parent)],
            reload_includes=["*.py", "*.json", "*.toml", "*.html"],
        )
    else:
        from .app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from .db import Database, upgrade
    from .dispatch import run_worker
    from .observability import configure_logging

    settings = _settings(args)
    configure_logging(settings)
    upgrade(settings.database_url)

    from .security import bind_keyring, keyring_from_settings, policy_for

    policy_for(settings)  # refuse to start on a policy_file weaker than the shipped policy
    keyring = keyring_from_settings(settings)

    async def main() -> None:
        db = Database(settings.database_url)
        bind_keyring(db, keyring)  # the worker decrypts sealed cases to build their envelopes
        stop = asyncio.Event()
        try:
            await run_worker(settings, db, stop)
        finally:
            await db.dispose()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from .db import upgrade

    settings = _settings(args)
    upgrade(settings.database_url)
    print("Database is up to date.")
    return 0


def cmd_deliveries(args: argparse.Namespace) -> int:
    from .dispatch import commands

    return commands.run(_settings(args), args)


def cmd_forms_check(args: argparse.Namespace) -> int:
    from .formengine.check import check_services

    settings = _settings(args)
    if args.forms_command == "publish":
        paths, update = [settings.forms_dir / f"{args.id}.json"], True
    else:
        paths = [Path(p) for p in args.paths] or [settings.forms_dir, settings.services_dir]
        update = args.update_lock
    report = check_services(paths, settings.forms_dir, settings.services_dir, update_lock=update)
    for file, pointer, message in report.problems:
        print(f"{file}:{pointer or '/'}: {message}")
    for entry in report.recorded:
        print(f"Recorded {entry} as published.")
    if report.problems:
        print(f"{len(report.problems)} problem(s) in {len(report.checked)} service(s).", file=sys.stderr)
        return 1
    print(f"{len(report.checked)} service(s) checked, no problems.")
    return 0


def cmd_forms_new(args: argparse.Namespace) -> int:
    from .formengine.scaffold import scaffold

    settings = _settings(args)
    form, service = scaffold(args.id, settings.forms_dir, settings.services_dir)
    print(f"Created {form} and {service}. Have the service classified, then run `blankett forms check`.")
    return 0


def _add_forms(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = sub.add_parser("forms", help="check and scaffold form definitions")
    forms_sub = forms.add_subparsers(dest="forms_command", required=True)
    check = forms_sub.add_parser("check", help="report every problem as file:JSON-pointer: message")
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the forms and services folders)"
    )
    check.add_argument("--update-lock", action="store_true", help="record the checked versions as published")
    check.set_defaults(func=cmd_forms_check)
    publish = forms_sub.add_parser("publish", help="check one service and record its version as published")
    publish.add_argument("id")
    publish.set_defaults(func=cmd_forms_check)
    new = forms_sub.add_parser("new", help="scaffold forms/ID.json and config/services/ID.toml")
    new.add_argument("id", help="the service id: lower-case letters, digits and '-'")
    new.set_defaults(func=cmd_forms_new)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="blankett", description="Blankett e-service platform")
    parser.add_argument("--config", help="settings file (default config/blankett.toml)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web app (and the delivery worker)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--reload", action="store_true", help="restart when code, forms or services change")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the delivery worker alone")
    worker.set_defaults(func=cmd_worker)

    db = sub.add_parser("db", help="database chores")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations").set_defaults(func=cmd_db_upgrade)

    deliveries = sub.add_parser("deliveries", help="list parked deliveries, re-queue them")
    from .dispatch.commands import add_arguments

    add_arguments(deliveries)
    deliveries.set_defaults(func=cmd_deliveries)

    _add_forms(sub)

    from .security.commands import add_commands

    add_commands(sub, _settings)  # keys, purge, audit verify, classification report

    from .cases.commands import add_commands as add_case_commands

    add_case_commands(sub, _settings)  # cases verify
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BlankettError as exc:
        print(f"blankett: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
