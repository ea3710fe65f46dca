"""Calendar files (RFC 5545): one VTIMEZONE for the fair's zone, stable UIDs, SEQUENCE raised
on change, STATUS:CANCELLED, and never an ORGANIZER (clients would send "accepted" replies to
it) nor ticket links (calendars get shared).

The calendar head and the VTIMEZONE are made by `icalendar`. The events are written here
line by line (escaping and folding as RFC 5545 says): building them as icalendar components
cost about 0.4 ms an event, too slow for a 5,000-item programme or a feed polled all day. The
tests parse every file with icalendar and compare each property with what went in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone

PRODID = "-//FairPlanner//FairPlanner calendar//EN"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


@dataclass(frozen=True)
class CalendarEvent:
    """One event as a calendar shows it. Times are aware; `ends_at` None means one hour.

    `all_day` events (task due dates) cover the local date of `starts_at` and show as free
    time, so a due date never blocks a day in someone's calendar."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0
    all_day: bool = False

    def fingerprint(self) -> str:
        """What changes when the event changes (the SEQUENCE itself left out)."""
        parts = [
            self.summary,
            self.starts_at.astimezone(UTC).isoformat(),
            self.ends_at.astimezone(UTC).isoformat() if self.ends_at else "",
            self.location,
            self.description,
            "cancelled" if self.cancelled else "",
            "all-day" if self.all_day else "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def text(value: str) -> str:
    """A TEXT value: control characters dropped, line ends as \\n, and \\ ; , escaped."""
    cleaned = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return cleaned.translate(_TEXT_ESCAPES)


def fold(line: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 character), ending CRLF."""
    if len(line) <= 75 and line.isascii():
        return line + "\r\n"
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _before(minutes: int) -> str:
    if minutes % 1440 == 0:
        return f"-P{minutes // 1440}D"
    if minutes % 60 == 0:
        return f"-PT{minutes // 60}H"
    return f"-PT{minutes}M"


def _param(value: str) -> str:
    """A parameter value, quoted when it holds characters that would end it."""
    cleaned = _CONTROL.sub("", value).replace('"', "")
    return f'"{cleaned}"' if any(c in cleaned for c in ":;,") else cleaned


@lru_cache(maxsize=64)
def _timezone_block(time_zone: str, first: date, last: date) -> str:
    block: bytes = Timezone.from_tzid(time_zone, first_date=first, last_date=last).to_ical()
    return block.decode("utf-8")


@lru_cache(maxsize=256)
def _head(name: str, time_zone: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    whole: bytes = calendar.to_ical()
    return whole.decode("utf-8").removesuffix("END:VCALENDAR\r\n")


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
    stamp_text = _utc(stamp or datetime.now(UTC))
    tzid = _param(time_zone)
    # The calendar's name on one line, without control characters (it names a person or fair).
    parts = [_head(" ".join(_CONTROL.sub(" ", name).split()) or "FairPlanner", time_zone)]
    items = list(events)
    if items:
        first = min(e.starts_at for e in items).astimezone(zone).date()
        last = max((e.ends_at or e.starts_at) for e in items).astimezone(zone).date()
        parts.append(
            _timezone_block(time_zone, first - timedelta(days=1), last + timedelta(days=1))
        )
    for item in items:
        parts.append(_event(item, zone, tzid, stamp_text, alarm_minutes))
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")


def _event(item: CalendarEvent, zone: ZoneInfo, tzid: str, stamp: str, alarm: int | None) -> str:
    summary = text(item.summary)
    lines = [
        "BEGIN:VEVENT",
        fold(f"UID:{text(item.uid)}").removesuffix("\r\n"),
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{item.sequence}",
    ]
    if item.all_day:
        day = item.starts_at.astimezone(zone).date()
        # DTEND is exclusive: an all-day event ends the next day.
        lines.append(f"DTSTART;VALUE=DATE:{_day(day)}")
        lines.append(f"DTEND;VALUE=DATE:{_day(day + timedelta(days=1))}")
    else:
        # Calendars show an event with no end badly: one hour, as pretix does.
        ends = item.ends_at or item.starts_at + timedelta(hours=1)
        lines.append(f"DTSTART;TZID={tzid}:{_local(item.starts_at, zone)}")
        lines.append(f"DTEND;TZID={tzid}:{_local(ends, zone)}")
    lines.append(fold(f"SUMMARY:{summary}").removesuffix("\r\n"))
    if item.location:
        lines.append(fold(f"LOCATION:{text(item.location)}").removesuffix("\r\n"))
    if item.description:
        lines.append(fold(f"DESCRIPTION:{text(item.description)}").removesuffix("\r\n"))
    lines.append("STATUS:CANCELLED" if item.cancelled else "STATUS:CONFIRMED")
    lines.append("TRANSP:TRANSPARENT" if item.all_day else "TRANSP:OPAQUE")
    if alarm is not None and not item.cancelled:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            fold(f"DESCRIPTION:{summary}").removesuffix("\r\n"),
            f"TRIGGER:{_before(alarm)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"
