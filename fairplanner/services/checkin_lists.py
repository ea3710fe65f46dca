"""Doors (check-in lists) and who is inside them: making a door, counts, the roll-call."""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Fair
from fairplanner.models.checkin import CheckInList, DoorDevice, Presence


async def lists_of(*, fair: Fair) -> list[CheckInList]:
    return await CheckInList.filter(fair_id=fair.id).order_by("name")


async def checkin_list(*, fair: Fair, list_id: int) -> CheckInList:
    found = await CheckInList.get_or_none(id=list_id, fair_id=fair.id)
    if found is None:
        raise NotFound()
    return found


async def inside_counts(*, fair: Fair) -> dict[int, int]:
    """People inside now, per list."""
    rows = await Presence.filter(checkin_list__fair_id=fair.id, inside=True).values_list(
        "checkin_list_id", flat=True
    )
    counts: dict[int, int] = {}
    for list_id in rows:
        counts[int(str(list_id))] = counts.get(int(str(list_id)), 0) + 1
    return counts


async def inside_count(*, list_id: int) -> int:
    return await Presence.filter(checkin_list_id=list_id, inside=True).count()


async def roll_call(*, checkin_list: CheckInList) -> list[tuple[str, datetime]]:
    """Who is inside now (first name and initial, when they came in): the fire roll-call."""
    rows = (
        await Presence.filter(checkin_list_id=checkin_list.id, inside=True)
        .order_by("ticket__door_name", "id")
        .values_list("ticket__door_name", "changed_at")
    )
    return [(str(name), when) for name, when in rows]


async def create_list(
    *,
    fair: Fair,
    name: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    allow_reentry: bool,
) -> CheckInList:
    name = name.strip()
    if not name:
        raise DomainError(
            "name_missing", "Enter a name for the door, like Main entrance", field="name"
        )
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(
            "times", "The closing time must be after the opening time", field="closes_at"
        )
    try:
        return await CheckInList.create(
            fair=fair,
            name=name,
            opens_at=opens_at,
            closes_at=closes_at,
            allow_reentry=allow_reentry,
        )
    except IntegrityError:
        raise DomainError(
            "name_taken", "There is already a door with this name", field="name"
        ) from None


async def device_row(*, device_id: int) -> DoorDevice | None:
    return await DoorDevice.get_or_none(id=device_id).prefetch_related("checkin_list")
