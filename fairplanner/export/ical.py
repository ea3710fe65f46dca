"""Calendar files (RFC 5545) through icalendar: one VTIMEZONE for the fair's zone, stable UIDs,
SEQUENCE raised on change, STATUS:CANCELLED, and never an ORGANIZER (clients would send
"accepted" replies to it) nor ticket links (calendars get shared)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

PRODID = "-//FairPlanner//FairPlanner calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One event as a calendar shows it. Times are aware; `ends_at` None means one hour."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0

    def fingerprint(self) -> str:
        """What changes when the event changes (the SEQUENCE itself left out)."""
        parts = [
            self.summary,
            self.starts_at.astimezone(UTC).isoformat(),
            self.ends_at.astimezone(UTC).isoformat() if self.ends_at else "",
            self.location,
            self.description,
            "cancelled" if self.cancelled else "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    time_zone: str = "Europe/London",
    alarm_minutes: int | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The .ics bytes for `events`, all shown in `time_zone`."""
    zone = ZoneInfo(time_zone)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    items = list(events)
    if items:
        first = min(e.starts_at for e in items).astimezone(zone).date()
        last = max((e.ends_at or e.starts_at) for e in items).astimezone(zone).date()
        calendar.add_component(
            Timezone.from_tzid(
                time_zone, first_date=first - timedelta(days=1), last_date=last + timedelta(days=1)
            )
        )
    for item in items:
        calendar.add_component(_event(item, zone, stamp, alarm_minutes))
    body: bytes = calendar.to_ical()
    return body


def _event(item: CalendarEvent, zone: ZoneInfo, stamp: datetime, alarm: int | None) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", item.sequence)
    event.add("dtstart", item.starts_at.astimezone(zone))
    # Calendars show an event with no end badly: one hour, as pretix does.
    event.add("dtend", (item.ends_at or item.starts_at + timedelta(hours=1)).astimezone(zone))
    event.add("summary", item.summary)
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if alarm is not None and not item.cancelled:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", item.summary)
        reminder.add("trigger", timedelta(minutes=-alarm))
        event.add_component(reminder)
    return event
