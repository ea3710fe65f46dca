"""Door lists, paired phones and booked tickets for the check-in tests."""

from __future__ import annotations

import secrets
from datetime import datetime

from fairplanner.models import Fair, Person, Ticket
from fairplanner.models.checkin import CheckInList, DoorRole
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import RegistrationSource
from fairplanner.services import checkin, checkin_lists, door, tickets
from tests import ticket_factories


async def booked(fair: Fair, name: str = "Ruth Okafor", **changes: object) -> Ticket:
    booker = tickets.Booker(name=name, email=f"{secrets.token_hex(4)}@example.org", **changes)  # type: ignore[arg-type]
    registration, _ = await tickets.register(
        fair=fair,
        booker=booker,
        source=RegistrationSource.PHONE,
        submission_key=secrets.token_urlsafe(12),
        ticket_url="http://testserver/tickets/{secret}",
    )
    return await Ticket.get(registration_id=registration.id, lead=True)


async def door_list(
    fair: Fair,
    name: str = "Main entrance",
    *,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    allow_reentry: bool = True,
) -> CheckInList:
    return await checkin_lists.create_list(
        fair=fair, name=name, opens_at=opens_at, closes_at=closes_at, allow_reentry=allow_reentry
    )


async def paired(
    fair: Fair,
    checkin_list: CheckInList,
    boss: Person,
    role: DoorRole = DoorRole.STEWARD,
    pin: str = "",
) -> tuple[checkin.Device, str]:
    """A paired phone (ready to scan) and its pairing token (already used)."""
    device, token = await door.pair_device(
        fair=fair,
        checkin_list=checkin_list,
        label="Sam's phone",
        role=role,
        hours=8,
        pin=pin,
        by=boss,
    )
    await door.complete_pairing(token=token, pin=pin)
    return await checkin.device_for_scan(device_id=device.id), token


async def setup(phase: Phase = Phase.LIVE) -> tuple[Fair, Person, CheckInList, checkin.Device]:
    fair, boss = await ticket_factories.fair(phase)
    main = await door_list(fair)
    device, _ = await paired(fair, main, boss)
    return fair, boss, main, device
