"""Asking the people who came for feedback: each booking gets its own link, made from its lead
ticket's secret, so one answer per booking is kept, sent by the way they can be reached
(services/messaging: e-mail, a text, or the organisers' list of people to contact)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError
from fairplanner.models import Fair, Registration
from fairplanner.models.enums import ContactChannel
from fairplanner.models.feedback import Audience
from fairplanner.models.tickets import RegistrationStatus, TicketStatus
from fairplanner.services import messaging
from fairplanner.services.feedback import OPEN_PHASES, FeedbackClosed, form_for


@dataclass(frozen=True)
class Reached:
    """How many messages went each way: e-mails to the outbox, texts queued for the gateway,
    and people put on the fair's "people to contact" list (phone, post, a supporter)."""

    emailed: int = 0
    texted: int = 0
    to_contact: int = 0

    @classmethod
    def count(cls, routes: Sequence[str]) -> Reached:
        return cls(
            emailed=routes.count("email"),
            texted=routes.count("text"),
            to_contact=routes.count("list"),
        )


def attendee(registration: Registration) -> messaging.Recipient:
    """How to reach someone who booked: e-mail if they gave one, else a text (or a call, if
    they asked for one) to their phone, else through their supporter."""
    if registration.email:
        channel = ContactChannel.EMAIL
    elif registration.phone:
        channel = ContactChannel.PHONE if registration.wants_call else ContactChannel.TEXT
    else:
        channel = ContactChannel.SUPPORTER
    return messaging.Recipient(
        name=registration.name,
        channel=channel,
        email=registration.email,
        phone=registration.phone,
        note=f"through {registration.supporter}" if registration.supporter else "",
    )


async def ask_attendees(*, fair: Fair, link: str) -> Reached:
    """Send every booked attendee their feedback link (`link` has `{secret}`), each by their
    own channel. Pressing again sends again."""
    if fair.phase not in OPEN_PHASES:
        raise FeedbackClosed()
    if await form_for(fair=fair, audience=Audience.ATTENDEE) is None:
        raise DomainError(
            "no_attendee_form", "Make a feedback form for people who came to the fair first."
        )
    bookings = await Registration.filter(
        fair_id=fair.id, status=RegistrationStatus.BOOKED
    ).prefetch_related("tickets")
    routes: list[str] = []
    async with in_transaction():
        for booking in bookings:
            lead = next(
                (t for t in booking.tickets if t.lead and t.status == TicketStatus.VALID), None
            )
            if lead is None:
                continue
            delivery = await messaging.send(
                to=attendee(booking),
                subject=f"How was {fair.title}?",
                body=(
                    f"Hello,\n\nThank you for coming to {fair.title}. Please tell us what it "
                    "was like for you. It takes a few minutes and you do not need to give your "
                    f"name. There is an easy read version.\n\n{link.format(secret=lead.secret)}\n\n"
                    "You can also phone the organiser and tell us.\n"
                ),
                fair_id=fair.id,
                kind="feedback_ask",
            )
            routes.append(delivery.route)
    return Reached.count(routes)
