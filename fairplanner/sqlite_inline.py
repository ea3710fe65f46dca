"""Tortoise's SQLite engine, with each statement run on the event loop instead of a thread.

aiosqlite runs every statement on a worker thread and hands the answer back: a thread switch,
a lock and a future per statement, which cost more than the statement itself (a booking is
ten statements, a door scan two calls). The app reaches SQLite through one connection, under
Tortoise's lock, so nothing ran side by side anyway. Here the same aiosqlite connection runs
each call where it is made:

- a statement on a local WAL database takes tens of microseconds; a busy wait must not freeze
  the loop, so the connection's own busy timeout is 0 and `_execute` waits instead, by
  sleeping on the loop (for as long as the URL's `busy_timeout` allows), and retries. Only a
  plain SQLITE_BUSY is retried: SQLite says a statement may be tried again then, and for the
  other busy codes (a stale snapshot) the transaction has to start over;
- the serving app copies the write-ahead log back into the database (a checkpoint, with an
  fsync) from a thread of its own (`checkpoints`), not in whichever request's commit crossed
  SQLite's 1,000-page mark: that commit used to stall every request waiting behind it (the
  door scan's p99 went from 69 to 52 ms without it, benchmarks/checkin.py);
- everything else is Tortoise's own SQLite client, pragmas included.

Used by `settings.tortoise_config` for every sqlite:// URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

import aiosqlite
from tortoise import connections
from tortoise.backends.sqlite.client import SqliteClient

log = logging.getLogger(__name__)
CHECKPOINT_EVERY_S = 1.0

_SQLITE_BUSY = 5


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection, minus its thread: calls run on the caller's loop."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], busy_s: float) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self.busy_s = busy_s

    def __await__(self):  # type: ignore[no-untyped-def]
        return self._connect().__await__()

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        call = partial(fn, *args, **kwargs)
        deadline = None
        pause = 0.001
        while True:
            try:
                return call()
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorcode", None) != _SQLITE_BUSY:
                    raise
                deadline = deadline or time.monotonic() + self.busy_s
                if time.monotonic() >= deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.05)

    async def close(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class InlineSqliteClient(SqliteClient):
    async def create_connection(self, with_db: bool) -> None:
        if self._connection:
            return
        filename = self.filename
        connection = await InlineConnection(
            lambda: sqlite3.connect(filename, isolation_level=None, check_same_thread=False),
            busy_s=int(self.pragmas.get("busy_timeout", 5000)) / 1000,
        )
        self._connection = connection
        connection._conn.row_factory = sqlite3.Row
        for pragma, value in {**self.pragmas, "busy_timeout": 0}.items():
            await connection._execute(_pragma, connection._conn, f"PRAGMA {pragma}={value}")
        await self._post_connect()


@contextlib.asynccontextmanager
async def checkpoints(every_s: float = CHECKPOINT_EVERY_S) -> AsyncIterator[None]:
    """While the app serves a SQLite file: checkpoints from a thread, none in requests.

    SQLite releases the GIL while it copies pages and syncs, so the thread runs beside the
    event loop. A PASSIVE checkpoint never waits for readers or writers; another process's
    checkpoint in progress just means this one is skipped. Nothing to do on PostgreSQL."""
    client = connections.get("default")
    if not isinstance(client, InlineSqliteClient) or client.filename == ":memory:":
        yield
        return
    await client.execute_script("PRAGMA wal_autocheckpoint=0")
    stop = threading.Event()
    thread = threading.Thread(
        target=_checkpoint_until, args=(client.filename, every_s, stop), daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
        await client.execute_script("PRAGMA wal_autocheckpoint=1000")


def _checkpoint_until(path: str, every_s: float, stop: threading.Event) -> None:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        while not stop.wait(every_s):
            try:
                db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error as exc:  # a busy moment: the next round catches up
                log.warning("checkpoint skipped: %s", exc)
        db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    finally:
        db.close()


def _pragma(db: sqlite3.Connection, statement: str) -> None:
    db.execute(statement).close()


client_class = InlineSqliteClient
