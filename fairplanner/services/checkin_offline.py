"""The door when the network fails: the snapshot a paired phone keeps to decide scans on its
own, the conflict report after offline scans are synced, and the no-show list.

The snapshot holds only what the door is shown for a scan anyway (first name and initial,
door notes the attendee agreed to share) plus, per ticket, a short SHA-256 digest of the
secret and of the reference: never a secret, a surname, a contact or a need in the booker's
own words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fairplanner.models import Fair, Registration, Ticket
from fairplanner.models.checkin import CheckIn, CheckInList, Direction, Presence
from fairplanner.models.tickets import RegistrationStatus
from fairplanner.services import access_flags
from fairplanner.services.checkin import Device
from fairplanner.services.checkin_rules import exported_rules
from fairplanner.services.clock import now

# 16 hex characters (64 bits) of SHA-256: no two of a fair's tickets share one in practice,
# and the snapshot stays small (about 100 bytes a ticket).
DIGEST_LENGTH = 16


def code_digest(code: str) -> str:
    """The digest the page computes (crypto.subtle) from a normalised secret or reference."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()[:DIGEST_LENGTH]


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


async def snapshot(*, device: Device) -> dict[str, Any]:
    """Everything the scanner page needs to decide scans at its door without the network."""
    rows = await Ticket.filter(fair_id=device.door.fair_id).values_list(
        "id",
        "secret",
        "reference",
        "door_name",
        "status",
        "registration__status",
        "registration__show_at_door",
        "registration__access_need_keys",
        "registration__companions",
    )
    presence = {
        int(ticket_id): (bool(inside), int(entries))
        for ticket_id, inside, entries in await Presence.filter(
            checkin_list_id=device.list_id
        ).values_list("ticket_id", "inside", "entries")
    }
    tickets = []
    for ticket_id, secret, reference, name, status, reg_status, show, keys, companions in rows:
        inside, entries = presence.get(int(ticket_id), (False, 0))
        booked = str(reg_status) == RegistrationStatus.BOOKED.value
        tickets.append(
            {
                "s": code_digest(str(secret)),
                "r": code_digest(str(reference)),
                "v": str(status) == "valid",
                "g": str(reg_status),
                "n": str(name) if booked else "",
                "d": (
                    access_flags.notes_for(
                        show_at_door=bool(show), keys=str(keys or ""), companions=int(companions)
                    )
                    if booked
                    else []
                ),
                "i": inside,
                "e": entries,
            }
        )
    door = device.door
    return {
        "device": device.id,
        "list": device.list_id,
        "taken_at": now().isoformat(),
        "door": {
            "opens_at": _iso(door.opens_at),
            "closes_at": _iso(door.closes_at),
            "allow_reentry": door.allow_reentry,
        },
        "inside": sum(1 for inside, _ in presence.values() if inside),
        **exported_rules(),
        "tickets": tickets,
    }


@dataclass(frozen=True)
class Admission:
    device: str
    at: datetime
    offline: bool
    conflict: str


@dataclass
class Conflict:
    """A ticket let in by an offline phone although the server would have refused it:
    usually let in twice (two phones, at least one offline)."""

    name: str
    door: str
    reason: str
    admissions: list[Admission] = field(default_factory=list)


def _when(scan: CheckIn) -> datetime:
    # An offline scan happened when the phone says (its clock); the server saw it later.
    return scan.client_time if scan.offline and scan.client_time else scan.created_at


async def conflicts(*, fair: Fair) -> list[Conflict]:
    """Every offline admission the server would not have made, with every admission of that
    ticket at that door (which phone, when, offline or not)."""
    flagged = (
        await CheckIn.filter(checkin_list__fair_id=fair.id, offline=True)
        .exclude(conflict="")
        .prefetch_related("checkin_list", "ticket", "device")
        .order_by("created_at", "id")
    )
    found: dict[tuple[int, int | None], Conflict] = {}
    for scan in flagged:
        key = (scan.checkin_list_id, scan.ticket_id)  # type: ignore[attr-defined]
        if key in found:
            continue
        door_list: CheckInList = scan.checkin_list
        found[key] = Conflict(
            name=scan.ticket.door_name if scan.ticket else f"Code {scan.code_hint}",
            door=door_list.name,
            reason=scan.conflict,
        )
    if not found:
        return []
    entries = (
        await CheckIn.filter(
            checkin_list__fair_id=fair.id,
            ticket_id__in=[ticket for _, ticket in found if ticket is not None],
            direction=Direction.ENTRY,
            annulled_at__isnull=True,
        )
        .filter(successful=True)
        .prefetch_related("device")
        .order_by("created_at", "id")
    )
    # Offline admissions the server refused (a cancelled ticket) are not "successful" rows.
    for scan in [*entries, *[s for s in flagged if not s.successful]]:
        key = (scan.checkin_list_id, scan.ticket_id)  # type: ignore[attr-defined]
        if key not in found:
            continue
        device = scan.device
        found[key].admissions.append(
            Admission(
                device=device.label if device else "A phone no longer paired",
                at=_when(scan),
                offline=scan.offline,
                conflict=scan.conflict,
            )
        )
    for conflict in found.values():
        conflict.admissions.sort(key=lambda a: a.at)
    return list(found.values())


@dataclass(frozen=True)
class NoShow:
    name: str
    contact: str
    places: int


def contact_route(registration: Registration) -> str:
    """How to reach a booker, in words: one route, the one they gave first."""
    if registration.via_supporter and registration.supporter:
        return f"Through their supporter: {registration.supporter}"
    if registration.phone:
        return f"Phone {registration.phone}"
    if registration.email:
        return f"E-mail {registration.email}"
    return "No contact given"


async def doors_opened(fair: Fair, lists: list[CheckInList], at: datetime | None = None) -> bool:
    """True once the first door has opened (a door with no time opens when the fair starts),
    or anyone came in already."""
    at = at or now()
    starts = [door_list.opens_at or fair.starts_at for door_list in lists]
    if starts and min(starts) <= at:
        return True
    return bool(lists) and await Presence.filter(checkin_list__fair_id=fair.id).exists()


async def no_shows(*, fair: Fair) -> list[NoShow]:
    """Bookings with places where nobody came in through any door yet: for welfare calls."""
    arrived = {
        int(str(registration_id))
        for registration_id in await Presence.filter(checkin_list__fair_id=fair.id).values_list(
            "ticket__registration_id", flat=True
        )
    }
    booked = await Registration.filter(fair_id=fair.id, status=RegistrationStatus.BOOKED).order_by(
        "name", "id"
    )
    return [
        NoShow(name=r.name, contact=contact_route(r), places=r.places)
        for r in booked
        if r.id not in arrived
    ]
