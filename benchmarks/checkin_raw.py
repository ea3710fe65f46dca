"""The raw baseline for benchmarks/checkin.py: Starlette and plain SQL (aiosqlite or asyncpg),
no ORM and no middleware, doing the same work per scan as the app's redeem API: look up the
device and its list, look up the ticket with its presence, then in one transaction store the
scan (unique per device and nonce) and insert the presence row (unique per list and ticket)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DEVICE = """SELECT d.id, d.expires_at, d.revoked_at, l.id AS list_id, l.fair_id FROM door_device d
JOIN checkin_list l ON l.id = d.checkin_list_id WHERE d.id = ?"""
TICKET = """SELECT t.id, t.fair_id, t.status, t.door_name, r.status AS reg_status, p.inside
FROM ticket t JOIN registration r ON r.id = t.registration_id
LEFT JOIN checkin_presence p ON p.ticket_id = t.id AND p.checkin_list_id = ? WHERE t.secret = ?"""
LOG = """INSERT INTO checkin (checkin_list_id, ticket_id, device_id, nonce, direction, result,
successful, forced, code_hint, created_at) VALUES (?, ?, ?, ?, 'entry', ?, ?, ?, '', ?)
ON CONFLICT (device_id, nonce) DO NOTHING RETURNING id"""
ENTER = """INSERT INTO checkin_presence (checkin_list_id, ticket_id, inside, entries,
first_entry_at, changed_at) VALUES (?, ?, ?, 1, ?, ?)
ON CONFLICT (checkin_list_id, ticket_id) DO NOTHING RETURNING id"""
LOST = "UPDATE checkin SET result = 'already_checked_in', successful = ? WHERE id = ?"


def pg(sql: str) -> str:
    parts = sql.split("?")
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))


async def _nothing_to_reset(connection: Any) -> None:
    """As the app's pool: the baseline leaves no session state on a connection either."""


class Sqlite:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = asyncio.Lock()

    async def open(self) -> None:
        import aiosqlite

        self.db = await aiosqlite.connect(self.path, isolation_level=None)
        self.db.row_factory = aiosqlite.Row
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000"):
            await self.db.execute(f"PRAGMA {pragma}")

    async def one(self, sql: str, args: list[Any]) -> Any:
        rows = list(await self.db.execute_fetchall(sql, args))
        return rows[0] if rows else None

    async def write(
        self, list_id: int, ticket_id: int | None, device: int, nonce: str, ok: bool
    ) -> str:
        now = datetime.now(UTC)
        async with self.lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                logged = await self.one(
                    LOG,
                    [
                        list_id,
                        ticket_id,
                        device,
                        nonce,
                        "ok" if ok else "already_checked_in",
                        ok,
                        False,
                        now,
                    ],
                )
                result = "ok" if ok else "already_checked_in"
                if logged and ok:
                    entered = await self.one(ENTER, [list_id, ticket_id, True, now, now])
                    if not entered:
                        await self.db.execute(LOST, [False, logged["id"]])
                        result = "already_checked_in"
                await self.db.execute("COMMIT")
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
        return result


class Postgres:
    def __init__(self, url: str) -> None:
        # The test server's URL may name a socket folder in ?host=, which asyncpg's DSN parser
        # does not take with an empty host: pass the parts instead.
        parts = urlsplit(url)
        self.params = {
            "host": parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0],
            "port": parts.port or 5432,
            "user": parts.username or "postgres",
            "password": parts.password,
            "database": parts.path.lstrip("/"),
        }

    async def open(self) -> None:
        import asyncpg

        # The app's pool settings (fairplanner/postgres_pool.py): no reset query on release.
        self.pool = await asyncpg.create_pool(
            **self.params, min_size=2, max_size=10, reset=_nothing_to_reset
        )

    async def one(self, sql: str, args: list[Any]) -> Any:
        async with self.pool.acquire() as conn:
            return await conn.fetchrow(pg(sql), *args)

    async def write(
        self, list_id: int, ticket_id: int | None, device: int, nonce: str, ok: bool
    ) -> str:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            logged = await conn.fetchrow(
                pg(LOG),
                list_id,
                ticket_id,
                device,
                nonce,
                "ok" if ok else "already_checked_in",
                ok,
                False,
                now,
            )
            result = "ok" if ok else "already_checked_in"
            if logged and ok:
                entered = await conn.fetchrow(pg(ENTER), list_id, ticket_id, True, now, now)
                if not entered:
                    await conn.execute(pg(LOST), False, logged["id"])
                    result = "already_checked_in"
        return result


def create_app() -> Starlette:
    url = os.environ["BENCH_RAW_DATABASE_URL"]
    store: Any = (
        Sqlite(url.removeprefix("sqlite://")) if url.startswith("sqlite") else Postgres(url)
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await store.open()
        yield

    async def redeem(request: Request) -> Response:
        data = json.loads(await request.body())
        device = await store.one(DEVICE, [int(request.headers["x-device"])])
        if device is None or device["revoked_at"] is not None:
            return JSONResponse({"status": "error", "reason": "revoked"}, 401)
        ticket = await store.one(TICKET, [device["list_id"], str(data["code"]).upper()])
        if ticket is None:
            result = await store.write(device["list_id"], None, device["id"], data["nonce"], False)
            return JSONResponse({"status": "error", "reason": "unknown_ticket"})
        ok = (
            ticket["status"] == "valid"
            and ticket["reg_status"] == "booked"
            and not ticket["inside"]
        )
        result = await store.write(device["list_id"], ticket["id"], device["id"], data["nonce"], ok)
        return JSONResponse(
            {
                "status": "ok" if result == "ok" else "error",
                "reason": result,
                "name": ticket["door_name"],
            }
        )

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(
        routes=[Route("/redeem", redeem, methods=["POST"]), Route("/health", health)],
        lifespan=lifespan,
    )
