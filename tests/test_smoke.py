"""The app starts, answers, and the database is real."""

from __future__ import annotations

from fairplanner.models import Organisation
from tests import factories
from tests.helpers import Browser, title


async def test_home_page_answers_with_its_title(browser: Browser) -> None:
    response = await browser.get("/")
    assert response.status_code == 200
    assert title(response) == "Plan accessible fairs together – FairPlanner"


async def test_health_reports_the_database_answering(browser: Browser) -> None:
    response = await browser.get("/health")
    assert response.json() == {"status": "ok"}


async def test_each_test_starts_with_an_empty_database(db: str) -> None:
    assert await Organisation.all().count() == 0
    await factories.organiser()
    assert await Organisation.all().count() == 1
