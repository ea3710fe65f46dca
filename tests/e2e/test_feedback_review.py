"""Giving feedback by keyboard and with JavaScript off, and reading the review, in a real
browser with axe-core: on a fair of the demo organisation that is in review."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tortoise.context import TortoiseContext

from fairplanner.export import tokens
from fairplanner.models import Fair, Membership, Person, Registration, Ticket
from fairplanner.models.checkin import CheckInList, Presence
from fairplanner.models.enums import Group, Phase, Role
from fairplanner.models.feedback import Audience, QuestionKind
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus, TicketKind
from fairplanner.services import feedback
from fairplanner.services.demo import DEMO_PASSWORD, ORGANISER_EMAIL
from fairplanner.settings import tortoise_config
from tests.databases import run_in_thread
from tests.e2e.conftest import Server
from tests.e2e.pages import axe_violations, horizontal_overflow_at_320, sign_in

pytestmark = pytest.mark.e2e


async def _review_fair(url: str) -> tuple[int, list[str]]:
    """Last year's fair, in review, with an attendee form (one question a must) and tickets."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        demo = await Fair.get(title="Riverside Opportunities Fair")
        organiser = await Person.get(email=ORGANISER_EMAIL)
        fair = await Fair.create(
            organisation_id=demo.organisation_id,  # type: ignore[attr-defined]
            title=f"Last year's fair {secrets.token_hex(3)}",
            starts_at=demo.starts_at - timedelta(days=365),
            ends_at=demo.ends_at - timedelta(days=365),
            phase=Phase.REVIEW,
        )
        await Membership.create(fair=fair, person=organiser, role=Role.ORGANISER, group=Group.STAFF)
        form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
        await feedback.add_question(
            form=form,
            draft=feedback.QuestionDraft(
                kind=QuestionKind.CHOICE,
                text="Would you come again?",
                easy_read_text="Will you come next time?",
                choices="Yes\nNo",
                required=True,
            ),
        )
        found = []
        for n in range(2):
            booking = await Registration.create(
                fair=fair,
                name=f"Attendee {n}",
                email=f"attendee{n}@example.org",
                source=RegistrationSource.ONLINE,
                status=RegistrationStatus.BOOKED,
                submission_key=secrets.token_urlsafe(8),
                heard_from="leaflet",
            )
            ticket = await Ticket.create(
                fair=fair,
                registration=booking,
                secret=tokens.ticket_secret(),
                reference=secrets.token_hex(5).upper(),
                door_name=f"Attendee {n}",
                kind=TicketKind.ATTENDEE,
                lead=True,
            )
            found.append(ticket.secret)
            if n == 0:  # the first came in through the door; the second did not come
                door = await CheckInList.create(fair=fair, name="Main entrance")
                await Presence.create(
                    checkin_list=door,
                    ticket=ticket,
                    first_entry_at=fair.starts_at + timedelta(minutes=30),
                    changed_at=fair.starts_at + timedelta(minutes=30),
                )
        return fair.id, found


@pytest.fixture(scope="module")
def review_fair(server: Server) -> tuple[int, list[str]]:
    return run_in_thread(_review_fair(server.env["FAIRPLANNER_DATABASE_URL"]))


def _figure(page: Page, label: str) -> str:
    """The number beside `label` in the review's "who came" list."""
    row = page.locator("#arrivals + dl .govuk-summary-list__row", has_text=label)
    return row.locator("dd").inner_text().strip()


def test_attendee_gives_feedback_by_keyboard(
    page: Page, server: Server, review_fair: tuple[int, list[str]]
) -> None:
    _, secrets_ = review_fair
    page.goto(f"{server.url}/feedback/{secrets_[0]}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about the fair")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0
    overall = page.get_by_role("group", name="Overall, how was the fair?")
    overall.get_by_role("radio", name="Very bad").focus()
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(overall.get_by_role("radio", name="Very good")).to_be_checked()
    page.get_by_role("group", name="Would you come again? (must answer)").get_by_role(
        "radio", name="Yes"
    ).focus()
    page.keyboard.press("Space")
    page.get_by_label("What should we change next time?").focus()
    page.keyboard.type("Signs to the quiet room")
    page.get_by_role("button", name="Send my feedback").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert axe_violations(page) == []


def test_feedback_works_without_javascript_and_errors_link_to_fields(
    no_js_page: Page, server: Server, review_fair: tuple[int, list[str]]
) -> None:
    page = no_js_page
    _, secrets_ = review_fair
    page.goto(f"{server.url}/feedback/{secrets_[1]}")
    page.get_by_label("Good", exact=True).first.check()
    page.get_by_role("button", name="Send my feedback").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Answer this question")
    assert summary.locator("a").first.get_attribute("href", timeout=5000).startswith("#q_")  # type: ignore[union-attr]
    expect(page.get_by_label("Good", exact=True).first).to_be_checked()  # what was chosen stays
    page.get_by_role("group", name="Would you come again? (must answer)").get_by_label("No").check()
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_organiser_reads_the_review_with_charts_and_tables(
    page: Page, server: Server, review_fair: tuple[int, list[str]]
) -> None:
    fair_id, _ = review_fair
    sign_in(page, server.url, ORGANISER_EMAIL, DEMO_PASSWORD)
    page.goto(f"{server.url}/fairs/{fair_id}/review")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review of the fair")
    expect(
        page.get_by_role("table", name="How people heard about the fair (bookings)")
    ).to_contain_text("A leaflet or poster")
    assert page.locator("svg.fp-chart").count() == page.locator("table.fp-chart-table").count()
    assert _figure(page, "People who came in (checked in at a door)") == "1"
    assert _figure(page, "People booked who did not come (no-shows)") == "1"
    expect(page.get_by_role("table", name="People arriving, by hour")).to_contain_text("1")
    assert axe_violations(page) == []
    assert horizontal_overflow_at_320(page) == 0
    page.goto(f"{server.url}/fairs/{fair_id}/review/easy-read")
    assert axe_violations(page) == []


def test_downloaded_review_file_opens_on_its_own(
    page: Page, server: Server, review_fair: tuple[int, list[str]], tmp_path: Path
) -> None:
    fair_id, _ = review_fair
    sign_in(page, server.url, ORGANISER_EMAIL, DEMO_PASSWORD)
    page.goto(f"{server.url}/fairs/{fair_id}/review")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the review as a web page file").click()
    kept = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(kept)
    assert kept.name == f"review-{fair_id}.html"
    page.goto(kept.as_uri())  # opened from disk, with no server behind it
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review of Last year's fair")
    heard = page.get_by_role("table", name="How people heard about the fair (bookings)")
    expect(heard.get_by_role("row", name="A leaflet or poster")).to_contain_text("2")
    assert _figure(page, "People booked (tickets of bookings still booked)") == "2"
    assert _figure(page, "People who came in (checked in at a door)") == "1"
    expect(page.get_by_role("table", name="People let in, by door or session")).to_contain_text(
        "Main entrance"
    )
    assert page.locator("svg.fp-chart").count() == page.locator("table.fp-chart-table").count()
    saved = kept.read_text(encoding="utf-8")
    assert "<script" not in saved  # no scripts: it reads the same anywhere
    assert "Attendee 0" not in saved  # no attendee is named
    assert "Attendee 1" not in saved
    assert axe_violations(page) == []
    # The same file set straight into a fresh page (no file: origin) reads the same.
    page.set_content(saved)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review of Last year's fair")
    assert axe_violations(page) == []
