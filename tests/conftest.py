"""Fixtures every test can use: a real database per test, the app over HTTP, an SMTP server."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from hypothesis import settings as hypothesis_settings
from tortoise.context import TortoiseContext
from tortoise.contrib.test import truncate_all_models

from fairplanner.app import create_app
from fairplanner.settings import Settings, tortoise_config
from tests import databases
from tests.helpers import Browser
from tests.smtp import CollectingHandler

# The property tests draw the same examples on every run ("repeatable"), so CI on a clean clone
# fails only on a change, never on a lucky draw. `make hunt` draws fresh examples on each run
# to look for new failures (docs/contributing.md).
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("hunt", derandomize=False, database=None)
hypothesis_settings.load_profile(os.environ.get("FAIRPLANNER_HYPOTHESIS", "repeatable"))


def pytest_report_header() -> str:
    profile = os.environ.get("FAIRPLANNER_HYPOTHESIS", "repeatable")
    return f"FairPlanner test database: {databases.engine()}; Hypothesis profile: {profile}"


@pytest.fixture(scope="session")
def template_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrated once per run with the real migration files (not generate_schemas)."""
    workdir = tmp_path_factory.mktemp("databases")
    return databases.run_in_thread(databases.migrated_database(workdir, "fairplanner_test"))


@pytest.fixture
async def db(template_url: str, tmp_path: Path) -> AsyncIterator[str]:
    if databases.TEST_PG_URL:
        url = template_url
    else:
        url = databases.copy_sqlite(template_url, tmp_path / "test.sqlite3")
    context = TortoiseContext()
    async with context:
        await context.init(config=tortoise_config(url))
        if databases.TEST_PG_URL:
            await truncate_all_models()
        yield url


@pytest.fixture
def settings(db: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        database_url=db,
        secret_key="test-secret-key-" + "x" * 32,
        data_dir=tmp_path,
        sign_in_attempts=5,
        sign_in_window_minutes=15,
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, manage_orm=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def browser(client: httpx.AsyncClient) -> Browser:
    """The HTTP client with helpers for forms (CSRF token) and signing in."""
    return Browser(client)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[CollectingHandler]:
    """A real SMTP server (aiosmtpd) on a free local port; `.messages` holds what arrived."""
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()
