"""The migration files and the models agree, and the test database has had every migration.
Runs on SQLite, and on PostgreSQL when FAIRPLANNER_TEST_DATABASE_URL is set."""

from __future__ import annotations

from fairplanner import database
from fairplanner.models import Fair, Organisation, Person
from tests import factories


async def test_models_have_no_changes_without_a_migration_file() -> None:
    # Tortoise's own change detector: a model edited without `make migrations` shows here.
    assert await database.missing_migrations() == []


async def test_test_database_has_every_migration_applied(db: str) -> None:
    assert await database.unapplied_migrations(db) == []


async def test_applying_migrations_again_changes_nothing(db: str) -> None:
    await factories.light_organiser()

    applied = await database.apply_migrations(db)

    assert applied == []
    assert await Organisation.all().count() == 1  # data kept


async def test_migrated_schema_stores_and_reads_every_core_model(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()

    loaded = await Fair.get(id=fair.id).prefetch_related("organisation")

    assert loaded.starts_at == fair.starts_at  # aware datetimes survive the round trip
    assert loaded.starts_at.utcoffset() is not None
    assert (await Person.get(id=organiser.id)).email == organiser.email
