"""Booking a place: registration, capacity, tickets, cancelling and reissuing.

Places are counted in BookingSettings.taken and only ever changed by conditional UPDATEs, so
two people booking the last place at once cannot both get it. The waiting list lives in
waitlist.py; e-mails in ticket_mail.py.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, LinkExpired, NotFound
from fairplanner.export import tokens
from fairplanner.export.ticket_qr import ticket_qr_svg
from fairplanner.models import BookingSettings, Fair, Registration, Ticket
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import (
    RegistrationSource,
    RegistrationStatus,
    TicketKind,
    TicketStatus,
)
from fairplanner.services import ratelimit, sql_steps, ticket_mail

OPEN_PHASES = frozenset({Phase.PUBLISHED, Phase.LIVE})
# Organisers can still book people by phone or at the door until the fair is over.
ORGANISER_PHASES = frozenset({Phase.PLANNING, Phase.PUBLISHED, Phase.LIVE})
MAX_PLACES = 20
MAX_COMPANIONS = 3
REFERENCE_LENGTH = 10
HOLDING = (RegistrationStatus.BOOKED, RegistrationStatus.OFFERED)


@dataclass(frozen=True)
class Booker:
    """What a person tells us when they book (online, by phone, on paper or at the door)."""

    name: str
    email: str = ""
    phone: str = ""
    via_supporter: bool = False
    supporter: str = ""
    group_name: str = ""
    places: int = 1
    companions: int = 0
    access_needs: str = ""
    access_need_keys: tuple[str, ...] = field(default_factory=tuple)
    wants_call: bool = False
    show_at_door: bool = False
    heard_from: str = ""


def _check(booker: Booker) -> None:
    if not booker.name.strip():
        raise DomainError("name_missing", "Enter your name", field="name")
    if not (booker.email or booker.phone or booker.via_supporter):
        raise DomainError(
            "no_contact",
            "Tell us one way to contact you: e-mail, phone, or through a carer or organisation",
            field="email",
        )
    if not 1 <= booker.places <= MAX_PLACES:
        raise DomainError(
            "places", f"The number of places must be between 1 and {MAX_PLACES}", field="places"
        )
    if not 0 <= booker.companions <= MAX_COMPANIONS:
        raise DomainError(
            "companions",
            f"The number of carers or assistants must be between 0 and {MAX_COMPANIONS}",
            field="companions",
        )


async def settings_for(*, fair: Fair) -> BookingSettings:
    found, _ = await BookingSettings.get_or_create(fair_id=fair.id)
    return found


async def set_capacity(*, fair: Fair, capacity: int | None, offer_hours: int) -> BookingSettings:
    found = await settings_for(fair=fair)
    found.capacity = capacity
    found.offer_hours = offer_hours
    await found.save(update_fields=["capacity", "offer_hours"])
    return found


async def take_places(*, fair_id: int, count: int, force: bool = False) -> bool:
    """One conditional UPDATE: true when `count` places were free and are now taken."""
    query = BookingSettings.filter(fair_id=fair_id)
    if not force:
        query = query.filter(Q(capacity__isnull=True) | Q(capacity__gte=F("taken") + count))
    return bool(await query.update(taken=F("taken") + count))


async def release_places(*, fair_id: int, count: int) -> None:
    await BookingSettings.filter(fair_id=fair_id, taken__gte=count).update(taken=F("taken") - count)


def door_name(name: str) -> str:
    """First name and initial: all the door ever sees of a person's name."""
    words = name.split()
    if not words:
        return "Guest"
    shown = words[0] if len(words) == 1 else f"{words[0]} {words[-1][0]}."
    return shown[:60]


@dataclass(frozen=True)
class Booked:
    """A registration, its lead ticket (whose link manages the booking), and whether it is
    new (false when the same form came back: a double click or a retry)."""

    registration: Registration
    lead: Ticket
    new: bool


async def register(
    *,
    fair: Fair,
    booker: Booker,
    source: RegistrationSource,
    submission_key: str,
    ticket_url: str,
) -> tuple[Registration, bool]:
    """Book places (or join the waiting list). Returns the registration and whether it is new:
    the same form sent twice (double click, retry) finds the first booking."""
    booked = await book(
        fair=fair,
        booker=booker,
        source=source,
        submission_key=submission_key,
        ticket_url=ticket_url,
    )
    return booked.registration, booked.new


async def book(
    *,
    fair: Fair,
    booker: Booker,
    source: RegistrationSource,
    submission_key: str,
    ticket_url: str,
    turn: ratelimit.Turn | None = None,
) -> Booked:
    """Book places (or join the waiting list) in one transaction: the rate-limit turn (when
    given), the place, the registration, its tickets and the e-mail, all or nothing.

    The common case is six statements. A second copy of the same form is not looked for
    first: the unique (fair, submission_key) refuses it, the transaction is rolled back and
    the first booking is returned."""
    phases = OPEN_PHASES if source == RegistrationSource.ONLINE else ORGANISER_PHASES
    if fair.phase not in phases:
        raise DomainError("not_open", "Booking is not open for this fair.")
    _check(booker)
    try:
        async with in_transaction():
            if turn is not None:
                await ratelimit.take(turn)
            registration, made = await _create(fair, booker, source, submission_key)
            await ticket_mail.booking_email(
                registration=registration, ticket_url=ticket_url, fair=fair, lead=made[0]
            )
    except IntegrityError:
        # The same form again (at once or later): the first booking stands.
        earlier = await Registration.get_or_none(fair_id=fair.id, submission_key=submission_key)
        if earlier is None:
            raise
        lead = await Ticket.filter(registration_id=earlier.id, lead=True).order_by("-id").first()
        if lead is None:
            raise
        return Booked(registration=earlier, lead=lead, new=False)
    return Booked(registration=registration, lead=made[0], new=True)


# Written by hand: the ORM spent longer building this UPDATE than the database running it.
_TAKE = """UPDATE booking_settings SET taken = taken + ?
WHERE fair_id = ? AND (capacity IS NULL OR capacity >= taken + ?)
AND NOT EXISTS (SELECT 1 FROM registration WHERE fair_id = ? AND status = ?) RETURNING id"""


async def _take_first_places(fair_id: int, count: int) -> bool:
    """Take places only if nobody is waiting (the waiting list is served in order: nobody
    jumps ahead of people already waiting). One conditional UPDATE."""
    if await sql_steps.rows(
        _TAKE, [count, fair_id, count, fair_id, RegistrationStatus.WAITING.value]
    ):
        return True
    if await BookingSettings.exists(fair_id=fair_id):
        return False
    # The fair's first booking: make its settings row (a racing twin is ignored) and retry.
    await BookingSettings.bulk_create([BookingSettings(fair_id=fair_id)], ignore_conflicts=True)
    return await _take_first_places(fair_id, count)


async def _create(
    fair: Fair, booker: Booker, source: RegistrationSource, submission_key: str
) -> tuple[Registration, list[Ticket]]:
    booked = await _take_first_places(fair.id, booker.places)
    registration = await Registration.create(
        fair=fair,
        name=booker.name.strip(),
        email=booker.email.strip().lower(),
        phone=booker.phone.strip(),
        via_supporter=booker.via_supporter,
        supporter=booker.supporter.strip(),
        group_name=booker.group_name.strip(),
        places=booker.places,
        companions=booker.companions,
        access_needs=booker.access_needs.strip(),
        access_need_keys=",".join(booker.access_need_keys),
        wants_call=booker.wants_call,
        show_at_door=booker.show_at_door,
        heard_from=booker.heard_from,
        source=source,
        status=RegistrationStatus.BOOKED if booked else RegistrationStatus.WAITING,
        submission_key=submission_key,
    )
    return registration, await issue_tickets(registration=registration, fresh=True)


async def issue_tickets(*, registration: Registration, fresh: bool = False) -> list[Ticket]:
    """Make the tickets a registration should have and does not: the lead ticket always (its
    link is how the person manages the booking), the rest once they have a place. `fresh`
    says the registration was just made, so it has none yet. All in one INSERT."""
    have = (
        []
        if fresh
        else await Ticket.filter(registration_id=registration.id, status=TicketStatus.VALID)
    )
    wanted: list[tuple[TicketKind, str, bool]] = [
        (TicketKind.ATTENDEE, door_name(registration.name), True)
    ]
    if registration.status == RegistrationStatus.BOOKED:
        host = registration.group_name or door_name(registration.name)
        wanted += [
            (TicketKind.ATTENDEE, f"Guest {n} with {host}"[:60], False)
            for n in range(2, registration.places + 1)
        ]
        wanted += [
            (TicketKind.COMPANION, f"Carer or assistant {n}"[:60], False)
            for n in range(1, registration.companions + 1)
        ]
    made = [_ticket(registration, kind, shown, lead) for kind, shown, lead in wanted[len(have) :]]
    if len(made) == 1:
        await made[0].save()
    elif made:
        await Ticket.bulk_create(made)
        # bulk_create does not give ids back on every database: read the rows it wrote.
        made = await Ticket.filter(secret__in=[t.secret for t in made]).order_by("id")
    return made


def _ticket(registration: Registration, kind: TicketKind, shown: str, lead: bool) -> Ticket:
    return Ticket(
        fair_id=registration.fair_id,  # type: ignore[attr-defined]
        registration_id=registration.id,
        secret=tokens.ticket_secret(),
        reference=tokens.typed_code(REFERENCE_LENGTH),
        door_name=shown,
        kind=kind,
        lead=lead,
    )


async def _new_ticket(
    registration: Registration, kind: TicketKind, shown: str, lead: bool
) -> Ticket:
    ticket = _ticket(registration, kind, shown, lead)
    await ticket.save()
    return ticket


async def ticket_by_secret(*, secret: str) -> Ticket:
    """The ticket for a link. Unknown, mistyped and replaced links all get the same answer."""
    cleaned = secret.strip().upper()
    ticket = None
    if tokens.may_be_ticket_secret(cleaned):
        ticket = await Ticket.get_or_none(secret=cleaned).prefetch_related("registration", "fair")
    if ticket is None or ticket.status == TicketStatus.REISSUED:
        raise LinkExpired(
            "This ticket link does not work. It may have been copied wrongly or replaced "
            "by a new ticket. Use the newest e-mail we sent, or ask us to send it again."
        )
    return ticket


async def tickets_of(*, registration: Registration) -> list[Ticket]:
    return await Ticket.filter(registration_id=registration.id, status=TicketStatus.VALID).order_by(
        "id"
    )


async def qr_for(*, ticket: Ticket) -> str:
    """The ticket's QR code as SVG, made once and kept (the code holds only the secret)."""
    if not ticket.qr_svg:
        ticket.qr_svg = ticket_qr_svg(ticket.secret)
        await Ticket.filter(id=ticket.id).update(qr_svg=ticket.qr_svg)
    return ticket.qr_svg


async def qr_codes(*, tickets: list[Ticket]) -> list[str]:
    """The QR codes of many tickets (a badge sheet): the missing ones made in one go and kept
    in one transaction, instead of one UPDATE per ticket."""
    missing = [t for t in tickets if not t.qr_svg]
    # Made on a worker thread: about 1 ms a code, so a first sheet of 2,000 would otherwise
    # hold up every other request (the doors' scans too) for seconds.
    if missing:
        made = await asyncio.to_thread(lambda: [ticket_qr_svg(t.secret) for t in missing])
        for ticket, svg in zip(missing, made, strict=True):
            ticket.qr_svg = svg
        async with in_transaction():
            await Ticket.bulk_update(missing, fields=["qr_svg"], batch_size=250)
    return [t.qr_svg for t in tickets]


async def reissue(*, ticket: Ticket) -> Ticket:
    """A new secret and reference for one ticket; the old ones stop working at once."""
    async with in_transaction():
        replaced = await Ticket.filter(id=ticket.id, status=TicketStatus.VALID).update(
            status=TicketStatus.REISSUED
        )
        if not replaced:
            raise DomainError("not_valid", "This ticket cannot be replaced: it is not valid.")
        registration = await Registration.get(id=ticket.registration_id)  # type: ignore[attr-defined]
        return await _new_ticket(registration, ticket.kind, ticket.door_name, ticket.lead)


async def update_needs(
    *,
    registration: Registration,
    access_needs: str,
    access_need_keys: tuple[str, ...],
    wants_call: bool,
    show_at_door: bool,
) -> Registration:
    registration.access_needs = access_needs.strip()
    registration.access_need_keys = ",".join(access_need_keys)
    registration.wants_call = wants_call
    registration.show_at_door = show_at_door
    await registration.save(
        update_fields=["access_needs", "access_need_keys", "wants_call", "show_at_door"]
    )
    return registration


async def registration(*, fair: Fair, registration_id: int) -> Registration:
    found = await Registration.get_or_none(id=registration_id, fair_id=fair.id)
    if found is None:
        raise NotFound()
    return found


async def registrations_of(
    *, fair: Fair, search: str = "", statuses: tuple[RegistrationStatus, ...] = ()
) -> list[Registration]:
    query = Registration.filter(fair_id=fair.id)
    if statuses:
        query = query.filter(status__in=list(statuses))
    if search:
        query = query.filter(Q(name__icontains=search) | Q(group_name__icontains=search))
    return await query.order_by("created_at", "id")


async def counts(*, fair: Fair) -> dict[str, int]:
    """Places booked, offered and waiting, and companions coming, for the organiser."""
    rows = await Registration.filter(fair_id=fair.id).values("status", "places", "companions")
    totals = {s.value: 0 for s in RegistrationStatus} | {"companions": 0}
    for row in rows:
        totals[str(row["status"])] += int(row["places"])
        if row["status"] == RegistrationStatus.BOOKED:
            totals["companions"] += int(row["companions"])
    return totals
