"""The organisers' live view of the door: arrivals per 10 minutes and the access needs of
people inside now, as counts only (never names)."""

from __future__ import annotations

from datetime import datetime, timedelta

from fairplanner.models import Fair
from fairplanner.models.checkin import CheckIn, Direction, Presence
from fairplanner.services import access_flags
from fairplanner.services.clock import now

BUCKET_MINUTES = 10


def bucket(at: datetime) -> datetime:
    return at.replace(minute=at.minute - at.minute % BUCKET_MINUTES, second=0, microsecond=0)


async def arrivals(*, fair: Fair, hours: int = 3) -> list[tuple[datetime, int]]:
    """Successful entries (not undone) per 10 minutes over the last `hours`, oldest first."""
    since = now() - timedelta(hours=hours)
    times = await CheckIn.filter(
        checkin_list__fair_id=fair.id,
        successful=True,
        annulled_at__isnull=True,
        direction=Direction.ENTRY,
        created_at__gte=since,
    ).values_list("created_at", flat=True)
    counts: dict[datetime, int] = {}
    for at in times:
        key = bucket(at)  # type: ignore[arg-type]
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items())


async def needs_inside(*, fair: Fair) -> dict[str, int]:
    """How many people inside now have each access need (counts, for planning help)."""
    rows = await Presence.filter(checkin_list__fair_id=fair.id, inside=True).values_list(
        "ticket__registration__access_need_keys", "ticket__lead"
    )
    # Only the booker's own needs are known; guests and carers in a booking are not counted.
    keys = [str(k or "") for k, lead in rows if lead]
    counts: dict[str, int] = {}
    for line in keys:
        for key in (k for k in line.split(",") if k):
            counts[key] = counts.get(key, 0) + 1
    return counts


def door_note_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """The needs the door team cares about, in plain words, most common first."""
    named = [
        (access_flags.DOOR_NOTES[k], n) for k, n in counts.items() if k in access_flags.DOOR_NOTES
    ]
    return sorted(named, key=lambda pair: (-pair[1], pair[0]))
