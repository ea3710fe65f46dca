"""Demo door: two doors, Sam's phone paired as a supervisor, and one attendee already inside."""

from __future__ import annotations

import secrets

from fairplanner.models import Fair, Person, Ticket
from fairplanner.models.checkin import DoorRole
from fairplanner.services import checkin, checkin_lists, door


async def extend(fair: Fair, people: dict[str, Person]) -> None:
    main = await checkin_lists.create_list(
        fair=fair, name="Main entrance", opens_at=None, closes_at=None, allow_reentry=True
    )
    await checkin_lists.create_list(
        fair=fair, name="Quiet room talk", opens_at=None, closes_at=None, allow_reentry=False
    )
    organiser = next(p for p in people.values() if p.email == "organiser@example.org")
    _, token = await door.pair_device(
        fair=fair,
        checkin_list=main,
        label="Sam's phone",
        role=DoorRole.SUPERVISOR,
        hours=24,
        pin="",
        by=organiser,
    )
    device = await door.complete_pairing(token=token, pin="")
    first = (
        await Ticket.filter(fair_id=fair.id, lead=True, registration__status="booked")
        .order_by("id")
        .first()
    )
    if first is not None:
        await checkin.redeem(
            device=await checkin.device_for_scan(device_id=device.id),
            code=first.secret,
            nonce=secrets.token_hex(8),
        )
