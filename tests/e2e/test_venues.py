"""A venue visit on a phone-sized screen, by keyboard only: start an assessment, answer
questions (one refused and corrected), then read the comparison and the gaps page. Every
page has zero axe-core violations and fits the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from fairplanner.services.demo import DEMO_PASSWORD
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}


def tab_to(page: Page, wanted: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's text, value or id contains `wanted`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return [e.innerText, e.value, '#' + e.id].join('|'); }"
        )
        if wanted in focused:
            return
    raise AssertionError(f"could not reach {wanted!r} with the Tab key")


def follow(page: Page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check_page(page: Page) -> None:
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0


def test_an_assessment_by_keyboard_on_a_phone_then_comparison_and_gaps(
    chromium: Browser, server: Server
) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, server.url, "priya@example.org", DEMO_PASSWORD)
        page.goto(server.url + "/fairs/")
        tab_to(page, "Riverside Opportunities Fair")
        follow(page)
        tab_to(page, "Visit, check and compare venues")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Venues")
        check_page(page)

        tab_to(page, "St Mark's Church Hall")
        follow(page)
        tab_to(page, "Start my assessment")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Assessment by"))
        check_page(page)
        tab_to(page, "Start with the first question")
        follow(page)

        # Question 1 (a distance): "I have an answer" is chosen already; type and press Enter.
        expect(page.get_by_role("heading", level=1)).to_contain_text("nearest bus stop")
        check_page(page)
        tab_to(page, "#value")
        page.keyboard.type("-40")
        follow(page)
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter a distance in metres (m) between 0 and 50000")
        check_page(page)
        tab_to(page, "#value")
        expect(page.locator("#value")).to_have_value("-40")  # what was typed is kept
        page.keyboard.press("Control+A")
        page.keyboard.type("120")
        follow(page)

        # Question 2 (words): type and save with the button.
        expect(page.get_by_role("heading", level=1)).to_contain_text("bus routes")
        tab_to(page, "#value")
        page.keyboard.type("Routes 5 and 12")
        tab_to(page, "Save and go to the next question")
        follow(page)

        # Question 3: not sure, chosen with the arrow keys.
        expect(page.get_by_role("heading", level=1)).to_contain_text("railway station")
        tab_to(page, "#state")
        page.keyboard.press("ArrowDown")
        expect(page.get_by_label("Not sure, or not checked")).to_be_checked()
        tab_to(page, "Save and go to the next question")
        follow(page)

        # Question 4: yes or no.
        expect(page.get_by_role("heading", level=1)).to_contain_text("free of steps")
        check_page(page)
        tab_to(page, "#answer")
        page.keyboard.press("Space")
        expect(page.get_by_label("Yes", exact=True)).to_be_checked()
        tab_to(page, "Save and go to the next question")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_contain_text("dropped kerbs")

        # Stop for now: the overview shows what was saved.
        tab_to(page, "See all questions and stop for now")
        follow(page)
        main = page.locator("main")
        expect(main).to_contain_text("4 of 80 questions answered")
        expect(main).to_contain_text("120 m")
        expect(main).to_contain_text("not sure or not checked")
        tab_to(page, "Continue where you left off")

        # The comparison and the gaps page for the chosen hall, on the same small screen.
        page.goto(page.url.split("/venues/")[0] + "/venues/compare")
        expect(page.get_by_role("heading", level=1)).to_have_text("Compare venues")
        expect(page.locator("main")).to_contain_text("Answers differ")
        check_page(page)
        page.goto(page.url.replace("/compare", ""))
        tab_to(page, "Riverside Community Hall")
        follow(page)
        tab_to(page, "Check it against the needs people told us about")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "What to arrange for the people coming"
        )
        check_page(page)
    finally:
        context.close()
