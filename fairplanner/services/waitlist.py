"""The waiting list: freed places are offered in order, each offer held for a while, then
passed on. Every change of state is a conditional UPDATE on the status it expects."""

from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, LinkExpired
from fairplanner.models import BookingSettings, Registration, Ticket
from fairplanner.models.tickets import RegistrationStatus, TicketStatus
from fairplanner.services import ticket_mail
from fairplanner.services.clock import now
from fairplanner.services.tickets import HOLDING, issue_tickets, release_places, take_places


async def expire_offers(*, fair_id: int) -> int:
    """Offers past their time go back to the pool. Returns how many expired."""
    expired = 0
    stale = await Registration.filter(
        fair_id=fair_id, status=RegistrationStatus.OFFERED, offer_expires_at__lt=now()
    )
    for offer in stale:
        async with in_transaction():
            done = await Registration.filter(id=offer.id, status=RegistrationStatus.OFFERED).update(
                status=RegistrationStatus.EXPIRED
            )
            if done:
                await release_places(fair_id=fair_id, count=offer.places)
                expired += 1
    return expired


async def offer_next(*, fair_id: int, ticket_url: str) -> list[Registration]:
    """Offer free places to the people waiting longest, in order, until one does not fit."""
    await expire_offers(fair_id=fair_id)
    settings = await BookingSettings.get_or_none(fair_id=fair_id)
    hours = settings.offer_hours if settings else 48
    offered: list[Registration] = []
    while True:
        waiting = (
            await Registration.filter(fair_id=fair_id, status=RegistrationStatus.WAITING)
            .order_by("created_at", "id")
            .first()
        )
        if waiting is None:
            break
        async with in_transaction():
            if not await take_places(fair_id=fair_id, count=waiting.places):
                break
            until = now() + timedelta(hours=hours)
            claimed = await Registration.filter(
                id=waiting.id, status=RegistrationStatus.WAITING
            ).update(status=RegistrationStatus.OFFERED, offer_expires_at=until)
            if not claimed:
                await release_places(fair_id=fair_id, count=waiting.places)
                continue
            waiting.status = RegistrationStatus.OFFERED
            waiting.offer_expires_at = until
            await ticket_mail.offer_email(registration=waiting, ticket_url=ticket_url)
        offered.append(waiting)
    return offered


async def confirm_offer(*, registration: Registration, ticket_url: str) -> Registration:
    """The person says yes to a held place: it becomes theirs, with tickets."""
    fair_id = registration.fair_id  # type: ignore[attr-defined]
    if registration.status == RegistrationStatus.BOOKED:
        return registration
    if registration.status != RegistrationStatus.OFFERED:
        raise DomainError("no_offer", "There is no place waiting for you to confirm.")
    if registration.offer_expires_at is None or registration.offer_expires_at < now():
        await offer_next(fair_id=fair_id, ticket_url=ticket_url)
        raise LinkExpired(
            "Sorry, the time to confirm this place has passed, so it was offered to someone "
            "else. Please contact the organisers if you would still like to come."
        )
    async with in_transaction():
        done = await Registration.filter(
            id=registration.id, status=RegistrationStatus.OFFERED
        ).update(status=RegistrationStatus.BOOKED, offer_expires_at=None)
        if not done:
            raise DomainError("no_offer", "There is no place waiting for you to confirm.")
        registration.status = RegistrationStatus.BOOKED
        await issue_tickets(registration=registration)
        await ticket_mail.booking_email(registration=registration, ticket_url=ticket_url)
    return registration


async def cancel(*, registration: Registration, ticket_url: str) -> Registration:
    """Cancel a booking (or a place on the waiting list). Its tickets stop working and any
    place it held is offered to the next person waiting."""
    fair_id = registration.fair_id  # type: ignore[attr-defined]
    before = registration.status
    async with in_transaction():
        done = await Registration.filter(id=registration.id, status=before).update(
            status=RegistrationStatus.CANCELLED, offer_expires_at=None
        )
        if not done:
            raise DomainError("changed", "This booking changed while you were looking at it.")
        if before in HOLDING:
            await release_places(fair_id=fair_id, count=registration.places)
        await Ticket.filter(registration_id=registration.id, status=TicketStatus.VALID).update(
            status=TicketStatus.CANCELLED
        )
    registration.status = RegistrationStatus.CANCELLED
    if before in HOLDING:
        await offer_next(fair_id=fair_id, ticket_url=ticket_url)
    return registration


async def book_now(*, registration: Registration, ticket_url: str) -> Registration:
    """An organiser gives someone a place straight away, even past the limit."""
    fair_id = registration.fair_id  # type: ignore[attr-defined]
    before = registration.status
    if before == RegistrationStatus.BOOKED:
        return registration
    async with in_transaction():
        done = await Registration.filter(id=registration.id, status=before).update(
            status=RegistrationStatus.BOOKED, offer_expires_at=None
        )
        if not done:
            raise DomainError("changed", "This booking changed while you were looking at it.")
        if before != RegistrationStatus.OFFERED:  # an offer already holds its places
            await take_places(fair_id=fair_id, count=registration.places, force=True)
        if before == RegistrationStatus.CANCELLED:
            await Ticket.filter(
                registration_id=registration.id, status=TicketStatus.CANCELLED
            ).update(status=TicketStatus.VALID)
        registration.status = RegistrationStatus.BOOKED
        await issue_tickets(registration=registration)
        await ticket_mail.booking_email(registration=registration, ticket_url=ticket_url)
    return registration


async def position(*, registration: Registration) -> int:
    """1 for the first person waiting."""
    ahead = await Registration.filter(
        fair_id=registration.fair_id,  # type: ignore[attr-defined]
        status=RegistrationStatus.WAITING,
        created_at__lt=registration.created_at,
    ).count()
    return ahead + 1
