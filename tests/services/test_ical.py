"""The calendar writer against icalendar's parser: any text comes back as it went in (less
control characters), every line is folded within 75 octets, and dates, times, zones, all-day
events and reminders read back right."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from fairplanner.export.ical import CalendarEvent, build_calendar

START = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)  # the night the clocks go forward in London
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(value: str) -> str:
    return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


@settings(max_examples=150, deadline=None)
@given(summary=st.text(max_size=300), description=st.text(max_size=600), where=st.text())
def test_any_text_reads_back_the_same(summary: str, description: str, where: str) -> None:
    event = CalendarEvent(
        uid="x-1@example.org",
        summary=summary,
        starts_at=START,
        location=where,
        description=description,
    )
    body = build_calendar([event], name=summary or "n")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
    [read] = Calendar.from_ical(body).walk("VEVENT")
    assert str(read["SUMMARY"]) == clean(summary)
    if clean(description):
        assert str(read["DESCRIPTION"]) == clean(description)
    if clean(where):
        assert str(read["LOCATION"]) == clean(where)


def test_times_zones_all_day_events_and_reminders_read_back() -> None:
    london = ZoneInfo("Europe/London")
    timed = CalendarEvent(
        uid="timed@example.org",
        summary="Across the clock change",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        sequence=3,
    )
    no_end = CalendarEvent(uid="open@example.org", summary="No end", starts_at=START)
    day = CalendarEvent(
        uid="day@example.org",
        summary="Due",
        starts_at=datetime(2027, 5, 1, 12, tzinfo=london),
        all_day=True,
    )
    gone = CalendarEvent(
        uid="gone@example.org", summary="Called off", starts_at=START, cancelled=True
    )
    calendar = Calendar.from_ical(
        build_calendar([timed, no_end, day, gone], name="Mine", alarm_minutes=1440)
    )
    assert [str(c["TZID"]) for c in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    read = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert read["timed@example.org"]["DTSTART"].dt == START
    assert read["timed@example.org"]["DTEND"].dt == START + timedelta(hours=2)
    assert read["timed@example.org"]["DTEND"].dt.utcoffset() == timedelta(hours=1)  # BST
    assert int(read["timed@example.org"]["SEQUENCE"]) == 3
    # One hour later in real time (the wall clock jumps from 00:30 GMT to 02:30 BST).
    opened = read["open@example.org"]
    assert opened["DTEND"].dt.astimezone(UTC) - opened["DTSTART"].dt.astimezone(UTC) == (
        timedelta(hours=1)
    )
    assert read["day@example.org"]["DTSTART"].dt == date(2027, 5, 1)
    assert read["day@example.org"]["DTEND"].dt == date(2027, 5, 2)
    assert str(read["gone@example.org"]["STATUS"]) == "CANCELLED"
    assert not read["gone@example.org"].walk("VALARM")  # no reminder for a cancelled event
    [alarm] = read["timed@example.org"].walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(days=-1)
    for event in read.values():
        assert "ORGANIZER" not in event
        assert "DTSTAMP" in event
