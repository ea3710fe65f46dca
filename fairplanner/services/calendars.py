"""Calendars: the fair as an event, members' personal feeds, and SEQUENCE bookkeeping.

Other areas add their dates to members' feeds by appending to FEED_SOURCES (an async function
of the person returning CalendarEvents: shifts, planning meetings, buddy meetings, tasks).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from fairplanner.errors import LinkExpired
from fairplanner.export import tokens
from fairplanner.export.ical import CalendarEvent, build_calendar
from fairplanner.models import CalendarFeed, CalendarRevision, Fair, Person
from fairplanner.models.enums import Phase
from fairplanner.services.calendar_shifts import shift_events
from fairplanner.services.clock import now
from fairplanner.services.fairs import fairs_for

FeedSource = Callable[[Person], Awaitable[list[CalendarEvent]]]
FEED_SOURCES: list[FeedSource] = [shift_events]
ALARM_CHOICES = (None, 30, 60, 24 * 60)
# Built files by ETag: a 5,000-item programme costs over a second of CPU to build, and calendar
# apps poll the same feeds again and again. Per process; a changed event changes the ETag.
_BUILT: OrderedDict[str, bytes] = OrderedDict()
_BUILT_MAX = 64


def fair_uid(fair: Fair, domain: str) -> str:
    return f"fair-{fair.id}@{domain}"


def fair_event(fair: Fair, *, domain: str) -> CalendarEvent:
    """The fair as one calendar event: plain-text details, no links, no personal data."""
    summary = fair.summary.strip()
    return CalendarEvent(
        uid=fair_uid(fair, domain),
        summary=fair.title,
        starts_at=fair.starts_at,
        ends_at=fair.ends_at,
        description=summary,
        cancelled=fair.phase == Phase.CLOSED and fair.ends_at > now(),
    )


async def with_sequences(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    """Each event with its SEQUENCE: raised by one whenever its content has changed since the
    last export, so calendar apps replace the old copy instead of keeping both."""
    items = list(events)
    known = {r.uid: r for r in await CalendarRevision.filter(uid__in=[e.uid for e in items])}
    result: list[CalendarEvent] = []
    fresh: list[CalendarRevision] = []
    for event in items:
        mark = event.fingerprint()
        row = known.get(event.uid)
        if row is None:
            fresh.append(CalendarRevision(uid=event.uid, fingerprint=mark, sequence=0))
            result.append(replace(event, sequence=0))
            continue
        if row.fingerprint != mark:
            row.sequence += 1
            row.fingerprint = mark
            await CalendarRevision.filter(id=row.id).update(
                sequence=row.sequence, fingerprint=mark, changed_at=now()
            )
        result.append(replace(event, sequence=row.sequence))
    if fresh:
        await CalendarRevision.bulk_create(fresh, ignore_conflicts=True)
    return result


@dataclass(frozen=True)
class CalendarFile:
    body: bytes
    etag: str
    last_modified: datetime
    # The client already has this version (If-None-Match): answer 304 with no body.
    not_modified: bool = False


async def calendar_file(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    time_zone: str,
    alarm_minutes: int | None = None,
    if_none_match: str = "",
) -> CalendarFile:
    """The .ics with its validators; not built at all when `if_none_match` already names this
    version (the caller answers 304)."""
    items = await with_sequences(events)
    marks = "|".join(f"{e.uid}:{e.sequence}:{e.fingerprint()}" for e in items)
    etag = '"' + hashlib.sha256(f"{name}|{alarm_minutes}|{marks}".encode()).hexdigest()[:32] + '"'
    changed = (
        await CalendarRevision.filter(uid__in=[e.uid for e in items])
        .order_by("-changed_at")
        .first()
    )
    modified = changed.changed_at if changed else now()
    if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
        return CalendarFile(body=b"", etag=etag, last_modified=modified, not_modified=True)
    body = _BUILT.get(etag)
    if body is None:
        # In a worker thread: building a big file must not stall every other request.
        body = await asyncio.to_thread(
            build_calendar, items, name=name, time_zone=time_zone, alarm_minutes=alarm_minutes
        )
        _BUILT[etag] = body
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return CalendarFile(body=body, etag=etag, last_modified=modified)


async def feed_events(*, person: Person, domain: str) -> list[CalendarEvent]:
    events = [fair_event(fair, domain=domain) for fair in await fairs_for(person=person)]
    for source in FEED_SOURCES:
        events += await source(person)
    return events


async def active_feed(*, person: Person) -> CalendarFeed | None:
    return await CalendarFeed.get_or_none(person_id=person.id, revoked_at__isnull=True)


async def start_feed(*, person: Person, alarm_minutes: int | None) -> CalendarFeed:
    """A new subscription link; any older link stops working."""
    await revoke_feed(person=person)
    return await CalendarFeed.create(
        person=person, token=tokens.link_token(), alarm_minutes=alarm_minutes
    )


async def revoke_feed(*, person: Person) -> None:
    await CalendarFeed.filter(person_id=person.id, revoked_at__isnull=True).update(revoked_at=now())


async def open_feed(*, token: str) -> CalendarFeed:
    feed = None
    if 20 <= len(token) <= 64:
        feed = await CalendarFeed.get_or_none(token=token).prefetch_related("person")
    if feed is None or feed.revoked_at is not None:
        raise LinkExpired(
            "This calendar link does not work any more. Make a new one on your calendar page."
        )
    return feed
