"""The review over HTTP: reading it, writing it together, printing, the file and CSV
downloads, telling everyone, the attendees' own link, and planning the next fair."""

from __future__ import annotations

import csv
import io

from fairplanner.models import (
    Fair,
    OutboxAttachment,
    OutboxMessage,
    Registration,
    Review,
    Ticket,
)
from fairplanner.models.enums import Phase, Role
from fairplanner.models.feedback import Audience
from fairplanner.models.review import ReviewPart
from fairplanner.services import feedback, review_writing
from fairplanner.services.feedback import Given
from tests import review_factories as rf
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, field_value, soup, text_of


async def _fair_with_feedback() -> tuple[Fair, object]:
    fair, boss = await rf.fair()
    form = await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    overall, _, _, change = await feedback.questions_of(form=form)
    for rating, text in ((5, "<script>alert(1)</script>"), (2, "")):
        await feedback.submit(
            form=form,
            fair=fair,
            given=[
                Given(question_id=overall.id, rating=rating),
                Given(question_id=change.id, text=text),
            ],
            ticket=await rf.booking(fair, heard_from="leaflet", needs="W"),
        )
    return fair, boss


async def test_every_member_reads_the_review_with_charts_and_tables(browser: Browser) -> None:
    fair, _ = await _fair_with_feedback()
    volunteer = await rf.member(fair, Role.VOLUNTEER)
    await browser.sign_in(volunteer.email or "", PASSWORD)
    page = await browser.get(f"/fairs/{fair.id}/review")
    assert page.status_code == 200
    html = soup(page)
    assert html.select("svg.fp-chart[role=img] title")
    assert len(html.select("svg.fp-chart")) == len(html.select("table.fp-chart-table"))
    assert "<script>alert(1)</script>" not in page.text  # free text is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    words = text_of(page)
    assert "No data yet: who arrived, no-shows" in words
    assert "Attendee" not in words  # no attendee is named
    assert (await browser.get(f"/fairs/{fair.id}/review/edit")).status_code == 403


async def test_co_planners_write_the_review_and_a_stale_save_is_refused(
    browser: Browser,
) -> None:
    fair, _boss = await rf.fair()
    planner = await rf.member(fair, Role.CO_PLANNER)
    await browser.sign_in(planner.email or "", PASSWORD)
    form = await browser.get(f"/fairs/{fair.id}/review/edit")
    version = field_value(form, "version")
    saved = await browser.post(
        f"/fairs/{fair.id}/review/edit",
        {
            "learned": "The quiet room helped",
            "change": "",
            "easy_read_summary": "",
            "version": version,
        },
    )
    assert saved.status_code == 303
    stale = await browser.post(
        f"/fairs/{fair.id}/review/edit",
        {"learned": "Something else", "change": "", "easy_read_summary": "", "version": version},
    )
    assert stale.status_code == 422
    assert "Someone else saved the review" in error_messages(stale)["learned"]
    assert field_value(stale, "learned") == "Something else"
    assert (await Review.get(fair_id=fair.id)).learned == "The quiet room helped"
    page = await browser.get(f"/fairs/{fair.id}/review/edit")
    assert f"{planner.name} changed what we learned" in text_of(page)


async def test_print_page_download_file_and_csv(browser: Browser) -> None:
    fair, boss = await _fair_with_feedback()
    await browser.sign_in(boss.email or "", PASSWORD)  # type: ignore[attr-defined]
    printable = await browser.get(f"/fairs/{fair.id}/review/print")
    assert printable.status_code == 200
    assert "print this page" in text_of(printable)
    file = await browser.get(f"/fairs/{fair.id}/review/print?download=1")
    assert file.headers["content-disposition"] == f'attachment; filename="review-{fair.id}.html"'
    kept = soup(file)
    assert kept.find("h1").get_text() == f"Review of {fair.title}"  # type: ignore[union-attr]
    assert kept.find("link") is None  # it reads on its own, without our stylesheet
    assert kept.select("svg.fp-chart")
    figures = await browser.post(f"/fairs/{fair.id}/review/figures.csv")
    assert figures.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(figures.text)))
    assert rows[0] == ["Figure", "What", "Count"]
    assert ["Overall, how was the fair?", "Very good", "1"] in rows
    assert ["How people heard about the fair (bookings)", "A leaflet or poster", "2"] in rows
    assert "script" not in figures.text  # figures only, no free text


async def test_sharing_tells_everyone_and_attendees_read_it_from_their_ticket(
    browser: Browser,
) -> None:
    fair, boss = await rf.fair()
    ticket = await rf.booking(fair)
    assert (await browser.get(f"/reviews/{ticket.secret}")).status_code == 404
    written = await review_writing.review_of(fair=fair)
    await review_writing.save_parts(
        review=written,
        person=boss,
        version=1,
        texts={
            ReviewPart.CHANGE: "Bigger signs",
            ReviewPart.EASY_READ: "We will make bigger signs.",
        },
    )
    await browser.sign_in(boss.email or "", PASSWORD)
    shared = await browser.post(f"/fairs/{fair.id}/review/share")
    assert shared.status_code == 200
    assert "2 e-mails sent" in text_of(shared)
    member_mail = await OutboxMessage.get(to_address=boss.email)
    (file,) = await OutboxAttachment.filter(message_id=member_mail.id)
    assert file.filename == f"review-{fair.id}.html"
    assert b"Bigger signs" in file.data
    registration = await ticket.registration
    attendee_mail = await OutboxMessage.get(to_address=registration.email)
    assert f"/reviews/{ticket.secret}" in attendee_mail.body
    public = await browser.get(f"/reviews/{ticket.secret}")
    assert public.status_code == 200
    assert "Bigger signs" in text_of(public)
    assert "We will make bigger signs." in text_of(public)


async def test_only_organisers_share_and_plan_the_next_fair(browser: Browser) -> None:
    fair, _ = await rf.fair()
    planner = await rf.member(fair, Role.CO_PLANNER)
    await browser.sign_in(planner.email or "", PASSWORD)
    assert (await browser.post(f"/fairs/{fair.id}/review/share")).status_code == 403
    assert (await browser.get(f"/fairs/{fair.id}/review/next-fair")).status_code == 403


async def test_plan_next_fair_from_the_review(browser: Browser) -> None:
    fair, boss = await rf.fair(Phase.CLOSED)
    await browser.sign_in(boss.email or "", PASSWORD)
    form = await browser.get(f"/fairs/{fair.id}/review/next-fair")
    assert field_value(form, "year") == "2028"
    bad = await browser.post(
        f"/fairs/{fair.id}/review/next-fair",
        {
            "title": "Next fair",
            "day": "31",
            "month": "2",
            "year": "2028",
            "start_time": "10am",
            "end_time": "3pm",
        },
    )
    assert bad.status_code == 422
    assert error_messages(bad) == {"day": "The date must be a real date"}
    assert await Fair.filter(title="Next fair").count() == 0
    made = await browser.post(
        f"/fairs/{fair.id}/review/next-fair",
        {
            "title": "Next fair",
            "day": "10",
            "month": "6",
            "year": "2028",
            "start_time": "10am",
            "end_time": "3pm",
        },
    )
    assert made.status_code == 303
    new = await Fair.get(title="Next fair")
    assert new.phase == Phase.PLANNING
    assert made.headers["location"].endswith(f"/fairs/{new.id}")


async def test_people_outside_the_fair_cannot_read_the_review(browser: Browser) -> None:
    fair, _ = await rf.fair()
    other_fair, _ = await rf.fair()
    stranger = await rf.member(other_fair, Role.ORGANISER)  # of another fair only
    await browser.sign_in(stranger.email or "", PASSWORD)
    assert (await browser.get(f"/fairs/{fair.id}/review")).status_code == 403
    assert (await browser.post(f"/fairs/{fair.id}/review/figures.csv")).status_code == 403


async def test_arrivals_and_needs_met_are_shown_and_nothing_identifies_an_attendee(
    browser: Browser,
) -> None:
    fair, boss = await rf.checked_in_fair()
    people = await Registration.filter(fair_id=fair.id)
    tickets = await Ticket.filter(fair_id=fair.id)
    private = (
        [r.name for r in people]
        + [r.name.split()[1] for r in people]  # surnames alone
        + [r.email for r in people if r.email]
        + [t.secret for t in tickets]
        + [t.reference for t in tickets]
        + ["Biscuit"]  # her own words about her needs
    )
    await browser.sign_in(boss.email or "", PASSWORD)
    page = await browser.get(f"/fairs/{fair.id}/review")
    html = soup(page)
    came = {
        row.find("dt").get_text(" ", strip=True): row.find("dd").get_text(strip=True)  # type: ignore[union-attr]
        for row in html.select("#arrivals + dl .govuk-summary-list__row")
    }
    assert came == {
        "People booked (tickets of bookings still booked)": "7",
        "People who came in (checked in at a door)": "5",
        "People booked who did not come (no-shows)": "2",
        "Walk-ins who came in": "1",
    }
    words = text_of(page)
    assert "No data yet: who arrived" not in words
    assert "From the checks of the chosen venue, Riverside Hall" in words
    assert "2 people who came agreed that the door team could see a short note" in words
    assert len(html.select("svg.fp-chart")) == len(html.select("table.fp-chart-table"))
    shown = {
        "review": page.text,
        "print": (await browser.get(f"/fairs/{fair.id}/review/print")).text,
        "file": (await browser.get(f"/fairs/{fair.id}/review/print?download=1")).text,
        "easy read": (await browser.get(f"/fairs/{fair.id}/review/easy-read")).text,
        "csv": (await browser.post(f"/fairs/{fair.id}/review/figures.csv")).text,
    }
    for what, body in shown.items():
        leaked = [p for p in private if p in body]
        assert leaked == [], (what, leaked)
    rows = list(csv.reader(io.StringIO(shown["csv"])))
    assert ["People arriving, by hour", "10am to 11am", "2"] in rows
    assert [
        "Bookings with access needs, by what the venue checks found",
        "A possible barrier for at least one of their needs",
        "1",
    ] in rows
    assert "<strong>5</strong> people came to the fair." in shown["easy read"]
