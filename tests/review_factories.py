"""Fairs, bookings and feedback for the feedback and review tests, made straight from the
committed models (bookings) and through our own services (feedback)."""

from __future__ import annotations

import secrets
from itertools import count

from fairplanner.export import tokens
from fairplanner.models import Fair, Membership, Person, Registration, Ticket
from fairplanner.models.enums import Group, Phase, Role
from fairplanner.models.tickets import (
    RegistrationSource,
    RegistrationStatus,
    TicketKind,
)
from tests import factories

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


async def membership(fair: Fair, person: Person) -> Membership:
    return await Membership.get(fair_id=fair.id, person_id=person.id)
