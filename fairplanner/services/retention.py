"""Deleting attendees' personal data a set number of days after their fair.

Names, contact details, free-text needs and door notes go, and so do the messages sent to the
bookers (e-mails, texts, the organisers' list of people to contact), which repeat their name
and address. What the review counts stays (how many booked and came, which catalogue needs
were stated, how people heard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from fairplanner.models import ContactMessage, Fair, Person, Registration, Ticket
from fairplanner.services import notifications
from fairplanner.services.clock import now

ANONYMOUS_NAME = "Attendee"
# Addresses looked up at a time: a first purge of many fairs could pass the database's limit
# on parameters in one statement (PostgreSQL takes 32,767).
_CHUNK = 500


@dataclass(frozen=True)
class PurgeReport:
    fairs: int
    registrations: int
    # E-mails, texts and contact-list items to the bookers, deleted.
    messages: int = 0


async def purge_after_fairs(*, retention_days: int) -> PurgeReport:
    """Anonymise the bookings of every fair that ended more than `retention_days` ago.
    Safe to run again: already anonymised rows are left as they are."""
    cutoff = now() - timedelta(days=retention_days)
    fair_ids = await Fair.filter(ends_at__lt=cutoff).values_list("id", flat=True)
    if not fair_ids:
        return PurgeReport(fairs=0, registrations=0)
    async with in_transaction():
        not_yet = (
            Q(name__not=ANONYMOUS_NAME)
            | Q(email__not="")
            | Q(phone__not="")
            | Q(supporter__not="")
            | Q(access_needs__not="")
        )
        pending = Registration.filter(not_yet, fair_id__in=fair_ids)
        emails = await pending.filter(email__not="").values_list("email", flat=True)
        addresses = {str(email) for email in emails}
        changed = await pending.update(
            name=ANONYMOUS_NAME, email="", phone="", supporter="", access_needs=""
        )
        await Ticket.filter(fair_id__in=fair_ids).update(door_name="", qr_svg="")
        # Messages with no person on them in these fairs are the bookers' (members' carry
        # their person). E-mails carry no fair, so they go by address, but not while the
        # address still has a booking not yet purged or an account: they may be about that.
        messages = await ContactMessage.filter(
            fair_id__in=fair_ids, person_id__isnull=True
        ).delete()
        ordered = sorted(addresses)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            in_use = set(
                await Registration.filter(email__in=chunk)
                .exclude(fair_id__in=fair_ids)
                .values_list("email", flat=True)
            ) | set(await Person.filter(email__in=chunk).values_list("email", flat=True))
            messages += await notifications.forget_emails_to(set(chunk) - in_use)
    return PurgeReport(fairs=len(fair_ids), registrations=changed, messages=messages)
