"""The SQLite engine that runs statements on the event loop: a database busy in another
process is waited for without freezing the loop, and given up after the URL's budget."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError

from fairplanner.models import Organisation
from fairplanner.sqlite_inline import InlineSqliteClient
from tests import databases, factories

pytestmark = pytest.mark.skipif(
    bool(databases.TEST_PG_URL), reason="the SQLite engine only (the suite runs on PostgreSQL)"
)


def _file(db: str) -> str:
    return db.removeprefix("sqlite://").split("?")[0]


async def _ticks_while(work: asyncio.Future[object] | asyncio.Task[object]) -> int:
    ticks = 0
    while not work.done():
        await asyncio.sleep(0.01)
        ticks += 1
    return ticks


async def test_the_engine_is_ours_and_runs_on_the_loop_thread(db: str) -> None:
    conn = connections.get("default")
    assert isinstance(conn, InlineSqliteClient)
    await factories.light_organiser()
    assert await Organisation.all().count() == 1
    # No worker thread: aiosqlite's would be started and alive.
    assert not conn._connection._thread.is_alive()  # type: ignore[union-attr]


async def test_a_write_waits_for_another_process_lock_without_freezing_the_loop(
    db: str,
) -> None:
    await factories.light_organiser()
    other = sqlite3.connect(_file(db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    loop = asyncio.get_running_loop()
    loop.call_later(0.4, other.execute, "COMMIT")
    started = time.monotonic()
    write = asyncio.ensure_future(Organisation.all().update(name="Renamed"))
    ticks = await _ticks_while(write)
    await write
    waited = time.monotonic() - started
    other.close()
    assert waited >= 0.35  # it really waited for the lock
    assert ticks >= 10  # and the loop went on meanwhile (a blocked loop would tick ~once)
    assert await Organisation.filter(name="Renamed").count() == 1


async def test_a_lock_held_past_the_budget_is_a_clear_error_not_a_hang(db: str) -> None:
    await factories.light_organiser()
    client = connections.get("default")
    assert isinstance(client, InlineSqliteClient)
    client._connection.busy_s = 0.2  # type: ignore[union-attr]
    other = sqlite3.connect(_file(db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError):
            await Organisation.all().update(name="Never")
        assert 0.15 <= time.monotonic() - started < 2
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await Organisation.filter(name="Never").count() == 0
