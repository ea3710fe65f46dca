"""The `fairplanner` command, run as people run it: a real process with its own environment.

These tests always use SQLite files in a temporary folder, also when the rest of the suite runs
on PostgreSQL: they are about the command, not the database engine.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from fairplanner.services import demo
from fairplanner.services.passwords import verify_password
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@dataclass(frozen=True)
class Cli:
    data_dir: Path
    db_file: Path

    def env(self, **extra: str) -> dict[str, str]:
        # Nothing from the caller's FAIRPLANNER_* settings leaks into the command under test.
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAIRPLANNER_")}
        env.update(
            FAIRPLANNER_DATA_DIR=str(self.data_dir),
            FAIRPLANNER_DATABASE_URL=f"sqlite://{self.db_file}",
        )
        env.update(extra)
        return env

    def __call__(self, *args: str, **extra_env: str) -> Run:
        done = subprocess.run(
            [sys.executable, "-m", "fairplanner", *args],
            cwd=REPO,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def rows(self, table: str, db_file: Path | None = None) -> int:
        with sqlite3.connect(db_file or self.db_file) as conn:
            return int(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])  # noqa: S608


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated by the command itself, copied by the tests that need one."""
    folder = tmp_path_factory.mktemp("cli-template")
    cli = Cli(folder, folder / "template.sqlite3")
    run = cli("migrate")
    assert run.code == 0, run.err
    return cli.db_file


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data", tmp_path / "data" / "fairplanner.sqlite3")


@pytest.fixture
def migrated_cli(cli: Cli, migrated_template: Path) -> Cli:
    cli.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_template, cli.db_file)
    return cli


def _tables(db_file: Path) -> set[str]:
    with sqlite3.connect(db_file) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def test_migrate_creates_the_tables_then_says_up_to_date(cli: Cli) -> None:
    first = cli("migrate")
    second = cli("migrate")

    assert first.code == 0, first.err
    assert "Applied models.0001_initial" in first.out
    assert {"person", "fair", "membership", "outbox_message"} <= _tables(cli.db_file)
    assert second.code == 0, second.err
    assert second.out.strip() == "The database is up to date."


def test_demo_if_new_loads_the_demo_only_once(migrated_cli: Cli) -> None:
    first = migrated_cli("demo", "--if-new")
    second = migrated_cli("demo", "--if-new")

    assert first.code == 0, first.err
    assert "The demo fair is loaded." in first.out
    assert second.code == 0, second.err
    assert "The demo fair is loaded." not in second.out
    assert demo.ORGANISER_EMAIL in second.out  # still tells how to sign in
    assert migrated_cli.rows("organisation") == 1
    assert migrated_cli.rows("fair") == 1
    assert migrated_cli.rows("membership") == len(demo.DEMO_PEOPLE) + 1


def test_notify_sends_the_demo_digests_once(migrated_cli: Cli) -> None:
    assert migrated_cli("demo").code == 0

    first = migrated_cli("notify", "--digest-hour", "0")
    second = migrated_cli("notify", "--digest-hour", "0")

    assert first.code == 0, first.err
    assert "Sent 0 digest(s)" not in first.out
    assert migrated_cli.rows("notice_digest") > 0
    assert second.code == 0, second.err
    assert second.out.strip() == (
        "Queued 0 closing-soon reminder(s). Sent 0 digest(s) and 0 single message(s), "
        "covering 0 notice(s)."
    )


def test_backup_writes_a_readable_sqlite_copy_with_the_same_tables(
    migrated_cli: Cli, tmp_path: Path
) -> None:
    with sqlite3.connect(migrated_cli.db_file) as conn:
        conn.execute(
            "INSERT INTO organisation (name, slug, created_at) "
            "VALUES ('Hillside Council', 'hillside-council', '2027-01-01 10:00:00+00:00')"
        )
    target = tmp_path / "backups" / "copy.sqlite3"

    run = migrated_cli("backup", "--to", str(target))

    assert run.code == 0, run.err
    assert str(target) in run.out
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _tables(target) == _tables(migrated_cli.db_file)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT slug FROM organisation").fetchall() == [("hillside-council",)]


def test_backup_without_a_database_file_says_so(cli: Cli, tmp_path: Path) -> None:
    run = cli("backup", "--to", str(tmp_path / "copy.sqlite3"))

    assert run.code == 2
    assert run.err_lines == [f"fairplanner: There is no database file at {cli.db_file} to back up."]
    assert not cli.db_file.exists()  # no empty database made by accident


def test_create_organiser_takes_the_password_from_the_environment(migrated_cli: Cli) -> None:
    run = migrated_cli(
        "create-organiser",
        "--organisation",
        "Hillside Council",
        "--name",
        "Rosa Diaz",
        "--email",
        "Rosa@Example.org",
        FAIRPLANNER_ORGANISER_PASSWORD="a long enough password",
    )

    assert run.code == 0, run.err
    assert "Rosa Diaz can now sign in" in run.out
    with sqlite3.connect(migrated_cli.db_file) as conn:
        email, password_hash = conn.execute("SELECT email, password_hash FROM person").fetchone()
        org = conn.execute("SELECT name, slug FROM organisation").fetchone()
    assert email == "rosa@example.org"
    assert verify_password(password_hash, "a long enough password")
    assert org == ("Hillside Council", "hillside-council")
    assert migrated_cli.rows("organisation_admin") == 1


def test_create_organiser_with_a_short_password_is_refused_in_one_line(
    migrated_cli: Cli,
) -> None:
    run = migrated_cli(
        "create-organiser",
        "--organisation",
        "Hillside Council",
        "--name",
        "Rosa Diaz",
        "--email",
        "rosa@example.org",
        FAIRPLANNER_ORGANISER_PASSWORD="short",
    )

    assert run.code == 2
    assert run.err_lines == ["fairplanner: Your password must be at least 10 characters long."]
    assert migrated_cli.rows("person") == 0
    assert migrated_cli.rows("organisation") == 0  # the transaction left nothing behind


@pytest.mark.parametrize("command", [["migrate"], ["demo"], ["serve", "--port", "1"]])
def test_unreachable_database_gives_one_plain_line_and_exit_code_2(
    cli: Cli, command: list[str]
) -> None:
    run = cli(*command, FAIRPLANNER_DATABASE_URL="postgres://nobody@127.0.0.1:1/x")

    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith("fairplanner: FairPlanner cannot open the database")
    assert "Traceback" not in run.err


def test_unknown_database_scheme_gives_one_plain_line(cli: Cli) -> None:
    run = cli("migrate", FAIRPLANNER_DATABASE_URL="mysql://nobody@127.0.0.1/x")

    assert run.code == 2
    assert len(run.err_lines) == 1
    assert "must start with sqlite:// or postgres://" in run.err


def test_serve_refuses_an_unmigrated_database_before_starting(cli: Cli) -> None:
    cli.data_dir.mkdir(parents=True)

    # A free port: if the check ever failed to stop it, uvicorn would start and time out here.
    run = cli("serve", "--port", str(free_port()))

    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    assert "run `fairplanner migrate`" in run.err_lines[0]
    assert "FairPlanner is running" not in run.out
