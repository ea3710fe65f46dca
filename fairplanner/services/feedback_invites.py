"""Asking the people who came for feedback: each booking with an e-mail address gets its own
link, made from its lead ticket's secret, so one answer per booking is kept."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError
from fairplanner.models import Fair, Registration
from fairplanner.models.feedback import Audience
from fairplanner.models.tickets import RegistrationStatus, TicketStatus
from fairplanner.services import notifications
from fairplanner.services.feedback import OPEN_PHASES, FeedbackClosed, form_for


async def ask_attendees(*, fair: Fair, link: str) -> int:
    """E-mail every booked attendee their feedback link (`link` has `{secret}`). Returns how
    many e-mails were queued; bookings without e-mail are reached by phone or on paper."""
    if fair.phase not in OPEN_PHASES:
        raise FeedbackClosed()
    if await form_for(fair=fair, audience=Audience.ATTENDEE) is None:
        raise DomainError(
            "no_attendee_form", "Make a feedback form for people who came to the fair first."
        )
    bookings = await Registration.filter(
        fair_id=fair.id, status=RegistrationStatus.BOOKED
    ).prefetch_related("tickets")
    sent = 0
    async with in_transaction():
        for booking in bookings:
            lead = next(
                (t for t in booking.tickets if t.lead and t.status == TicketStatus.VALID), None
            )
            if not booking.email or lead is None:
                continue
            await notifications.queue_email(
                to=booking.email,
                subject=f"How was {fair.title}?",
                body=(
                    f"Hello,\n\nThank you for coming to {fair.title}. Please tell us what it "
                    "was like for you. It takes a few minutes and you do not need to give your "
                    f"name. There is an easy read version.\n\n{link.format(secret=lead.secret)}\n\n"
                    "You can also phone the organiser and tell us.\n"
                ),
            )
            sent += 1
    return sent
