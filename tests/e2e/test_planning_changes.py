"""In a real browser on the demo fair: a co-planner raises a venue proposal from a link that
chooses the topic, links its choices to the fair's venues, changes it before anyone votes,
and chooses how often to hear about planning. axe-core finds nothing on each page, in each
state (with errors too), and each page reflows at 320 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from fairplanner.services.clock import now
from fairplanner.services.demo import DEMO_PASSWORD
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

pytestmark = pytest.mark.e2e


def check(page: Page) -> None:
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0


def test_a_venue_proposal_is_raised_changed_and_messages_chosen(page: Page, server: Server) -> None:
    sign_in(page, server.url, "priya@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Riverside Opportunities Fair").click()
    fair_url = page.url.rstrip("/")

    page.goto(f"{fair_url}/proposals/new?topic=venue")
    expect(page.get_by_label("Venue", exact=True)).to_be_checked()
    check(page)
    page.get_by_label("What should we decide?").fill("Which hall for the autumn fair?")
    page.get_by_label("Score", exact=False).first.check()
    page.get_by_label("Choice 1", exact=True).fill("The community hall")
    page.get_by_label("Venue for choice 1 (venue proposals only)").select_option(
        label="Riverside Community Hall"
    )
    page.get_by_label("Choice 2", exact=True).fill("The library rooms")
    page.get_by_role("button", name="Open it for votes").click()
    # No closing date yet: the form comes back with the error and what was typed.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Choice 1", exact=True)).to_have_value("The community hall")
    check(page)
    closes = (now() + timedelta(days=5)).date()
    page.get_by_role("textbox", name="Day", exact=True).fill(str(closes.day))
    page.get_by_role("textbox", name="Month", exact=True).fill(str(closes.month))
    page.get_by_role("textbox", name="Year", exact=True).fill(str(closes.year))
    page.get_by_label("Time", exact=True).fill("5pm")
    page.get_by_role("button", name="Open it for votes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which hall for the autumn fair?")
    expect(page.get_by_text("Venue: Riverside Community Hall")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Change your proposal").click()
    check(page)
    page.get_by_label("What should we decide?").fill("")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page)
    page.get_by_label("What should we decide?").fill("Which hall for the October fair?")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which hall for the October fair?")

    page.goto(f"{server.url}/account")
    page.get_by_label("Every time: one message for each new thing").check()
    page.get_by_role("button", name="Save how often").click()
    expect(page.get_by_label("Every time: one message for each new thing")).to_be_checked()
    check(page)
