"""Fairs, bookings and feedback for the feedback and review tests, made straight from the
committed models (bookings) and through our own services (feedback)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from itertools import count

from fairplanner.export import tokens
from fairplanner.models import Fair, Membership, Person, Registration, Ticket
from fairplanner.models.checkin import Direction, Presence
from fairplanner.models.enums import Group, Phase, Role
from fairplanner.models.tickets import (
    RegistrationSource,
    RegistrationStatus,
    TicketKind,
)
from fairplanner.models.venues import AnswerState
from fairplanner.services import checkin, tickets, venues, waitlist
from fairplanner.services.checkin_rules import Result
from tests import checkin_factories, factories

_n = count(1)


async def fair(phase: Phase = Phase.REVIEW) -> tuple[Fair, Person]:
    organisation, boss = await factories.organiser()
    made = await factories.fair(by=boss, organisation=organisation)
    made.phase = phase
    await made.save(update_fields=["phase"])
    return made, boss


async def member(fair: Fair, role: Role, group: Group = Group.SERVICE_USER) -> Person:
    return await factories.member(fair, role, group)


async def booking(
    fair: Fair,
    *,
    status: RegistrationStatus = RegistrationStatus.BOOKED,
    heard_from: str = "",
    needs: str = "",
    source: RegistrationSource = RegistrationSource.ONLINE,
    places: int = 1,
) -> Ticket:
    """A registration with its lead ticket; returns the ticket."""
    n = next(_n)
    registration = await Registration.create(
        fair=fair,
        name=f"Attendee {n}",
        email=f"attendee{n}@example.org",
        places=places,
        access_need_keys=needs,
        heard_from=heard_from,
        source=source,
        status=status,
        submission_key=secrets.token_urlsafe(12),
    )
    return await Ticket.create(
        fair=fair,
        registration=registration,
        secret=tokens.ticket_secret(),
        reference=f"R{n:09d}"[:12],
        door_name=f"Attendee {n}"[:60],
        kind=TicketKind.ATTENDEE,
        lead=True,
    )


async def walk_in(fair: Fair, name: str) -> Ticket:
    registration, _ = await tickets.register(
        fair=fair,
        booker=tickets.Booker(name=name, phone="01632 960000"),
        source=RegistrationSource.DOOR,
        submission_key=secrets.token_urlsafe(12),
        ticket_url="http://testserver/tickets/{secret}",
    )
    return await Ticket.get(registration_id=registration.id, lead=True)


async def let_in(device: checkin.Device, ticket: Ticket) -> checkin.Scan:
    scan = await checkin.redeem(device=device, code=ticket.secret, nonce=secrets.token_hex(8))
    assert scan.result == Result.OK, scan.result
    return scan


async def chosen_venue(fair: Fair, boss: Person) -> None:
    """The chosen venue: a meeting point by the entrance (need MEET met), no lit place for an
    interpreter (need BSL: a possible barrier); nothing about quiet space (Q: not checked)."""
    hall = await venues.add_venue(
        fair=fair, details=venues.VenueDetails(name="Riverside Hall", postcode="RV1 2AB"), by=boss
    )
    await venues.choose_venue(venue=hall)
    visit = await venues.start_assessment(venue=hall, person=boss)
    await venues.save_answer(
        assessment=visit, item_code="RC01", state=AnswerState.ANSWERED, value="yes"
    )
    await venues.save_answer(
        assessment=visit, item_code="HE02", state=AnswerState.ANSWERED, value="no"
    )


async def checked_in_fair() -> tuple[Fair, Person]:
    """By hand:
    - Ann: 2 places, needs MEET, door notes yes; both tickets let in at the main door, 10:xx.
    - Ben: needs MEET and BSL, door notes yes; let in at the side door at 11:xx, went out and
      came back in (one person), and also through the main door (counted once in all, once
      at each door).
    - Cat: needs Q, door notes no; let in at 11:xx (noted arrivals do not count her).
    - Dan: needs MEET, door notes yes; never came (a no-show).
    - Eve: scanned by mistake and the scan undone: a no-show.
    - Fay: cancelled her booking (not booked, not a no-show).
    - Gus: a walk-in booked at the door and let in at 12:xx.
    So: people booked 2+1+1+1+1+1 = 7 tickets; came in 2+1+1+1 = 5; no-shows Dan, Eve = 2;
    walk-ins who came 1; main door 5 (Ann x2, Ben, Cat, Gus), side door 1 (Ben); first arrivals
    10am 2, 11am 2, 12pm 1. Needs stated by bookings still booked: MEET 3 (Ann, Ben, Dan),
    BSL 1, Q 1. Venue: Ann and Dan met (2), Ben a barrier (1), Cat not checked (1). Door
    notes seen, for people who came and agreed: Ann and Ben (2): "Would like to be met" 2,
    "Uses British Sign Language" 1.
    """
    fair, boss, _, device = await checkin_factories.setup()
    side = await checkin_factories.door_list(fair, "Side door")
    side_device, _ = await checkin_factories.paired(fair, side, boss)
    await chosen_venue(fair, boss)
    ann = await checkin_factories.booked(
        fair,
        "Ann Abbot",
        places=2,
        access_need_keys=("MEET",),
        access_needs="Biscuit, my guide dog, comes too",
        show_at_door=True,
    )
    ben = await checkin_factories.booked(
        fair, "Ben Bell", access_need_keys=("MEET", "BSL"), show_at_door=True
    )
    cat = await checkin_factories.booked(fair, "Cat Cole", access_need_keys=("Q",))
    await checkin_factories.booked(fair, "Dan Dee", access_need_keys=("MEET",), show_at_door=True)
    eve = await checkin_factories.booked(fair, "Eve Ede")
    fay = await checkin_factories.booked(fair, "Fay Fox")
    await waitlist.cancel(
        registration=await fay.registration, ticket_url="http://testserver/tickets/{secret}"
    )
    gus = await walk_in(fair, "Gus Gray")
    ann_guest = await Ticket.get(registration_id=ann.registration_id, lead=False)  # type: ignore[attr-defined]
    for ticket in (ann, ann_guest, cat, gus):
        await let_in(device, ticket)
    await let_in(side_device, ben)
    await checkin.redeem(
        device=side_device, code=ben.secret, nonce="ben-out", direction=Direction.EXIT
    )
    await let_in(side_device, ben)
    await let_in(device, ben)
    mistake = await let_in(device, eve)
    await checkin.undo(device=device, scan_id=mistake.id)
    # The scans happened just now; put first arrivals on the fair's day (10:00 London is 09:00
    # UTC in June) so "by hour" can be counted by hand.
    at = {ann.id: 9, ann_guest.id: 9, ben.id: 10, cat.id: 10, gus.id: 11}
    for ticket_id, hour in at.items():
        await Presence.filter(ticket_id=ticket_id).update(
            first_entry_at=datetime(2027, 6, 12, hour, 20, tzinfo=UTC)
        )
    fair.phase = Phase.REVIEW  # the day is over
    await fair.save(update_fields=["phase"])
    return fair, boss


async def membership(fair: Fair, person: Person) -> Membership:
    return await Membership.get(fair_id=fair.id, person_id=person.id)
