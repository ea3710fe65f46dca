"""A real FairPlanner server for tests that need the whole process: its own database (migrated
by the real migrations, demo loaded by the `fairplanner` command), served by uvicorn in a child
process that a test can kill (SIGKILL) and start again. Door phones are paired through the
real pairing link, as an organiser's QR code would do it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from tortoise.context import TortoiseContext

from fairplanner.export import tokens
from fairplanner.models import Fair, Person, Registration, Ticket
from fairplanner.models.checkin import CheckInList, DoorRole
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.services import demo, door
from fairplanner.settings import tortoise_config
from tests import databases
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[1]
SECRET_KEY = "live-secret-" + "z" * 32


@dataclass
class LiveServer:
    database_url: str
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAIRPLANNER_")}
        env.update(
            FAIRPLANNER_ENV="test",
            FAIRPLANNER_DATABASE_URL=self.database_url,
            FAIRPLANNER_DATA_DIR=str(self.workdir),
            FAIRPLANNER_SECRET_KEY=SECRET_KEY,
            FAIRPLANNER_LOG_LEVEL="WARNING",
            PYTHONPATH=str(REPO),
        )
        return env

    def command(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "fairplanner", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> None:
        log = (self.workdir / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "fairplanner.app:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped: {self.log()}")
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the server did not start in 30 s: {self.log()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing, no goodbye, as when the power goes."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None

    def log(self) -> str:
        path = self.workdir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Read the server's database directly (for checks: what is really stored)."""
        if self.database_url.startswith("sqlite"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite://")) as conn:
                return conn.execute(sql).fetchall()
        return databases.run_in_thread(_pg_query(self.database_url, sql))

    def pair_phone(self, *, role: DoorRole = DoorRole.STEWARD, label: str = "Test phone") -> Phone:
        """A door phone for the demo fair's main entrance, paired through its one-time link."""
        token = databases.run_in_thread(_pairing_token(self.database_url, role, label))
        client = httpx.Client(base_url=self.base, timeout=30)
        link = f"/door/pair/{token}"
        page = client.get(link)
        assert page.status_code == 200, page.text
        done = client.post(link, data={"csrftoken": client.cookies["csrftoken"], "pin": ""})
        assert done.status_code == 303, done.text
        return Phone(client)


@dataclass
class Phone:
    client: httpx.Client

    @property
    def csrf(self) -> str:
        return str(self.client.cookies["csrftoken"])

    @property
    def cookies(self) -> dict[str, str]:
        return {name: str(self.client.cookies[name]) for name in self.client.cookies}

    def scan(self, code: str, nonce: str) -> httpx.Response:
        return self.client.post(
            "/door/api/redeem",
            json={"code": code, "nonce": nonce},
            headers={"x-csrftoken": self.csrf},
        )


async def _pg_query(url: str, sql: str) -> list[tuple[Any, ...]]:
    params = databases._server_params(url)
    params["database"] = url.split("?", 1)[0].rsplit("/", 1)[1]
    conn = await asyncpg.connect(**params)
    try:
        return [tuple(r) for r in await conn.fetch(sql)]
    finally:
        await conn.close()


async def _pairing_token(url: str, role: DoorRole, label: str) -> str:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        fair = await Fair.all().order_by("id").first()  # the demo fair: the only one
        assert fair is not None
        organiser = await Person.get(email=demo.ORGANISER_EMAIL)
        main = await CheckInList.get(fair_id=fair.id, name="Main entrance")
        _, token = await door.pair_device(
            fair=fair, checkin_list=main, label=label, role=role, hours=8, pin="", by=organiser
        )
        return token


async def _add_tickets(url: str, count: int, prefix: str) -> list[str]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        fair = await Fair.all().order_by("id").first()
        assert fair is not None
        await Registration.bulk_create(
            [
                Registration(
                    fair=fair,
                    name=f"{prefix} {n}",
                    email=f"{prefix.lower()}{n}@example.org",
                    source=RegistrationSource.ONLINE,
                    status=RegistrationStatus.BOOKED,
                    submission_key=f"{prefix}-{n}",
                )
                for n in range(count)
            ],
            batch_size=500,
        )
        made = await Registration.filter(fair_id=fair.id, submission_key__startswith=f"{prefix}-")
        await Ticket.bulk_create(
            [
                Ticket(
                    fair=fair,
                    registration_id=r.id,
                    secret=tokens.ticket_secret(),
                    reference=tokens.typed_code(10),
                    door_name=f"{r.name[:20]}.",
                    kind="attendee",
                    lead=True,
                )
                for r in made
            ],
            batch_size=500,
        )
        return list(
            await Ticket.filter(registration__submission_key__startswith=f"{prefix}-").values_list(
                "secret", flat=True
            )
        )


def add_tickets(server: LiveServer, count: int, prefix: str = "Load") -> list[str]:
    """`count` more booked tickets in the demo fair (bulk, for load); returns their secrets."""
    return databases.run_in_thread(_add_tickets(server.database_url, count, prefix))


@contextmanager
def live_server(workdir: Path, name: str) -> Iterator[LiveServer]:
    """A migrated database with the demo fair, and its server (started)."""
    url = databases.run_in_thread(databases.migrated_database(workdir, name))
    server = LiveServer(database_url=url, workdir=workdir)
    server.command("demo")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def ticket_secrets(server: LiveServer) -> list[str]:
    """The QR secrets of the demo fair's booked lead tickets."""
    rows = server.query(
        "SELECT t.secret FROM ticket t JOIN registration r ON r.id = t.registration_id "
        "WHERE r.status = 'booked' ORDER BY t.id"
    )
    return [str(secret) for (secret,) in rows]
