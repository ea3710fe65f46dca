"""Volunteering in a real browser: a volunteer with the keyboard only finds a shift they can
do, signs up, sees it in their list and withdraws; an organiser reads the coverage board.
axe-core finds nothing on any page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

pytestmark = pytest.mark.e2e


def _activate(page: Page, role: str, name: str) -> None:
    """Reach a link or button with the keyboard and press Enter on it."""
    page.get_by_role(role, name=name).focus()  # type: ignore[arg-type]
    page.keyboard.press("Enter")


def test_a_volunteer_signs_up_and_withdraws_with_the_keyboard_only(
    page: Page, server: Server
) -> None:
    sign_in(page, server.url, "aisha@example.org", DEMO_PASSWORD)
    _activate(page, "link", "Riverside Opportunities Fair")
    _activate(page, "link", "Volunteer: see shifts you can do")
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteering")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0

    can_do = page.locator("#shifts-i-can-do + ul")
    expect(can_do).to_contain_text("Welcome desk")
    button = can_do.get_by_role("button", name="Sign me up for Welcome desk").first
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You are signed up for Welcome desk"
    )
    mine = page.locator("#my-shifts + ul")
    expect(mine.get_by_role("heading", name="Welcome desk")).to_have_count(2)
    assert axe_violations(page) == []

    # The shift that needs a briefing first says so, in words, on the shift's page.
    volunteering_url = page.url
    can_do.get_by_role("link", name="Stall guide").focus()
    page.keyboard.press("Enter")
    _activate(page, "button", "Sign me up")
    expect(page.locator(".govuk-error-summary")).to_contain_text("needs a short briefing")
    assert axe_violations(page) == []
    page.goto(volunteering_url)
    withdraw = page.locator("#my-shifts + ul").get_by_role(
        "button", name="I cannot do the Welcome desk shift"
    )
    withdraw.last.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("no longer on")
    expect(
        page.locator("#my-shifts + ul").get_by_role("heading", name="Welcome desk")
    ).to_have_count(1)


def test_an_organiser_sees_the_coverage_board_with_gaps_in_words(
    page: Page, server: Server
) -> None:
    sign_in(page, server.url, ORGANISER_EMAIL, DEMO_PASSWORD)
    _activate(page, "link", "Riverside Opportunities Fair")
    _activate(page, "link", "Volunteer: see shifts you can do")
    _activate(page, "link", "See which shifts still need people")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which shifts need people")
    expect(page.get_by_role("table", name="Stall guide")).to_contain_text("1 to fill")
    expect(page.locator("main")).to_contain_text("still to fill")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0


def test_an_organiser_records_a_briefing_and_moves_someone_with_the_keyboard_only(
    page: Page, server: Server
) -> None:
    sign_in(page, server.url, ORGANISER_EMAIL, DEMO_PASSWORD)
    _activate(page, "link", "Riverside Opportunities Fair")
    _activate(page, "link", "Volunteer: see shifts you can do")
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteering")
    volunteering_url = page.url
    roles = page.locator("h2:has-text('Roles') + ul")
    roles.get_by_role("link", name="Stall guide").focus()
    page.keyboard.press("Enter")
    _activate(page, "link", "Who has had the briefing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Briefings for Stall guide")
    assert axe_violations(page) == []
    _activate(page, "button", "Add to the list")  # nobody chosen: the error is linked
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a person")
    assert axe_violations(page) == []
    page.get_by_label("Daniel Mensah").focus()
    page.keyboard.press("Space")
    _activate(page, "button", "Add to the list")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Daniel Mensah has had the briefing for Stall guide"
    )
    expect(page.locator("#briefed + ul")).to_contain_text("Daniel Mensah")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0
    page.get_by_role("button", name=re.compile(r"^Take off the list.*Daniel Mensah$")).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The briefing for Daniel Mensah is taken off the list"
    )
    expect(page.locator("#briefed + ul")).not_to_contain_text("Daniel Mensah")

    # Move Daniel from the morning welcome desk to the afternoon one, and back again.
    page.goto(volunteering_url)
    roles.get_by_role("link", name="Welcome desk").focus()
    page.keyboard.press("Enter")
    page.locator("h2:has-text('Shifts') + ul a").first.focus()  # the full morning shift
    page.keyboard.press("Enter")
    _activate(page, "link", "Move Daniel Mensah to another shift")
    expect(page.get_by_role("heading", level=1)).to_have_text("Move Daniel Mensah to another shift")
    assert axe_violations(page) == []
    page.get_by_label("Welcome desk", exact=False).first.focus()
    page.keyboard.press("Space")
    _activate(page, "button", "Move them")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why they are moving")
    assert axe_violations(page) == []
    page.get_by_label("Why are they moving").focus()
    page.keyboard.type("Asked to come later")
    _activate(page, "button", "Move them")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Daniel Mensah is moved")
    expect(page.locator("main")).to_contain_text("Asked to come later")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0
