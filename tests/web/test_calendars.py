"""Every calendar file FairPlanner makes, parsed with icalendar and checked against the rules:
the fair, the programme and a member's personal feed (fairs, shifts, tasks, buddy pairs).
UIDs stay the same across exports, SEQUENCE goes up when an event changes, the fair's
VTIMEZONE is there, there is never an ORGANIZER, and no links or access needs."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from icalendar import Calendar

from fairplanner.models import AgendaItem, Fair, Membership, Person, Venue
from fairplanner.models.buddies import BuddyPair, PairingRun, RunStatus
from fairplanner.models.enums import Group, Phase, Role
from fairplanner.models.planning import TaskStatus
from fairplanner.services import programme, tasks
from tests import ticket_factories
from tests.helpers import Browser

LONDON = ZoneInfo("Europe/London")


def parsed(response: httpx.Response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    check_rules(calendar, response.text)
    return calendar


def check_rules(calendar: Calendar, text: str) -> None:
    """The rules every file follows, whatever is in it."""
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert "ORGANIZER" not in text
    assert "/tickets/" not in text
    for event in calendar.walk("VEVENT"):
        assert "ORGANIZER" not in event
        for needed in ("UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "STATUS"):
            assert needed in event, needed
        start = event["DTSTART"]
        if isinstance(start.dt, datetime):
            assert start.params["TZID"] == "Europe/London"
        else:  # all-day: the end is the next day (DTEND is exclusive)
            assert event["DTEND"].dt == start.dt + timedelta(days=1)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line


def by_uid(calendar: Calendar) -> dict[str, dict[str, object]]:
    return {
        str(e["UID"]): {
            "summary": str(e["SUMMARY"]),
            "sequence": int(e["SEQUENCE"]),
            "status": str(e["STATUS"]),
            "description": str(e.get("DESCRIPTION", "")),
            "location": str(e.get("LOCATION", "")),
            "start": e["DTSTART"].dt,
            "end": e["DTEND"].dt,
            "transp": str(e.get("TRANSP", "")),
        }
        for e in calendar.walk("VEVENT")
    }


async def agenda(fair: Fair, title: str, hour: int, **extra: object) -> AgendaItem:
    start = datetime(2027, 6, 12, hour, 0, tzinfo=LONDON)
    return await programme.add_agenda_item(
        fair=fair,
        draft=programme.AgendaDraft(
            title=title, starts_at=start, ends_at=start + timedelta(minutes=45), **extra
        ),  # type: ignore[arg-type]
    )


async def test_the_programme_file_has_every_item_with_stable_uids_and_rising_sequence(
    browser: Browser, db: str
) -> None:
    fair, _ = await ticket_factories.fair()
    talk = await agenda(
        fair,
        "Welcome, and how the day works",
        10,
        place="Main hall; stage",
        description="Short talk, then questions.",
        access_features=("bsl", "hearing_loop"),
    )
    await agenda(fair, "Quiet hour", 11, access_features=("quiet",))
    page = await browser.get(f"/events/{fair.id}")
    assert f"/events/{fair.id}/programme.ics" in page.text

    first = await browser.get(f"/events/{fair.id}/programme.ics")
    events = by_uid(parsed(first))
    assert len(events) == 2
    uid = next(u for u, e in events.items() if e["summary"] == talk.title)
    assert events[uid]["location"] == "Main hall; stage"
    assert events[uid]["start"] == datetime(2027, 6, 12, 10, 0, tzinfo=LONDON)
    assert "BSL interpreted, Hearing loop" in str(events[uid]["description"])
    assert events[uid]["sequence"] == 0

    # Unchanged: the same UIDs and SEQUENCEs; a calendar app asking again gets 304.
    again = await browser.get(f"/events/{fair.id}/programme.ics")
    assert by_uid(parsed(again)) == events
    cached = await browser.get(
        f"/events/{fair.id}/programme.ics", headers={"If-None-Match": first.headers["etag"]}
    )
    assert cached.status_code == 304

    # Moved by half an hour: same UID, SEQUENCE 1, and the other item keeps SEQUENCE 0.
    await AgendaItem.filter(id=talk.id).update(
        starts_at=talk.starts_at + timedelta(minutes=30),
        ends_at=talk.ends_at + timedelta(minutes=30),
    )
    moved = by_uid(parsed(await browser.get(f"/events/{fair.id}/programme.ics")))
    assert set(moved) == set(events)
    assert moved[uid]["sequence"] == 1
    assert [e["sequence"] for u, e in moved.items() if u != uid] == [0]

    # A cancelled fair: every item says CANCELLED, with its SEQUENCE raised.
    fair.phase = Phase.CLOSED
    await fair.save()
    cancelled = by_uid(parsed(await browser.get(f"/events/{fair.id}/programme.ics")))
    assert {e["status"] for e in cancelled.values()} == {"CANCELLED"}
    assert cancelled[uid]["sequence"] == 2


async def test_the_programme_of_an_unpublished_fair_is_not_shown(browser: Browser, db: str) -> None:
    fair, _ = await ticket_factories.fair(Phase.PLANNING)
    await agenda(fair, "Secret plans", 10)
    assert (await browser.get(f"/events/{fair.id}/programme.ics")).status_code == 404


async def test_the_fair_file_carries_the_venue_access_notes_in_plain_text(
    browser: Browser, db: str
) -> None:
    fair, _ = await ticket_factories.fair()
    await Venue.create(
        fair=fair,
        name="Riverside Hall",
        address="1 River Road\nTownsville",
        description="Step-free from the car park, with a lift to every floor.",
        transport_notes="Bus 12 stops outside.",
        chosen=True,
    )
    [event] = parsed(await browser.get(f"/events/{fair.id}/fair.ics")).walk("VEVENT")
    assert str(event["LOCATION"]) == "Riverside Hall, 1 River Road, Townsville"
    description = str(event["DESCRIPTION"])
    assert "Step-free from the car park" in description
    assert "Getting there: Bus 12 stops outside." in description
    assert "http" not in description


async def feed_link(browser: Browser, person: Person, alarm: str = "none") -> str:
    await browser.sign_in(str(person.email), ticket_factories.PASSWORD)
    assert (await browser.post("/calendar/", {"alarm": alarm})).status_code == 303
    page = await browser.get("/calendar/")
    link = re.search(r"/calendar/feed/[A-Za-z0-9_-]+\.ics", page.text)
    assert link is not None
    browser.client.cookies.clear()  # calendar apps have no session
    return link[0]


async def test_the_personal_feed_has_tasks_as_all_day_events_and_buddy_meetings(
    browser: Browser, db: str
) -> None:
    fair, boss = await ticket_factories.fair()
    me = await ticket_factories.member(fair, Role.CO_PLANNER)
    buddy = await ticket_factories.person("Bea Buddy")
    await Membership.create(fair=fair, person=buddy, role=Role.VOLUNTEER, group=Group.STAFF)
    due = await tasks.create_task(
        fair=fair, title="Book the BSL interpreter", by=boss, owner=me, due_on=date(2027, 5, 1)
    )
    done = await tasks.create_task(
        fair=fair, title="Already done", by=boss, owner=me, due_on=date(2027, 5, 2)
    )
    done.status = TaskStatus.DONE
    await done.save()
    await tasks.create_task(fair=fair, title="No date", by=boss, owner=me)
    await tasks.create_task(fair=fair, title="Someone else's", by=boss, owner=buddy)
    proposed = await PairingRun.create(fair=fair, number=1, seed=1, created_by=boss)
    await BuddyPair.create(run=proposed, supported=me, partner=buddy, score=5)
    link = await feed_link(browser, me, alarm="60")

    first = parsed(await browser.get(link))
    events = by_uid(first)
    summaries = sorted(str(e["summary"]) for e in events.values())
    # The pairing run is not published yet: no buddy in the calendar.
    assert summaries == ["Opportunities Fair", "Task due: Book the BSL interpreter"]
    task = events[f"task-{due.id}@fairplanner"]
    assert task["start"] == date(2027, 5, 1)
    assert task["end"] == date(2027, 5, 2)
    assert task["transp"] == "TRANSPARENT"  # a due date does not block the day
    # The chosen reminder is on every event.
    assert all(e.walk("VALARM") for e in first.walk("VEVENT"))

    proposed.status = RunStatus.PUBLISHED
    await proposed.save()
    published = by_uid(parsed(await browser.get(link)))
    [buddy_uid] = [u for u in published if u.startswith("buddy-")]
    meeting = published[buddy_uid]
    # First name only (feeds get shared); no times given, so the fair's opening hours.
    assert meeting["summary"] == "Meet your buddy Bea"
    assert meeting["start"] == fair.starts_at
    assert buddy.name not in str(meeting["description"])

    # The task moves: same UID, higher SEQUENCE. Marked done: it leaves the feed.
    due.due_on = date(2027, 5, 8)
    await due.save()
    moved = by_uid(parsed(await browser.get(link)))
    assert moved[f"task-{due.id}@fairplanner"]["sequence"] == 1
    assert moved[f"task-{due.id}@fairplanner"]["start"] == date(2027, 5, 8)
    assert moved[buddy_uid]["sequence"] == 0
    due.status = TaskStatus.DONE
    await due.save()
    assert f"task-{due.id}@fairplanner" not in by_uid(parsed(await browser.get(link)))

    # A newer published run replaces the pairs.
    rerun = await PairingRun.create(
        fair=fair, number=2, seed=2, created_by=boss, status=RunStatus.PUBLISHED
    )
    other = await ticket_factories.person("Otto Other")
    await Membership.create(fair=fair, person=other, role=Role.VOLUNTEER, group=Group.STAFF)
    await BuddyPair.create(run=rerun, supported=me, partner=other, score=5)
    latest = by_uid(parsed(await browser.get(link)))
    assert [e["summary"] for u, e in latest.items() if u.startswith("buddy-")] == [
        "Meet your buddy Otto"
    ]


async def test_the_buddy_sees_the_pair_from_their_side_too(browser: Browser, db: str) -> None:
    fair, boss = await ticket_factories.fair()
    me = await ticket_factories.member(fair, Role.CO_PLANNER)
    partner = await ticket_factories.person("Pat Partner")
    await Membership.create(fair=fair, person=partner, role=Role.VOLUNTEER, group=Group.STAFF)
    run = await PairingRun.create(
        fair=fair, number=1, seed=1, created_by=boss, status=RunStatus.PUBLISHED
    )
    await BuddyPair.create(run=run, supported=me, partner=partner, score=5)
    link = await feed_link(browser, partner)
    events = by_uid(parsed(await browser.get(link)))
    assert f"Meet your buddy {me.name.split()[0]}" in {e["summary"] for e in events.values()}
