"""The `fairplanner` command: serve, migrate, create-organiser, demo, backup, restore, send-mail,
send-reminders, notify, purge."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from fairplanner.errors import ConfigurationError, DomainError
from fairplanner.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.run(settings, args) or 0)
    except (ConfigurationError, DomainError) as exc:
        print(f"fairplanner: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fairplanner", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="command")

    serve = sub.add_parser("serve", help="check the database, then serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)

    org = sub.add_parser("create-organiser", help="create an organisation admin")
    org.add_argument("--organisation", required=True)
    org.add_argument("--name", required=True)
    org.add_argument("--email", required=True)
    org.set_defaults(run=_create_organiser)

    demo = sub.add_parser("demo", help="load the demo fair")
    demo.add_argument("--if-new", action="store_true", help="only when the database is empty")
    demo.set_defaults(run=_demo)

    backup = sub.add_parser("backup", help="copy the database to a file")
    backup.add_argument("--to", type=Path, default=None)
    backup.set_defaults(run=_backup)

    restore = sub.add_parser("restore", help="put a backup into an empty database")
    restore.add_argument("backup", type=Path)
    restore.set_defaults(run=_restore)

    sub.add_parser(
        "send-mail", help="send queued e-mail by SMTP and queued texts by the SMS gateway"
    ).set_defaults(run=_send_mail)

    sub.add_parser(
        "send-reminders",
        help="remind volunteers of shifts within a day (once each); pass on lapsed shift offers",
    ).set_defaults(run=_send_reminders)

    notify = sub.add_parser(
        "notify", help="send planning reminders and digests (run it every hour, from cron)"
    )
    notify.add_argument(
        "--digest-hour",
        type=int,
        default=8,
        choices=range(24),
        metavar="HOUR",
        help="send daily digests from this hour, in each fair's time zone (default 8)",
    )
    notify.set_defaults(run=_notify)

    purge = sub.add_parser(
        "purge", help="delete attendees' personal data FAIRPLANNER_RETENTION_DAYS after each fair"
    )
    purge.set_defaults(run=_purge)
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database

    missing = asyncio.run(database.missing_migrations())
    if missing:
        raise ConfigurationError(
            "The models have changes with no migration file: run `make migrations` and commit the file."
        )
    pending = asyncio.run(database.unapplied_migrations(settings.database_url))
    if pending:
        raise ConfigurationError(
            f"The database needs {len(pending)} migration(s): run `fairplanner migrate` (make run does this)."
        )
    if settings.is_sqlite and args.workers > 1:
        print(
            "fairplanner: SQLite takes one writer at a time; use PostgreSQL for more workers.",
            file=sys.stderr,
        )
    import uvicorn

    print(
        f"FairPlanner is running at http://{args.host}:{args.port} (press Ctrl+C to stop)",
        flush=True,
    )
    uvicorn.run(
        "fairplanner.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        proxy_headers=True,
    )
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database

    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    applied = asyncio.run(database.apply_migrations(settings.database_url))
    for name in applied:
        print(f"Applied {name}")
    print("The database is up to date.")
    return 0


def _create_organiser(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database
    from fairplanner.services.organisations import create_organiser

    password = os.environ.get("FAIRPLANNER_ORGANISER_PASSWORD") or getpass.getpass("Password: ")

    async def run() -> None:
        async with database.connected(settings.database_url):
            await create_organiser(
                organisation_name=args.organisation,
                name=args.name,
                email=args.email,
                password=password,
            )

    asyncio.run(run())
    print(
        f"{args.name} can now sign in with {args.email} and create fairs for {args.organisation}."
    )
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database
    from fairplanner.services import demo

    async def run() -> bool:
        async with database.connected(settings.database_url):
            if args.if_new and await demo.is_loaded():
                return False
            await demo.load_demo()
            return True

    if asyncio.run(run()):
        print("The demo fair is loaded.")
    print(f"Demo sign-in: {demo.ORGANISER_EMAIL} with password {demo.DEMO_PASSWORD}")
    return 0


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import backups

    print(f"Backup written to {backups.backup(settings, args.to)}")
    return 0


def _restore(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import backups

    backups.restore(settings, args.backup)
    print(
        f"Restored {args.backup}. Run `fairplanner migrate` (it applies any migration the backup "
        "is older than), then start the app."
    )
    return 0


def _send_mail(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database
    from fairplanner.services.messaging import SmsGateway, deliver_texts
    from fairplanner.services.notifications import SmtpSettings, deliver_pending

    if not settings.smtp_host and not settings.sms_url:
        raise ConfigurationError(
            "Set FAIRPLANNER_SMTP_HOST to send e-mail (and FAIRPLANNER_SMS_URL to send texts)."
        )
    smtp = SmtpSettings(
        host=settings.smtp_host,
        port=settings.smtp_port,
        user=settings.smtp_user,
        password=settings.smtp_password,
        tls=settings.smtp_tls,
        sender=settings.mail_from,
    )

    async def run() -> tuple[int, int]:
        async with database.connected(settings.database_url):
            mails = await deliver_pending(smtp=smtp) if settings.smtp_host else 0
            texts = (
                await deliver_texts(gateway=SmsGateway(settings.sms_url, settings.sms_token))
                if settings.sms_url
                else 0
            )
            return mails, texts

    mails, texts = asyncio.run(run())
    print(f"Sent {mails} e-mail(s) and {texts} text(s).")
    return 0


def _send_reminders(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database
    from fairplanner.services.shift_reminders import send_due
    from fairplanner.services.signups import pass_on_expired_offers

    offer_url = settings.base_url.rstrip("/") + "/shift-offers/{token}"

    async def run() -> tuple[int, int]:
        async with database.connected(settings.database_url):
            lapsed = await pass_on_expired_offers(offer_url=offer_url)
            return await send_due(), lapsed

    sent, lapsed = asyncio.run(run())
    print(f"Sent {sent} shift reminder(s). Passed on {lapsed} waiting-list offer(s) that ran out.")
    return 0


def _notify(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database
    from fairplanner.services.planning_notices import send_due

    async def run() -> str:
        async with database.connected(settings.database_url):
            report = await send_due(base_url=settings.base_url, digest_hour=args.digest_hour)
        return (
            f"Queued {report.reminders_queued} closing-soon reminder(s). Sent "
            f"{report.digests} digest(s) and {report.single_messages} single message(s), "
            f"covering {report.notices_sent} notice(s)."
        )

    print(asyncio.run(run()))
    return 0


def _purge(settings: Settings, args: argparse.Namespace) -> int:
    from fairplanner import database
    from fairplanner.services.ratelimit import SPENT_AFTER_HOURS, forget_spent
    from fairplanner.services.retention import purge_after_fairs

    async def run() -> str:
        async with database.connected(settings.database_url):
            report = await purge_after_fairs(retention_days=settings.retention_days)
            spent = await forget_spent()
        return (
            f"Anonymised {report.registrations} booking(s) from {report.fairs} fair(s) that ended "
            f"more than {settings.retention_days} days ago, and deleted {report.messages} "
            f"message(s) to those bookers. Deleted {spent} rate-limit record(s) "
            f"(addresses) older than {SPENT_AFTER_HOURS} hours."
        )

    print(asyncio.run(run()))
    return 0
