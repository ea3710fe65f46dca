"""Booking a place at the demo fair as a member of the public, twice: by keyboard only (with
JavaScript), and by mouse with JavaScript switched off. Every page and state (the form, its
errors, the ticket, printing, changing needs, cancelling, cancelled, and the waiting list) has
zero axe-core violations and reflows at 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from fairplanner.services.demo import DEMO_PASSWORD
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in
from tests.e2e.test_venues import follow, tab_to

pytestmark = pytest.mark.e2e
DESKTOP = {"width": 1280, "height": 900}


def check_page(page: Page) -> None:
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0


def check_html(checker: Page, page: Page) -> None:
    """axe and reflow for a page seen with JavaScript off: axe is a script, so it runs on
    the same HTML, served from the same address, in a page that allows scripts."""
    html = page.content()
    if checker.url == "about:blank":  # an address on the same site, so /static/ links load
        checker.goto(page.url.split("/events/")[0].split("/tickets/")[0] + "/health")
    checker.set_content(html, wait_until="load")
    check_page(checker)


def demo_fair_path(page: Page, base: str) -> str:
    for fair_id in range(1, 10):
        answer = page.request.get(f"{base}/events/{fair_id}")
        if answer.ok and "Riverside Opportunities Fair" in answer.text():
            return f"/events/{fair_id}"
    raise AssertionError("the demo fair's public page was not found")


def test_booking_by_keyboard_only(chromium: Browser, server: Server) -> None:
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(server.url + demo_fair_path(page, server.url))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Riverside")
        check_page(page)

        # Sent with no name and no way to contact: the errors, then put right by keyboard.
        tab_to(page, "Book my place")
        follow(page)
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter your name")
        expect(summary).to_contain_text("Tell us one way to contact you")
        check_page(page)
        tab_to(page, "Enter your name")
        page.keyboard.press("Enter")
        expect(page.locator("#name")).to_be_focused()
        page.keyboard.type("Kim Keyboard")
        tab_to(page, "#email")
        page.keyboard.type("kim.keyboard@example.org")
        tab_to(page, "#access_need_keys")
        page.keyboard.press("Space")
        tab_to(page, "#access_needs")
        page.keyboard.type("A chair near the door, please.")
        tab_to(page, "Book my place")
        follow(page)

        expect(page.get_by_role("heading", level=1)).to_have_text("Your ticket")
        expect(page.locator("svg.fp-qr")).to_have_count(1)
        assert "chair" not in page.url
        check_page(page)

        tab_to(page, "Print this ticket")
        follow(page)
        expect(page.locator("svg.fp-qr")).to_have_count(1)
        check_page(page)
        page.go_back()

        tab_to(page, "Change what you need")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Change what you need")
        expect(page.locator("#access_needs")).to_have_value("A chair near the door, please.")
        check_page(page)
        tab_to(page, "Save what I need")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Your ticket")

        tab_to(page, "Cancel my booking")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking?")
        check_page(page)
        tab_to(page, "Yes, cancel my booking")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("This booking is cancelled")
        expect(page.locator("svg.fp-qr")).to_have_count(0)
        check_page(page)
    finally:
        context.close()


def test_booking_with_javascript_off_and_the_waiting_list(
    chromium: Browser, server: Server
) -> None:
    organiser = chromium.new_context(viewport=DESKTOP)
    organiser.set_default_timeout(15_000)
    checker = organiser.new_page()
    context = chromium.new_context(java_script_enabled=False, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        path = demo_fair_path(page, server.url)
        page.goto(server.url + path)
        # The page works with no script at all: plain form posts and links.
        page.get_by_label("Your name").fill("Nadia No-Script")
        page.locator("#email").fill("nadia@example.org")
        page.locator("#places").fill("0")
        page.get_by_role("button", name="Book my place").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter a number from 1 to 20")
        expect(page.get_by_label("Your name")).to_have_value("Nadia No-Script")
        check_html(checker, page)
        page.locator("#places").fill("2")
        page.get_by_role("button", name="Book my place").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your ticket")
        expect(page.locator("svg.fp-qr")).to_have_count(1)
        expect(page.get_by_role("link", name=re.compile("Ticket for"))).to_have_count(1)
        check_html(checker, page)

        # The organiser closes the fair to new places: the next person joins the waiting list.
        staff = organiser.new_page()
        sign_in(staff, server.url, "organiser@example.org", DEMO_PASSWORD)
        fair_id = path.rsplit("/", 1)[-1]
        staff.goto(f"{server.url}/fairs/{fair_id}/bookings/places")
        staff.locator("#capacity").fill("1")
        staff.get_by_role("button", name="Save the number of places").click()

        page.goto(server.url + path)
        check_html(checker, page)
        page.get_by_label("Your name").fill("Wendy Waiting")
        page.locator("#phone").fill("07700 900555")
        page.get_by_role("button", name="Join the waiting list").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are on the waiting list")
        expect(page.locator("svg.fp-qr")).to_have_count(0)
        check_html(checker, page)

        page.goto(server.url + "/events/forgot-my-ticket")
        check_html(checker, page)

        # Back to the demo's number of places, for the other browser tests.
        staff.goto(f"{server.url}/fairs/{fair_id}/bookings/places")
        staff.locator("#capacity").fill("150")
        staff.get_by_role("button", name="Save the number of places").click()
        expect(staff.locator(".govuk-notification-banner, h1").first).to_be_visible()
    finally:
        organiser.close()
        context.close()
