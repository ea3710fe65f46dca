"""Opening the database, applying migrations, and the checks `serve` makes before starting."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from tortoise.context import TortoiseContext
from tortoise.exceptions import BaseORMException, DBConnectionError
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.migrations.executor import MigrationExecutor, PlanStep

from fairplanner.errors import ConfigurationError
from fairplanner.settings import tortoise_config


@contextlib.asynccontextmanager
async def connected(database_url: str) -> AsyncIterator[None]:
    """The ORM, connected, for command-line work (the web app uses its lifespan instead)."""
    context = TortoiseContext()
    async with context:
        try:
            await context.init(config=tortoise_config(database_url))
            await _ping(context)
        except (DBConnectionError, OSError, BaseORMException) as exc:
            raise ConfigurationError(_cannot_connect(database_url, exc)) from exc
        yield


async def _ping(context: TortoiseContext) -> None:
    # Tortoise connects lazily: one query here makes a wrong URL fail now, in plain words,
    # rather than later with a stack trace.
    await context.db("default").execute_query("SELECT 1")


def _cannot_connect(url: str, exc: BaseException) -> str:
    shown = url.split("@")[-1] if "@" in url else url
    return (
        f"FairPlanner cannot open the database at {shown} ({type(exc).__name__}). "
        "Check FAIRPLANNER_DATABASE_URL and that the database server is running."
    )


def _migration_config(database_url: str) -> dict[str, Any]:
    config = tortoise_config(database_url)
    if database_url.startswith("sqlite"):
        # Table rebuilds on SQLite would cascade-delete child rows with foreign keys on.
        default = config["connections"]["default"]
        default["credentials"] = {**default["credentials"], "foreign_keys": "OFF"}
    return config


async def apply_migrations(database_url: str) -> list[str]:
    """Apply every migration the database has not had. Returns their names."""
    config = _migration_config(database_url)
    context = TortoiseContext()
    async with context:
        try:
            await context.init(config=config)
            executor = MigrationExecutor(context.db("default"), config["apps"])
            steps = await executor.plan(None)
            await executor.migrate(None)
        except (DBConnectionError, OSError) as exc:
            raise ConfigurationError(_cannot_connect(database_url, exc)) from exc
    return [_step_name(step) for step in steps]


def _step_name(step: PlanStep) -> str:
    return (
        f"{getattr(step.migration, 'app_label', 'models')}.{getattr(step.migration, 'name', '?')}"
    )


async def unapplied_migrations(database_url: str) -> list[str]:
    """Names of migrations the database has not had yet."""
    config = tortoise_config(database_url)
    context = TortoiseContext()
    async with context:
        try:
            await context.init(config=config)
            # Tortoise's recorder reads a failed query as "nothing applied": ping first.
            await _ping(context)
            executor = MigrationExecutor(context.db("default"), config["apps"])
            steps = await executor.plan(None)
        except (DBConnectionError, OSError, BaseORMException) as exc:
            raise ConfigurationError(_cannot_connect(database_url, exc)) from exc
    return [_step_name(step) for step in steps if not step.backward]


async def missing_migrations() -> list[str]:
    """Model changes that no migration file covers yet (Tortoise's own change detector)."""
    config = tortoise_config("sqlite://:memory:")
    apps = config["apps"]
    context = TortoiseContext()
    async with context:
        await context.init(config=config, init_connections=False)
        if context.apps is None:  # init() always sets it; this tells the type checker
            return []
        writers = await MigrationAutodetector(context.apps, apps).changes()
    return [f"{w.app_label}: {op.describe()}" for w in writers for op in w.operations]
