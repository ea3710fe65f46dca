"""E-mails about bookings: the ticket link, a place offered, and "send me my ticket again".

`ticket_url` holds "{secret}" where the lead ticket's secret goes. Access needs are never put
in e-mails (mailboxes are shared and forwarded).
"""

from __future__ import annotations

from fairplanner.models import Fair, Registration, Ticket
from fairplanner.models.tickets import RegistrationStatus, TicketStatus
from fairplanner.services import notifications
from fairplanner.services.clock import now


async def _lead(registration: Registration) -> Ticket | None:
    return await Ticket.get_or_none(
        registration_id=registration.id, lead=True, status=TicketStatus.VALID
    )


async def _fair(registration: Registration) -> Fair:
    return await Fair.get(id=registration.fair_id)  # type: ignore[attr-defined]


async def booking_email(
    *,
    registration: Registration,
    ticket_url: str,
    fair: Fair | None = None,
    lead: Ticket | None = None,
) -> None:
    if not registration.email:
        return
    lead = lead or await _lead(registration)
    if lead is None:
        return
    fair = fair or await _fair(registration)
    link = ticket_url.format(secret=lead.secret)
    if registration.status == RegistrationStatus.BOOKED:
        subject = f"Your ticket for {fair.title}"
        middle = (
            "Your place is booked. Your ticket is at this link:\n\n"
            f"{link}\n\n"
            "Show the QR code on that page at the door, on your phone or printed. "
            f"Or tell the door this reference: {lead.reference}.\n\n"
            "On that page you can also add the fair to your calendar, change what you need, "
            "or cancel.\n"
        )
    else:
        subject = f"You are on the waiting list for {fair.title}"
        middle = (
            "The fair is full at the moment, so you are on the waiting list. "
            "If a place comes free, we will e-mail you.\n\n"
            f"You can check your place on the list at this link:\n\n{link}\n"
        )
    await notifications.queue_email(
        to=registration.email,
        subject=subject,
        body=f"Hello {registration.name},\n\n{middle}\nKeep this e-mail safe.\n",
    )


async def offer_email(*, registration: Registration, ticket_url: str) -> None:
    lead = await _lead(registration)
    if not registration.email or lead is None or registration.offer_expires_at is None:
        return  # no e-mail: the organisers' list shows who to phone
    fair = await _fair(registration)
    until = registration.offer_expires_at
    hours = max(1, round((until - now()).total_seconds() / 3600))
    await notifications.queue_email(
        to=registration.email,
        subject=f"A place is free for you at {fair.title}",
        body=(
            f"Hello {registration.name},\n\n"
            f"Good news: a place at {fair.title} is free for you.\n\n"
            f"Please say yes within {hours} hours at this link:\n\n"
            f"{ticket_url.format(secret=lead.secret)}\n\n"
            "If you do not say yes in time, we will offer the place to the next person.\n"
        ),
    )


async def resend_tickets(*, email: str, ticket_url: str) -> int:
    """E-mail every live booking made with this address. Returns how many (never shown, so
    the form does not tell strangers who has booked)."""
    address = email.strip().lower()
    if not address:
        return 0
    registrations = await Registration.filter(
        email=address,
        status__in=[
            RegistrationStatus.BOOKED,
            RegistrationStatus.OFFERED,
            RegistrationStatus.WAITING,
        ],
    ).prefetch_related("fair")
    links = []
    for registration in registrations:
        lead = await _lead(registration)
        if lead is not None:
            links.append(f"{registration.fair.title}:\n{ticket_url.format(secret=lead.secret)}")
    if not links:
        return 0
    await notifications.queue_email(
        to=address,
        subject="Your FairPlanner tickets",
        body="Hello,\n\nYou asked us to send your tickets again. Here they are:\n\n"
        + "\n\n".join(links)
        + "\n\nIf you did not ask for this, you can ignore this e-mail.\n",
    )
    return len(links)
