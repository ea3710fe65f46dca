"""`fairplanner backup` and `fairplanner restore`: a consistent copy of the database, and
putting one back into an empty database.

SQLite: SQLite's online backup API both ways (page by page, consistent while the app writes).
PostgreSQL: PostgreSQL's own tools, `pg_dump --format=custom` and `pg_restore`, so a backup is
the format every PostgreSQL administrator knows (and can restore without FairPlanner).
Restore refuses a database that already holds data: it never mixes two databases' rows.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from fairplanner.errors import ConfigurationError
from fairplanner.settings import Settings

MIGRATIONS_TABLE = "tortoise_migrations"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def sqlite_path(database_url: str) -> Path:
    return Path(database_url.split("://", 1)[1].split("?", 1)[0])


def libpq_url(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)


def known_migrations() -> set[str]:
    return {p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")}


def backup(settings: Settings, to: Path | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if settings.is_sqlite:
        source = sqlite_path(settings.database_url)
        if not source.is_file():  # sqlite3.connect would make an empty one
            raise ConfigurationError(f"There is no database file at {source} to back up.")
        target = to or settings.data_dir / "backups" / f"fairplanner-{stamp}.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return target
    pg_dump = _need_tool("pg_dump")
    target = to or settings.data_dir / "backups" / f"fairplanner-{stamp}.dump"
    target.parent.mkdir(parents=True, exist_ok=True)
    url = libpq_url(settings.database_url)
    if subprocess.run([pg_dump, "--format=custom", f"--file={target}", url]).returncode:  # noqa: S603
        raise ConfigurationError("pg_dump could not back up the database (its reason is above).")
    return target


def restore(settings: Settings, source: Path) -> None:
    """Put the backup `source` into the configured database, which must hold no data."""
    if not source.is_file():
        raise ConfigurationError(f"There is no backup file at {source}.")
    if settings.is_sqlite:
        _restore_sqlite(sqlite_path(settings.database_url), source)
    else:
        _restore_postgres(settings.database_url, source)


def _restore_sqlite(target: Path, source: Path) -> None:
    applied = _sqlite_backup_migrations(source)
    newer = sorted(applied - known_migrations())
    if newer:
        raise ConfigurationError(
            f"The backup was made by a newer FairPlanner (it has migration {newer[0]}): "
            "install that version first."
        )
    if target.is_file():
        with sqlite3.connect(target) as conn:
            holding = _sqlite_tables_with_rows(conn)
        if holding:
            raise ConfigurationError(_not_empty(holding))
    target.parent.mkdir(parents=True, exist_ok=True)
    # The backup API replaces the whole target database in one step (it holds the target's
    # lock throughout), so a failure part-way leaves the empty database as it was.
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with sqlite3.connect(target) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise ConfigurationError(f"The restored database at {target} failed its check.")


def _sqlite_backup_migrations(source: Path) -> set[str]:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise ConfigurationError(f"The backup at {source} is damaged.")
            rows = conn.execute(f'SELECT name FROM "{MIGRATIONS_TABLE}"').fetchall()  # noqa: S608
    except sqlite3.DatabaseError as exc:
        raise ConfigurationError(
            f"{source} is not a FairPlanner SQLite backup ({exc}). "
            "A PostgreSQL backup (.dump) restores into PostgreSQL."
        ) from exc
    return {name for (name,) in rows}


def _sqlite_tables_with_rows(conn: sqlite3.Connection) -> list[str]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return [
        t
        for t in tables
        if t != MIGRATIONS_TABLE and conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()  # noqa: S608
    ]


def _not_empty(tables: list[str]) -> str:
    shown = ", ".join(sorted(tables)[:3]) + (" and more" if len(tables) > 3 else "")
    return (
        f"The database already holds data (in {shown}): restore only into an empty database, "
        "so that nothing is mixed or lost."
    )


def _restore_postgres(database_url: str, source: Path) -> None:
    pg_restore = _need_tool("pg_restore")
    holding = asyncio.run(_postgres_tables_with_rows(database_url))
    if holding:
        raise ConfigurationError(_not_empty(holding))
    # --clean --if-exists drops the empty tables a `fairplanner migrate` may have made;
    # --single-transaction: all of the backup or nothing.
    done = subprocess.run(  # noqa: S603
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={libpq_url(database_url)}",
            str(source),
        ]
    )
    if done.returncode:
        raise ConfigurationError(
            "pg_restore could not restore the backup (its reason is above); nothing was changed."
        )


async def _postgres_tables_with_rows(database_url: str) -> list[str]:
    from tortoise import connections

    from fairplanner import database

    async with database.connected(database_url):
        conn = connections.get("default")
        rows = await conn.execute_query_dict(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        holding = []
        for row in rows:
            name = str(row["table_name"])
            if name == MIGRATIONS_TABLE:
                continue
            found = await conn.execute_query_dict(f'SELECT 1 FROM "{name}" LIMIT 1')  # noqa: S608
            if found:
                holding.append(name)
        return holding


def _need_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigurationError(
            f"{name} is needed for PostgreSQL backups: apt-get install postgresql-client."
        )
    return found
