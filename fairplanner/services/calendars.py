"""Calendars: the fair as an event, members' personal feeds, and SEQUENCE bookkeeping.

Other areas add their dates to members' feeds by appending to FEED_SOURCES (an async function
of the person returning CalendarEvents: shifts, planning meetings, buddy meetings, tasks).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit

from fairplanner.errors import LinkExpired
from fairplanner.export import tokens
from fairplanner.export.ical import CalendarEvent, build_calendar
from fairplanner.models import AgendaItem, CalendarFeed, CalendarRevision, Fair, Person, Venue
from fairplanner.models.enums import Phase
from fairplanner.services.calendar_planning import buddy_events, task_events
from fairplanner.services.calendar_shifts import shift_events
from fairplanner.services.clock import now
from fairplanner.services.fairs import fairs_for
from fairplanner.services.sql_steps import Rows, instances, moment, rows

FeedSource = Callable[[Person], Awaitable[list[CalendarEvent]]]
FEED_SOURCES: list[FeedSource] = [shift_events, task_events, buddy_events]
ALARM_CHOICES = (None, 30, 60, 24 * 60)
# Built files by ETag: a 5,000-item programme costs over a second of CPU to build, and calendar
# apps poll the same feeds again and again. Per process; a changed event changes the ETag.
_BUILT: OrderedDict[str, bytes] = OrderedDict()
_BUILT_MAX = 64


def fair_uid(fair: Fair, domain: str) -> str:
    return f"fair-{fair.id}@{domain}"


def _cancelled(fair: Fair) -> bool:
    return fair.phase == Phase.CLOSED and fair.ends_at > now()


def fair_event(fair: Fair, *, domain: str, venue: Venue | None = None) -> CalendarEvent:
    """The fair as one calendar event: plain-text details and the chosen venue's access and
    travel notes, no links, no personal data."""
    parts = [fair.summary.strip()]
    location = ""
    if venue is not None:
        location = ", ".join(x for x in (venue.name, venue.address.replace("\n", ", ")) if x)
        if venue.description.strip():
            parts.append(f"About the venue: {venue.description.strip()}")
        if venue.transport_notes.strip():
            parts.append(f"Getting there: {venue.transport_notes.strip()}")
    return CalendarEvent(
        uid=fair_uid(fair, domain),
        summary=fair.title,
        starts_at=fair.starts_at,
        ends_at=fair.ends_at,
        location=location,
        description="\n\n".join(p for p in parts if p),
        cancelled=_cancelled(fair),
    )


def agenda_event(
    item: AgendaItem, *, fair: Fair, domain: str, feature_labels: Mapping[str, str]
) -> CalendarEvent:
    """One part of the fair's programme, with its access features in words."""
    parts = [item.description.strip()]
    features = [feature_labels.get(f, f) for f in item.feature_list]
    if features:
        parts.append("Access: " + ", ".join(features) + ".")
    parts.append(f"Part of {fair.title}.")
    return CalendarEvent(
        uid=f"agenda-{item.id}@{domain}",
        summary=item.title,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        location=item.place,
        description="\n\n".join(p for p in parts if p),
        cancelled=_cancelled(fair),
    )


# Written by hand: a ticket e-mail's calendar file reads one revision on every booking, and
# the ORM took longer to build this SELECT than the database to run it.
_REVISIONS = (
    "SELECT id, uid, fingerprint, sequence, changed_at FROM calendar_revision WHERE uid IN ({})"
)
_REVISIONS_AT_ONCE = 5000  # well under both engines' limit on parameters


async def _revisions(uids: list[str]) -> Rows:
    found: Rows = []
    for start in range(0, len(uids), _REVISIONS_AT_ONCE):
        part = uids[start : start + _REVISIONS_AT_ONCE]
        found += await rows(_REVISIONS.format(", ".join("?" * len(part))), part)
    return found


async def with_sequences(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    """Each event with its SEQUENCE: raised by one whenever its content has changed since the
    last export, so calendar apps replace the old copy instead of keeping both."""
    items, _, _ = await _sequenced(events)
    return items


async def _sequenced(
    events: Iterable[CalendarEvent],
) -> tuple[list[CalendarEvent], list[str], datetime]:
    """The events with their SEQUENCE, their fingerprints, and when the newest of them last
    changed. One SELECT of plain rows (no model objects: a programme has thousands of
    events), then writes only for new or changed events."""
    items = list(events)
    known = {str(row["uid"]): row for row in await _revisions([e.uid for e in items])}
    stamp = now()
    newest: datetime | None = None
    result: list[CalendarEvent] = []
    marks: list[str] = []
    fresh: list[CalendarRevision] = []
    for event in items:
        mark = event.fingerprint()
        marks.append(mark)
        row = known.get(event.uid)
        if row is None:
            fresh.append(CalendarRevision(uid=event.uid, fingerprint=mark, sequence=0))
            result.append(replace(event, sequence=0) if event.sequence else event)
            newest = stamp
            continue
        row_id, fingerprint, sequence = row["id"], row["fingerprint"], int(row["sequence"])
        changed_at = moment(row["changed_at"]) or stamp  # never empty: the column is NOT NULL
        if fingerprint != mark:
            sequence += 1
            changed_at = stamp
            await CalendarRevision.filter(id=row_id).update(
                sequence=sequence, fingerprint=mark, changed_at=stamp
            )
        if newest is None or changed_at > newest:
            newest = changed_at
        result.append(replace(event, sequence=sequence) if event.sequence != sequence else event)
    if fresh:
        await CalendarRevision.bulk_create(fresh, ignore_conflicts=True)
    return result, marks, newest or stamp


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
    items, marks, modified = await _sequenced(events)
    version = "|".join(f"{e.uid}:{e.sequence}:{m}" for e, m in zip(items, marks, strict=True))
    etag = '"' + hashlib.sha256(f"{name}|{alarm_minutes}|{version}".encode()).hexdigest()[:32]
    etag += '"'
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


def domain_of(url: str) -> str:
    """The host in calendar UIDs, taken from the site's own links (the public address in
    production), so a fair has the same UID in downloads and in e-mail attachments."""
    return urlsplit(url).hostname or "fairplanner.local"


_CHOSEN_VENUE = "SELECT * FROM venue WHERE fair_id = ? AND chosen = ? LIMIT 1"


async def fair_file(*, fair: Fair, domain: str, if_none_match: str = "") -> CalendarFile:
    """The fair as a calendar file, the same wherever it is fetched from (the public page, a
    ticket, an e-mail attachment), so its SEQUENCE only moves when the fair changes."""
    found = await instances(Venue, _CHOSEN_VENUE, [fair.id, True])
    venue = found[0] if found else None
    return await calendar_file(
        [fair_event(fair, domain=domain, venue=venue)],
        name=fair.title,
        time_zone=fair.time_zone,
        if_none_match=if_none_match,
    )


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
