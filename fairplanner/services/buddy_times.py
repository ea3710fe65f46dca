"""Times for buddy pairing: a person's times (their profile, else their shifts, in hours),
time blocks a run can be scoped to, and each person's buddy meetings for calendar feeds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from fairplanner.models import Fair, Person
from fairplanner.models.buddies import BuddyPair, BuddyProfile, PairingRun, PairStatus, RunStatus
from fairplanner.models.volunteering import Signup

# A run covers the whole fair ("") or one block. A time belongs to the block its start is in;
# a time not written as HH:MM-HH:MM counts in every block (we cannot tell which it is).
BLOCKS = {
    "": "The whole fair",
    "morning": "Morning (times starting before 12:00)",
    "afternoon": "Afternoon (times starting at 12:00 or later)",
}
NOON = time(12, 0)
_SLOT = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse(slot: str) -> tuple[time, time] | None:
    found = _SLOT.match(slot)
    if not found:
        return None
    h1, m1, h2, m2 = (int(x) for x in found.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
        return None
    end = time(23, 59) if h2 == 24 else time(h2, m2)
    return time(h1, m1), end


def in_block(slot: str, block: str) -> bool:
    if not block:
        return True
    span = parse(slot)
    if span is None:
        return True
    return (span[0] < NOON) == (block == "morning")


def hours(start: datetime, end: datetime, tz: str) -> list[str]:
    """A shift as hour slots in the fair's time, like the profile form's 10:00-11:00."""
    here, until = start.astimezone(ZoneInfo(tz)), end.astimezone(ZoneInfo(tz))
    out: list[str] = []
    hour = here.replace(minute=0, second=0, microsecond=0)
    while hour < until:
        out.append(f"{hour:%H}:00-{(hour.hour + 1) % 24:02d}:00")
        hour += timedelta(hours=1)
    return out


async def shift_slots(fair: Fair) -> dict[int, list[str]]:
    """Each person's shift times in the fair as hour slots: their availability when their
    buddy profile gives no times."""
    out: dict[int, list[str]] = {}
    rows = await Signup.filter(shift__fair_id=fair.id).prefetch_related("shift")
    for row in rows:
        slots = out.setdefault(row.person_id, [])  # type: ignore[attr-defined]
        for slot in hours(row.shift.starts_at, row.shift.ends_at, fair.time_zone):
            if slot not in slots:
                slots.append(slot)
    return out


@dataclass(frozen=True)
class BuddyEvent:
    """One published buddy meeting for a person's calendar: when, where and with whom (first
    name only: the feed may be seen by others the person shares it with)."""

    uid: str
    fair_id: int
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    meeting_point: str
    buddy_first_name: str
    summary: str


def _spans(slots: list[str], day: datetime, tz: str) -> list[tuple[datetime, datetime]]:
    zone = ZoneInfo(tz)
    spans: list[tuple[datetime, datetime]] = []
    for slot in sorted(slots, key=lambda s: parse(s) or (time(0), time(0))):
        span = parse(slot)
        if span is None:
            continue
        start = datetime.combine(day.date(), span[0], zone).astimezone(ZoneInfo("UTC"))
        end = datetime.combine(day.date(), span[1], zone).astimezone(ZoneInfo("UTC"))
        if end <= start:
            continue
        if spans and spans[-1][1] >= start:  # join 10:00-11:00 and 11:00-12:00
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _times(
    profile: BuddyProfile | None, from_shifts: dict[int, list[str]], who: int, block: str
) -> list[str]:
    given = [s.strip() for s in (profile.times if profile else "").split(",") if s.strip()]
    return [s for s in (given or from_shifts.get(who, [])) if in_block(s, block)]


async def buddy_events(*, person: Person, fair: Fair) -> list[BuddyEvent]:
    """A person's published buddy meetings in a fair, for their calendar feed: the times both
    gave (else the supported person's, else the partner's, else the fair's opening), the
    meeting point, and the buddy's first name. Pairs where someone asked for a change are left
    out. The newest published run of each block counts."""
    latest: dict[str, PairingRun] = {}
    for r in await PairingRun.filter(fair_id=fair.id, status=RunStatus.PUBLISHED).order_by(
        "number"
    ):
        latest[r.block] = r
    if not latest:
        return []
    ids = [r.id for r in latest.values()]
    pairs = [
        p
        for p in await BuddyPair.filter(run_id__in=ids).prefetch_related(
            "supported", "partner", "run"
        )
        if person.id in (p.supported.id, p.partner.id) and p.status != PairStatus.CHANGE_ASKED
    ]
    profiles = {
        p.person_id: p  # type: ignore[attr-defined]
        for p in await BuddyProfile.filter(
            fair_id=fair.id,
            person_id__in={x.supported.id for x in pairs} | {x.partner.id for x in pairs},
        )
    }
    from_shifts = await shift_slots(fair) if pairs else {}
    local_day = fair.starts_at.astimezone(ZoneInfo(fair.time_zone))
    events: list[BuddyEvent] = []
    for pair in sorted(pairs, key=lambda x: x.id):
        them = pair.partner if pair.supported.id == person.id else pair.supported

        block = pair.run.block
        mine = _times(profiles.get(pair.supported.id), from_shifts, pair.supported.id, block)
        theirs = _times(profiles.get(pair.partner.id), from_shifts, pair.partner.id, block)
        shared = [s for s in mine if s in theirs]
        spans = _spans(shared or mine or theirs, local_day, fair.time_zone)
        if not spans:
            spans = [(fair.starts_at, fair.ends_at)]
        sup, par = profiles.get(pair.supported.id), profiles.get(pair.partner.id)
        place = (sup.meeting_point if sup else "") or (par.meeting_point if par else "")
        first = them.name.split()[0] if them.name.split() else them.name
        for k, (start, end) in enumerate(spans):
            events.append(
                BuddyEvent(
                    uid=f"buddy-{pair.id}-{k}-person-{person.id}@fairplanner",
                    fair_id=fair.id,
                    starts_at=start,
                    ends_at=end,
                    meeting_point=place,
                    buddy_first_name=first,
                    summary=f"Meet your buddy {first}" + (f" at {place}" if place else ""),
                )
            )
    return sorted(events, key=lambda e: (e.starts_at, e.uid))
