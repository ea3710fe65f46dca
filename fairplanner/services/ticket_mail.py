"""Messages about bookings: the ticket link (with the fair as a calendar file), a place
offered, and "send me my ticket again". All go through the messaging service, by the route
each booking allows.

A booking has no stored channel, so the route follows what the person gave us: an e-mail
address gets e-mail; otherwise a UK mobile number (07..., +447...) gets a text; any other
phone number, or "through my carer or organisation", puts the message on the organisers' list
of people to contact (they phone, or tell the supporter).

`ticket_url` holds "{secret}" where the lead ticket's secret goes. Access needs are never put
in messages (mailboxes and phones are shared) nor in the calendar file.
"""

from __future__ import annotations

import re

from fairplanner.models import Fair, Registration, Ticket
from fairplanner.models.enums import ContactChannel
from fairplanner.models.tickets import RegistrationStatus, TicketStatus
from fairplanner.services import calendars, messaging
from fairplanner.services.clock import now

_MOBILE = re.compile(r"^(?:07\d{9}|447\d{9})$")


def recipient(registration: Registration) -> messaging.Recipient:
    """How to reach the person who booked, from the contact details they gave."""
    if registration.email:
        channel = ContactChannel.EMAIL
    elif registration.phone:
        digits = re.sub(r"\D", "", registration.phone)
        channel = ContactChannel.TEXT if _MOBILE.match(digits) else ContactChannel.PHONE
    else:
        channel = ContactChannel.SUPPORTER
    return messaging.Recipient(
        name=registration.name,
        channel=channel,
        email=registration.email,
        phone=registration.phone,
        note=registration.supporter if registration.via_supporter else "",
    )


async def _lead(registration: Registration) -> Ticket | None:
    return await Ticket.get_or_none(
        registration_id=registration.id, lead=True, status=TicketStatus.VALID
    )


async def _fair(registration: Registration) -> Fair:
    return await Fair.get(id=registration.fair_id)  # type: ignore[attr-defined]


async def fair_attachment(*, fair: Fair, ticket_url: str) -> messaging.Attachment:
    """The fair as an .ics file, the same file (UID, SEQUENCE) as the "add to calendar" link."""
    made = await calendars.fair_file(fair=fair, domain=calendars.domain_of(ticket_url))
    return messaging.Attachment(filename="fair.ics", content_type="text/calendar", data=made.body)


async def booking_email(
    *,
    registration: Registration,
    ticket_url: str,
    fair: Fair | None = None,
    lead: Ticket | None = None,
) -> None:
    """The ticket link by e-mail (with the calendar file) or text. Not put on the organisers'
    list: people without e-mail or a mobile booked by talking to an organiser, or saw their
    ticket page when they booked online."""
    to = recipient(registration)
    if messaging.route_for(to) == "list":
        return
    lead = lead or await _lead(registration)
    if lead is None:
        return
    fair = fair or await _fair(registration)
    link = ticket_url.format(secret=lead.secret)
    attachments: tuple[messaging.Attachment, ...] = ()
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
        if to.channel == ContactChannel.EMAIL:
            attachments = (await fair_attachment(fair=fair, ticket_url=ticket_url),)
            middle += "\nThe fair is also attached as a calendar file (fair.ics).\n"
    else:
        subject = f"You are on the waiting list for {fair.title}"
        middle = (
            "The fair is full at the moment, so you are on the waiting list. "
            "If a place comes free, we will tell you.\n\n"
            f"You can check your place on the list at this link:\n\n{link}\n"
        )
    await messaging.send(
        to=to,
        subject=subject,
        body=f"Hello {registration.name},\n\n{middle}\nKeep this message safe.\n",
        fair_id=fair.id,
        kind="ticket",
        attachments=attachments,
    )


async def offer_email(*, registration: Registration, ticket_url: str) -> None:
    """A freed place, offered by the person's route: e-mail, text, or the organisers' list of
    people to phone (with the link to read out or send on)."""
    lead = await _lead(registration)
    if lead is None or registration.offer_expires_at is None:
        return
    fair = await _fair(registration)
    until = registration.offer_expires_at
    hours = max(1, round((until - now()).total_seconds() / 3600))
    await messaging.send(
        to=recipient(registration),
        subject=f"A place is free for you at {fair.title}",
        body=(
            f"Hello {registration.name},\n\n"
            f"Good news: a place at {fair.title} is free for you.\n\n"
            f"Please say yes within {hours} hours at this link:\n\n"
            f"{ticket_url.format(secret=lead.secret)}\n\n"
            "If you do not say yes in time, we will offer the place to the next person.\n"
        ),
        fair_id=fair.id,
        kind="ticket_offer",
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
    await messaging.send(
        to=messaging.Recipient(name="", channel=ContactChannel.EMAIL, email=address),
        subject="Your FairPlanner tickets",
        body="Hello,\n\nYou asked us to send your tickets again. Here they are:\n\n"
        + "\n\n".join(links)
        + "\n\nIf you did not ask for this, you can ignore this e-mail.\n",
        fair_id=None,
        kind="ticket_resend",
    )
    return len(links)
