"""`fairplanner backup` then `fairplanner restore` gives back the demo fair exactly: every table,
every row, compared column by column. Run as people run it (the real command, real files, a
real PostgreSQL server when FAIRPLANNER_TEST_DATABASE_URL names one)."""

# The fixtures cli, migrated_cli and migrated_template come from tests/test_cli.py.
# ruff: noqa: F811

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tests import databases
from tests.test_cli import Cli, cli, migrated_cli, migrated_template  # noqa: F401 (fixtures)

Rows = dict[str, list[tuple[Any, ...]]]


def _sqlite_rows(db_file: Path) -> Rows:
    with sqlite3.connect(db_file) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found: Rows = {}
        for table in tables:
            width = len(conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description)  # noqa: S608
            order = ", ".join(str(i + 1) for i in range(width))
            found[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()  # noqa: S608
    return found


def _assert_is_the_demo(rows: Rows) -> None:
    # Guards the comparison: a round trip of an empty database would prove nothing.
    for table in ("fair", "person", "membership", "registration", "checkin", "proposal", "shift"):
        assert rows[table], f"the demo has no {table} rows"


@pytest.fixture
def demo_cli(migrated_cli: Cli) -> Cli:
    run = migrated_cli("demo")
    assert run.code == 0, run.err
    return migrated_cli


def test_sqlite_backup_restores_every_row_into_a_new_database(
    demo_cli: Cli, tmp_path: Path
) -> None:
    copy = tmp_path / "backup.sqlite3"
    assert demo_cli("backup", "--to", str(copy)).code == 0
    fresh = Cli(tmp_path / "fresh", tmp_path / "fresh" / "fairplanner.sqlite3")

    run = fresh("restore", str(copy))

    assert run.code == 0, run.err
    assert "Restored" in run.out
    before, after = _sqlite_rows(demo_cli.db_file), _sqlite_rows(fresh.db_file)
    _assert_is_the_demo(before)
    assert after == before
    assert fresh("migrate").out.strip() == "The database is up to date."


def test_sqlite_restore_goes_into_a_migrated_but_empty_database(
    demo_cli: Cli, migrated_template: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "backup.sqlite3"
    assert demo_cli("backup", "--to", str(copy)).code == 0
    empty = Cli(tmp_path / "empty", tmp_path / "empty" / "fairplanner.sqlite3")
    empty.data_dir.mkdir()
    shutil.copyfile(migrated_template, empty.db_file)

    run = empty("restore", str(copy))

    assert run.code == 0, run.err
    assert _sqlite_rows(empty.db_file) == _sqlite_rows(demo_cli.db_file)


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(
    demo_cli: Cli, tmp_path: Path
) -> None:
    copy = tmp_path / "backup.sqlite3"
    assert demo_cli("backup", "--to", str(copy)).code == 0
    with sqlite3.connect(demo_cli.db_file) as conn:
        conn.execute("UPDATE fair SET title = 'Changed after the backup'")
    before = _sqlite_rows(demo_cli.db_file)

    run = demo_cli("restore", str(copy))

    assert run.code == 2
    assert run.err_lines[0].startswith("fairplanner: The database already holds data (in ")
    assert "restore only into an empty database" in run.err_lines[0]
    assert _sqlite_rows(demo_cli.db_file) == before


def test_restore_of_something_that_is_not_a_backup_says_so(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database " * 100)

    missing = cli("restore", str(tmp_path / "nowhere.sqlite3"))
    wrong = cli("restore", str(junk))

    assert missing.code == 2
    assert missing.err_lines == [
        f"fairplanner: There is no backup file at {tmp_path / 'nowhere.sqlite3'}."
    ]
    assert wrong.code == 2
    assert wrong.err_lines[0].startswith(f"fairplanner: {junk} is not a FairPlanner SQLite backup")
    assert not cli.db_file.exists()


def test_restore_refuses_a_backup_from_a_newer_fairplanner(
    migrated_cli: Cli, tmp_path: Path
) -> None:
    copy = tmp_path / "backup.sqlite3"
    assert migrated_cli("backup", "--to", str(copy)).code == 0
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "INSERT INTO tortoise_migrations (app, name, applied_at) "
            "VALUES ('models', '9999_future', '2030-01-01 00:00:00+00:00')"
        )
    fresh = Cli(tmp_path / "fresh", tmp_path / "fresh" / "fairplanner.sqlite3")

    run = fresh("restore", str(copy))

    assert run.code == 2
    assert "newer FairPlanner (it has migration 9999_future)" in run.err_lines[0]
    assert not fresh.db_file.exists()


# PostgreSQL: pg_dump --format=custom and pg_restore, through the same commands.

needs_pg = pytest.mark.skipif(
    not databases.TEST_PG_URL or shutil.which("pg_restore") is None,
    reason="needs FAIRPLANNER_TEST_DATABASE_URL and postgresql-client (CI's PostgreSQL pass)",
)


async def _pg_rows(url: str) -> Rows:
    params = databases._server_params(url)
    params["database"] = url.split("?", 1)[0].rsplit("/", 1)[1]
    conn = await asyncpg.connect(**params)
    try:
        tables = await conn.fetch(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        found: Rows = {}
        for record in tables:
            table = record["table_name"]
            cols = await conn.fetch(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                table,
            )
            order = ", ".join(f'"{c["column_name"]}"' for c in cols)
            rows = await conn.fetch(f'SELECT * FROM "{table}" ORDER BY {order}')  # noqa: S608
            found[table] = [tuple(r) for r in rows]
        return found
    finally:
        await conn.close()


@needs_pg
def test_postgres_backup_restores_every_row_into_an_empty_database(tmp_path: Path) -> None:
    source = databases.with_database_name(databases.TEST_PG_URL, "fairplanner_backup_source")
    target = databases.with_database_name(databases.TEST_PG_URL, "fairplanner_backup_target")
    asyncio.run(databases.recreate_pg_database(source))
    asyncio.run(databases.recreate_pg_database(target))
    on_source = Cli(tmp_path, tmp_path / "unused.sqlite3")
    env_source = {"FAIRPLANNER_DATABASE_URL": source}
    env_target = {"FAIRPLANNER_DATABASE_URL": target}
    assert on_source("migrate", **env_source).code == 0
    assert on_source("demo", **env_source).code == 0
    dump = tmp_path / "backup.dump"
    backed_up = on_source("backup", "--to", str(dump), **env_source)
    assert backed_up.code == 0, backed_up.err

    refused = on_source("restore", str(dump), **env_source)
    restored = on_source("restore", str(dump), **env_target)

    assert refused.code == 2
    assert "already holds data" in refused.err_lines[-1]
    assert restored.code == 0, restored.err
    before, after = asyncio.run(_pg_rows(source)), asyncio.run(_pg_rows(target))
    _assert_is_the_demo(before)
    assert after == before
    assert on_source("migrate", **env_target).out.strip() == "The database is up to date."
