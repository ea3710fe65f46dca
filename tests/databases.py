"""The test databases: a migrated SQLite file copied per test, or one PostgreSQL database
(named by FAIRPLANNER_TEST_DATABASE_URL) migrated once and emptied before each test."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit, urlunsplit

import asyncpg

from fairplanner.database import apply_migrations

T = TypeVar("T")
TEST_PG_URL = os.environ.get("FAIRPLANNER_TEST_DATABASE_URL", "")


def engine() -> str:
    return "postgresql" if TEST_PG_URL else "sqlite"


def with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _server_params(url: str) -> dict[str, Any]:
    """asyncpg's connect() arguments for the server's `postgres` database (socket or TCP)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return {
        "host": query.get("host", [parts.hostname or "127.0.0.1"])[0],
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password,
        "database": "postgres",
    }


async def recreate_pg_database(url: str) -> None:
    """Drop and create the database named in `url`, connecting to the server's `postgres` one."""
    name = urlsplit(url).path.lstrip("/")
    conn = await asyncpg.connect(**_server_params(url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def migrated_database(workdir: Path, name: str) -> str:
    """A new, fully migrated database for `name`; returns its URL."""
    if TEST_PG_URL:
        url = with_database_name(TEST_PG_URL, name)
        await recreate_pg_database(url)
    else:
        url = f"sqlite://{workdir / (name + '.sqlite3')}"
    await apply_migrations(url)
    return url


def run_in_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end from sync code, even when Playwright's sync API already
    runs an event loop in this thread (asyncio.run would refuse)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def copy_sqlite(template_url: str, target: Path) -> str:
    shutil.copyfile(template_url.removeprefix("sqlite://"), target)
    return f"sqlite://{target}"
