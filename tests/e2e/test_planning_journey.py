"""The co-planning journey in a real browser: a co-planner raises a consent proposal with the
keyboard only, two others vote (one recorded for a member who phoned), the organiser closes
it with a reason, and the decision is in the log. axe-core finds nothing on any page, in any
state; the same journey works with JavaScript off."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from fairplanner.services.clock import now
from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, sign_in

pytestmark = pytest.mark.e2e


class Person:
    """One person's own browser window (their own cookies)."""

    def __init__(self, context: BrowserContext, server: Server, email: str, js: bool) -> None:
        self.page = context.new_page()
        self.js = js
        sign_in(self.page, server.url, email, DEMO_PASSWORD)

    def check(self) -> None:
        # axe-core runs as a script, so only where JavaScript is on.
        if self.js:
            assert axe_violations(self.page) == []


def type_into(field: Locator, text: str) -> None:
    field.focus()
    field.page.keyboard.type(text)


def choose(field: Locator) -> None:
    """A radio or checkbox, with the space bar."""
    field.focus()
    field.page.keyboard.press("Space")


def press_button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def contexts(
    request: pytest.FixtureRequest, chromium: Browser
) -> Iterator[tuple[bool, list[BrowserContext]]]:
    js = bool(request.param)
    made = [
        chromium.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 900})
        for _ in range(4)
    ]
    for ctx in made:
        ctx.set_default_timeout(15_000)
    yield js, made
    for ctx in made:
        ctx.close()


def test_consent_journey_from_proposal_to_decision_log(
    server: Server, contexts: tuple[bool, list[BrowserContext]]
) -> None:
    js, (one, two, three, four) = contexts
    title = f"Hearing loop at the welcome desk ({'with' if js else 'without'} JavaScript)"

    # Priya, a co-planner who uses services, raises a consent proposal with the keyboard only.
    priya = Person(one, server, "priya@example.org", js)
    page = priya.page
    page.get_by_role("link", name="Riverside Opportunities Fair").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Suggest something for the group to decide").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest something to decide")
    priya.check()
    press_button(page, "Open it for votes")  # nothing filled in: every message shows
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the group should decide")
    priya.check()
    fair_url = page.url.split("/proposals")[0]
    type_into(page.get_by_label("What should we decide?"), title)
    choose(page.get_by_label("How the day runs"))
    choose(page.get_by_label("Consent: is everyone OK with one plan?"))
    type_into(page.get_by_label("Choice 1", exact=True), "Borrow a portable loop")
    closes = (now() + timedelta(days=14)).date()
    type_into(page.get_by_label("Day", exact=True), str(closes.day))
    type_into(page.get_by_label("Month", exact=True), str(closes.month))
    type_into(page.get_by_label("Year", exact=True), str(closes.year))
    type_into(page.get_by_label("Time", exact=True), "5pm")
    press_button(page, "Open it for votes")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    proposal_url = page.url
    priya.check()

    # Margaret, a carer, votes.
    margaret = Person(two, server, "margaret@example.org", js)
    margaret.page.goto(proposal_url)
    margaret.page.get_by_role("link", name="Vote now").click()
    margaret.check()
    margaret.page.get_by_label("I object").check()
    margaret.page.get_by_role("button", name="Save my vote").click()
    expect(margaret.page.locator(".govuk-error-summary")).to_contain_text("Say why you object")
    margaret.check()
    margaret.page.get_by_label("OK with me").check()
    margaret.page.get_by_role("button", name="Save my vote").click()
    expect(margaret.page.get_by_text("Your vote is saved")).to_be_visible()
    margaret.check()

    # Owen, staff, records Tom's vote: Tom phoned it in.
    owen = Person(three, server, "owen@council.example.org", js)
    owen.page.goto(proposal_url)
    owen.page.get_by_role("link", name="Record a vote for someone").click()
    owen.check()
    owen.page.get_by_label("Whose vote is this?").select_option(label="Tom Fielding")
    owen.page.get_by_label("By phone").check()
    owen.page.get_by_label("OK with me").check()
    owen.page.get_by_label("Anything else they said (optional)").fill("Tom uses a hearing aid.")
    owen.page.get_by_role("button", name="Record their vote").click()
    expect(
        owen.page.get_by_text("recorded by Owen Price for Tom Fielding, by phone")
    ).to_be_visible()
    owen.check()

    # The organiser closes it early, which needs a reason.
    boss = Person(four, server, ORGANISER_EMAIL, js)
    boss.page.goto(proposal_url)
    expect(boss.page.get_by_text("2 people have voted so far")).to_be_visible()
    boss.page.get_by_role("link", name="Close the vote and record the decision").click()
    boss.check()
    boss.page.get_by_label("What did the group decide?").fill("We will borrow a portable loop.")
    boss.page.get_by_role("button", name="Close the vote and save the decision").click()
    expect(boss.page.locator(".govuk-error-summary")).to_contain_text("Say why you are closing")
    boss.check()
    boss.page.get_by_label("Why are you closing it now?", exact=False).fill(
        "The library needs to know by Friday."
    )
    boss.page.get_by_role("button", name="Close the vote and save the decision").click()
    expect(boss.page.get_by_role("heading", level=1)).to_have_text(title)
    result = boss.page.locator("table.fp-result")
    expect(result.get_by_role("row", name="OK with me 2")).to_be_visible()
    boss.check()

    # Everyone sees it in the decision log.
    page.goto(f"{fair_url}/decisions")
    entry = page.locator("li", has=page.get_by_role("link", name=title))
    expect(entry).to_contain_text("We will borrow a portable loop.")
    priya.check()
