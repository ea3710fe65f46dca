"""Pages for everyone: reading choices (easy read, text size), the accessibility statement,
and the development-only outbox."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fairplanner.models import OutboxMessage, Person
from fairplanner.models.enums import TextSize
from fairplanner.settings import Settings
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, new_browser, soup, text_of


def _html_classes(response: object) -> list[str]:
    html = soup(response).find("html")  # type: ignore[arg-type]
    assert html is not None
    return list(html.get("class") or [])  # type: ignore[union-attr]


def _easy_read_points(response: object) -> list[str]:
    return [li.get_text(strip=True) for li in soup(response).select(".fp-easy-read-points li")]  # type: ignore[arg-type]


async def test_pages_start_in_standard_text(browser: Browser) -> None:
    response = await browser.get("/")

    assert "fp-easy-read" not in _html_classes(response)
    assert "fp-text-standard" in _html_classes(response)
    assert _easy_read_points(response) == []


async def test_reading_choices_are_kept_in_the_session_when_not_signed_in(
    browser: Browser,
) -> None:
    response = await browser.post("/preferences", {"easy_read": "yes", "text_size": "larger"})
    saved = await browser.get(response.headers["location"])
    home = await browser.get("/")

    assert response.status_code == 303
    assert "Your reading choices are saved." in saved.text
    assert {"fp-easy-read", "fp-text-larger"} <= set(_html_classes(home))
    assert "FairPlanner helps people plan a fair together." in _easy_read_points(home)


async def test_reading_choices_are_kept_on_the_person_when_signed_in(
    browser: Browser, settings: Settings
) -> None:
    person = await factories.light_person(email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)

    await browser.post("/preferences", {"easy_read": "yes", "text_size": "large"})

    stored = await Person.get(id=person.id)
    assert (stored.easy_read, stored.text_size) == (True, TextSize.LARGE)
    async with new_browser(settings) as laptop:  # another device: the choice follows them
        await laptop.sign_in("lee@example.org", PASSWORD)
        page = await laptop.get("/fairs/")
    assert {"fp-easy-read", "fp-text-large"} <= set(_html_classes(page))


async def test_reading_choices_with_nothing_chosen_ask_for_each(browser: Browser) -> None:
    response = await browser.post("/preferences", {"text_size": "enormous"})

    assert response.status_code == 422
    assert error_messages(response) == {
        "easy_read": "Choose if you want easy read pages",
        "text_size": "Not a valid choice.",
    }


async def test_easy_read_switch_turns_on_and_off_and_comes_back(browser: Browser) -> None:
    on = await browser.post("/preferences/easy-read", {"easy_read": "on", "back": "/accessibility"})
    page_on = await browser.get("/accessibility")
    off = await browser.post("/preferences/easy-read", {"easy_read": "off", "back": "/"})
    page_off = await browser.get("/")

    assert (on.status_code, on.headers["location"]) == (303, "/accessibility")
    assert "fp-easy-read" in _html_classes(page_on)
    assert "Turn off easy read" in page_on.text
    assert off.headers["location"] == "/"
    assert "fp-easy-read" not in _html_classes(page_off)
    assert "Turn on easy read" in page_off.text


async def test_easy_read_switch_is_saved_on_the_person_when_signed_in(browser: Browser) -> None:
    person = await factories.light_person(email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)

    await browser.post("/preferences/easy-read", {"easy_read": "on", "back": "/fairs/"})

    assert (await Person.get(id=person.id)).easy_read is True


@pytest.mark.parametrize("back", ["//evil.example/", "https://evil.example/", "javascript:x"])
async def test_easy_read_switch_only_returns_to_our_own_pages(browser: Browser, back: str) -> None:
    response = await browser.post("/preferences/easy-read", {"easy_read": "on", "back": back})

    assert response.headers["location"] == "/"


async def test_accessibility_statement_says_what_we_test_and_how_to_report_problems(
    browser: Browser,
) -> None:
    response = await browser.get("/accessibility")

    assert response.status_code == 200
    page = text_of(response)
    assert "Accessibility statement for FairPlanner" in page
    assert "WCAG" in page
    assert "version 2.2 at level AA" in page
    assert "Atkinson Hyperlegible" in page
    assert "What to do if you find a problem" in page
    assert "Known problems" in page


async def test_outbox_page_shows_queued_email_in_development(browser: Browser) -> None:
    await OutboxMessage.create(to_address="lee@example.org", subject="Hello Lee", body="Body")

    response = await browser.get("/outbox/")

    assert response.status_code == 200
    assert "Hello Lee" in response.text


async def test_outbox_page_does_not_exist_in_production(settings: Settings) -> None:
    await OutboxMessage.create(to_address="lee@example.org", subject="Secret link", body="x")
    production = replace(settings, env="production")

    async with new_browser(production, base_url="https://testserver") as browser:
        response = await browser.get("/outbox/")

    assert response.status_code == 404
    assert "Secret link" not in response.text
