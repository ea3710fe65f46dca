"""An organiser reviews buddy pairs with the keyboard only: opens a pair's reasons, swaps two
people and sees the cost (and a refused swap's message), forbids a pair and sees its cost, runs
again and publishes. axe-core finds nothing on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

pytestmark = pytest.mark.e2e


def _press(page: Page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).focus()  # type: ignore[arg-type]
    page.keyboard.press("Enter")


def _choose(page: Page, label: str, within: str) -> None:
    page.get_by_role("group", name=within).get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def test_an_organiser_reviews_overrides_and_publishes_by_keyboard(
    page: Page, server: Server
) -> None:
    sign_in(page, server.url, ORGANISER_EMAIL, DEMO_PASSWORD)
    _press(page, "link", "Riverside Opportunities Fair")
    _press(page, "link", "Volunteer: see shifts you can do")
    _press(page, "link", "Check and publish buddy pairs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check buddy pairs")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0

    page.locator("summary", has_text="Why Aisha Rahman and Daniel Mensah").focus()
    page.keyboard.press("Enter")
    expect(page.locator("details[open]")).to_contain_text("Both speak urdu.")

    _choose(page, "Aisha Rahman with Daniel Mensah", "First pair")
    _choose(page, "Margaret O'Neill with Owen Price", "Second pair")
    _press(page, "button", "Swap and show the cost")
    expect(page.locator(".govuk-inset-text")).to_contain_text("2 people get a different buddy")
    expect(page.locator("main")).to_contain_text("Aisha Rahman with Owen Price: score")
    expect(page.locator("main")).to_contain_text("swap by Olivia Bennett")
    assert axe_violations(page) == []
    # Swapping a pair with itself is refused in plain words, linked to the field.
    _choose(page, "Aisha Rahman with Owen Price", "First pair")
    _choose(page, "Aisha Rahman with Owen Price", "Second pair")
    _press(page, "button", "Swap and show the cost")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose two different pairs")
    page.locator(".govuk-error-summary a").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#second")).to_be_focused()
    assert axe_violations(page) == []

    _choose(page, "Never pair these two", "What to do")
    _choose(page, "Aisha Rahman", "Person who wants a buddy")
    _choose(page, "Daniel Mensah", "Partner")
    _press(page, "button", "Save this change and show its cost")
    expect(page.locator(".govuk-inset-text")).to_contain_text("What that change costs")
    assert axe_violations(page) == []

    _press(page, "button", "Run the matcher")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Nothing is published")
    expect(page.locator("main")).not_to_contain_text("Why Aisha Rahman and Daniel Mensah")
    _press(page, "button", "Publish these pairs and tell everyone")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("pairs are published")
    expect(page.locator("main")).to_contain_text("forbid by")
    assert axe_violations(page) == []
