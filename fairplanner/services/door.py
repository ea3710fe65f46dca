"""Pairing door phones: an organiser makes a one-time QR link for one list; the volunteer's
phone opens it (with a PIN if one was set) and can scan until the pairing ends or is revoked.

The link works once and only until the pairing expires, so a photo of the QR code cannot pair
a second phone later. Only a digest of the link's token is stored.
"""

from __future__ import annotations

from datetime import timedelta

from tortoise.expressions import Q

from fairplanner.errors import DomainError, LinkExpired, NotFound
from fairplanner.export import tokens
from fairplanner.models import Fair, Person, Registration, Ticket
from fairplanner.models.checkin import CheckInList, DoorDevice, DoorRole
from fairplanner.models.tickets import RegistrationStatus, TicketStatus
from fairplanner.numbers import is_whole_number
from fairplanner.services import ratelimit
from fairplanner.services.clock import now
from fairplanner.services.passwords import hashed, matches

MAX_HOURS = 24
# Wrong PINs a pairing link takes before it waits: a 4-digit PIN must not be guessable by
# whoever sees the link.
PIN_TRIES = 5
PIN_WINDOW_MINUTES = 15
MIN_SEARCH = 3
MAX_RESULTS = 10


async def pair_device(
    *,
    fair: Fair,
    checkin_list: CheckInList,
    label: str,
    role: DoorRole,
    hours: int,
    pin: str,
    by: Person,
) -> tuple[DoorDevice, str]:
    """A new pairing and its one-time token (shown once, as a QR code)."""
    label = label.strip()
    if not label:
        raise DomainError(
            "label_missing", "Enter whose phone this is, like Sam's phone", field="label"
        )
    if not 1 <= hours <= MAX_HOURS:
        raise DomainError(
            "hours", f"The pairing must last between 1 and {MAX_HOURS} hours", field="hours"
        )
    if pin and not (is_whole_number(pin) and 4 <= len(pin) <= 8):
        raise DomainError("pin", "The PIN must be 4 to 8 digits, or left empty", field="pin")
    token = tokens.link_token()
    pin_hash = await hashed(pin) if pin else ""
    device = await DoorDevice.create(
        fair=fair,
        checkin_list=checkin_list,
        label=label[:100],
        role=role,
        token_digest=tokens.digest(token),
        pin_hash=pin_hash,
        expires_at=now() + timedelta(hours=hours),
        created_by=by,
    )
    return device, token


_EXPIRED = (
    "This pairing link does not work. It may have been used already, run out or been "
    "stopped. Ask an organiser for a new one."
)


async def device_for_link(*, token: str) -> DoorDevice:
    device = await DoorDevice.get_or_none(
        token_digest=tokens.digest(token), revoked_at__isnull=True, paired_at__isnull=True
    ).prefetch_related("checkin_list", "fair")
    if device is None or device.expires_at <= now():
        raise LinkExpired(_EXPIRED)
    return device


async def complete_pairing(*, token: str, pin: str) -> DoorDevice:
    """The phone that opens the link first becomes the paired device (one conditional UPDATE,
    so two phones opening the same link cannot both pair)."""
    device = await device_for_link(token=token)
    if device.pin_hash:
        held = await ratelimit.reserve(
            keys=[f"door-pin:{device.id}"], limit=PIN_TRIES, window_minutes=PIN_WINDOW_MINUTES
        )
        if not await matches(device.pin_hash, pin):
            raise DomainError("pin_wrong", "That PIN is not right. Ask the organiser.", field="pin")
        await ratelimit.release(held)
    taken = await DoorDevice.filter(
        id=device.id, paired_at__isnull=True, revoked_at__isnull=True
    ).update(paired_at=now())
    if not taken:
        raise LinkExpired(_EXPIRED)
    return device


async def revoke(*, fair: Fair, device_id: int) -> DoorDevice:
    device = await DoorDevice.get_or_none(id=device_id, fair_id=fair.id)
    if device is None:
        raise NotFound()
    await DoorDevice.filter(id=device.id, revoked_at__isnull=True).update(revoked_at=now())
    return device


async def devices_of(*, fair: Fair) -> list[DoorDevice]:
    return (
        await DoorDevice.filter(fair_id=fair.id)
        .prefetch_related("checkin_list")
        .order_by("-created_at", "-id")
    )


def is_active(device: DoorDevice) -> bool:
    return device.revoked_at is None and device.expires_at > now()


async def search(*, fair_id: int, text: str) -> list[Ticket]:
    """Booked tickets whose booker's name contains `text` (3 characters or more). The page
    shows only first name and initial, and at most a few: no one can page through a list."""
    text = text.strip()
    if len(text) < MIN_SEARCH:
        raise DomainError(
            "too_short", f"Type at least {MIN_SEARCH} letters of their name", field="q"
        )
    return (
        await Ticket.filter(
            fair_id=fair_id,
            status=TicketStatus.VALID,
            registration__status=RegistrationStatus.BOOKED,
        )
        .filter(Q(registration__name__icontains=text) | Q(door_name__icontains=text))
        .order_by("door_name", "id")
        .limit(MAX_RESULTS)
    )


async def ticket_in_fair(*, fair_id: int, ticket_id: int) -> Ticket:
    ticket = await Ticket.get_or_none(id=ticket_id, fair_id=fair_id)
    if ticket is None:
        raise NotFound()
    return ticket


async def registration_of(ticket: Ticket) -> Registration:
    return await Registration.get(id=ticket.registration_id)  # type: ignore[attr-defined]
