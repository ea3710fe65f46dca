"""Hand-written SQL for the few hot paths, run through Tortoise's own connection.

A hot path writes its statements once, as a generator of steps: it yields `(sql, params)` and
gets the rows back (as dicts), so the same decisions run on both engines. `run` drives it:

- on PostgreSQL (and inside an outer transaction) each step is awaited through Tortoise, as
  any other query;
- on SQLite, alone, the whole generator runs in one call on aiosqlite's worker thread, under
  Tortoise's connection lock. Each awaited query costs a thread hop and a lock hand-over, about
  as much as the SQL itself, so a scan of five statements in one hop takes a fraction of the
  time (benchmarks/checkin.py). The worker thread owns the sqlite3 connection, so this is the
  only safe place to use it directly.

SQL is written with `?` placeholders; `placeholders` turns them into asyncpg's `$1, $2...`.

`instances` reads a model's own rows by hand-written SQL and returns model objects, converted
exactly as the ORM converts them: for a hot path that needs a whole row (the fair a booking is
for), the ORM spends several times longer building a simple SELECT than the database runs it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator
from datetime import datetime
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.models import Model
from tortoise.transactions import in_transaction

T = TypeVar("T")
M = TypeVar("M", bound=Model)
Step = tuple[str, list[Any]]
Rows = list[dict[str, Any]]
Steps = Generator[Step, Rows, T]


def placeholders(sql: str, dialect: str) -> str:
    """Our SQL is written with ? placeholders; asyncpg wants $1, $2..."""
    if dialect != "postgres":
        return sql
    parts = sql.split("?")
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))


async def rows(sql: str, params: list[Any]) -> Rows:
    """One query on the default connection, rows as dicts."""
    conn = connections.get("default")
    return list(await conn.execute_query_dict(placeholders(sql, conn.capabilities.dialect), params))


async def instances(model: type[M], sql: str, params: list[Any]) -> list[M]:
    """Rows of `model`'s table (all its columns) as model objects, as the ORM would make them."""
    # _init_from_db is how Tortoise's own executor turns a row into an object.
    return [model._init_from_db(**row) for row in await rows(sql, params)]


def moment(value: Any) -> datetime | None:
    """A timestamp column read by hand-written SQL: asyncpg gives a datetime, SQLite the text
    the ORM wrote (ISO 8601 with its UTC offset)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


async def run(steps: Callable[[], Steps[T]], *, transaction: bool) -> T:
    """Drive the generator that `steps()` makes; all of it in one transaction if asked."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "sqlite" and not isinstance(conn, TransactionalDBClient):
        async with conn.acquire_connection() as aconn:
            try:
                # aiosqlite's documented way in is per statement; _execute is how those run.
                return await aconn._execute(_drive_sqlite, aconn._conn, steps, transaction)  # type: ignore[no-any-return]
            except sqlite3.IntegrityError as exc:
                raise IntegrityError(exc) from exc
            except sqlite3.OperationalError as exc:
                raise OperationalError(exc) from exc
    if transaction:
        async with in_transaction() as tx:
            return await _drive_async(tx, steps())
    return await _drive_async(conn, steps())


async def _drive_async(conn: Any, gen: Steps[T]) -> T:
    dialect = conn.capabilities.dialect
    try:
        sql, params = next(gen)
        while True:
            found = await conn.execute_query_dict(placeholders(sql, dialect), params)
            sql, params = gen.send(list(found))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def _drive_sqlite(db: sqlite3.Connection, steps: Callable[[], Steps[T]], transaction: bool) -> T:
    # Runs on aiosqlite's worker thread. The connection is in autocommit mode (Tortoise opens
    # it with isolation_level=None), so BEGIN IMMEDIATE takes the write lock up front.
    if not transaction:
        return _feed(db, steps())
    db.execute("BEGIN IMMEDIATE")
    try:
        result = _feed(db, steps())
    except BaseException:
        db.execute("ROLLBACK")
        raise
    try:
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return result


def _feed(db: sqlite3.Connection, gen: Steps[T]) -> T:
    try:
        sql, params = next(gen)
        while True:
            found = [dict(row) for row in db.execute(sql, params).fetchall()]
            sql, params = gen.send(found)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
