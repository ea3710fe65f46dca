"""Attendees' personal data is anonymised a set time after the fair; the counts stay."""

from __future__ import annotations

import secrets
from datetime import timedelta

from fairplanner.models import Fair, OutboxAttachment, OutboxMessage, Registration
from fairplanner.models.enums import Role
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.services import messaging, ticket_mail
from fairplanner.services.clock import now
from fairplanner.services.messaging import Attachment, Recipient
from fairplanner.services.retention import ANONYMOUS_NAME, purge_after_fairs
from tests import factories
from tests.helpers import rows_holding


async def _booking(fair: Fair, name: str) -> Registration:
    return await Registration.create(
        fair=fair,
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        phone="07700 900123",
        access_needs="I need a quiet room and a hearing loop",
        access_need_keys="quiet_space,hearing_loop",
        heard_from="day_centre",
        source=RegistrationSource.ONLINE,
        status=RegistrationStatus.BOOKED,
        # Random, as the form's are (the name would stay in it after the purge).
        submission_key=secrets.token_hex(16),
    )


async def test_bookings_of_a_fair_long_past_are_anonymised_and_counts_kept(db: str) -> None:
    organisation, organiser = await factories.organiser()
    old = await factories.fair(by=organiser, organisation=organisation, title="Last year")
    old.starts_at = now() - timedelta(days=120, hours=5)
    old.ends_at = now() - timedelta(days=120)
    await old.save()
    recent = await factories.fair(by=organiser, organisation=organisation, title="Last month")
    recent.starts_at = now() - timedelta(days=30, hours=5)
    recent.ends_at = now() - timedelta(days=30)
    await recent.save()
    await _booking(old, "Ann Old")
    await _booking(recent, "Rita Recent")

    report = await purge_after_fairs(retention_days=90)
    again = await purge_after_fairs(retention_days=90)

    purged = await Registration.get(fair_id=old.id)
    kept = await Registration.get(fair_id=recent.id)
    assert (report.fairs, report.registrations, again.registrations) == (1, 1, 0)
    assert (purged.name, purged.email, purged.phone, purged.access_needs) == (
        ANONYMOUS_NAME,
        "",
        "",
        "",
    )
    assert (purged.access_need_keys, purged.heard_from) == (
        "quiet_space,hearing_loop",
        "day_centre",
    )
    assert kept.name == "Rita Recent"


async def test_purge_deletes_messages_to_the_bookers_of_a_fair_long_past(db: str) -> None:
    organisation, organiser = await factories.organiser()
    old = await factories.fair(by=organiser, organisation=organisation, title="Last year")
    old.ends_at = now() - timedelta(days=120)
    await old.save()
    recent = await factories.fair(by=organiser, organisation=organisation, title="Last month")
    ann = await _booking(old, "Ann Old")
    # Cal booked through her support worker (a landline, so the organisers phone him).
    cal = await _booking(old, "Cal Carer")
    await Registration.filter(id=cal.id).update(
        email="", phone="01632 960111", via_supporter=True, supporter="Dev at Mill House"
    )
    # Bea booked both fairs with one address: e-mails to it may be about the later fair.
    bea_then, bea_now = await _booking(old, "Bea Both"), await _booking(recent, "Bea Both")
    member = await factories.member(old, Role.VOLUNTEER)
    sent = []
    for booking in (ann, await Registration.get(id=cal.id), bea_then, bea_now):
        delivery = await messaging.send(
            to=ticket_mail.recipient(booking),
            subject=f"Your ticket for {(await Fair.get(id=booking.fair_id)).title}",  # type: ignore[attr-defined]
            body=f"Hello {booking.name},\n\nYour place is booked.\n",
            fair_id=booking.fair_id,  # type: ignore[attr-defined]
            kind="ticket",
            attachments=[Attachment("fair.ics", "text/calendar", b"BEGIN:VCALENDAR")],
        )
        sent.append(delivery.route)
    to_member = await messaging.send(
        to=Recipient.for_person(member), subject="Thanks", body="", fair_id=old.id, kind="x"
    )
    assert sent == ["email", "list", "email", "email"]
    for held in ("Ann Old", "ann@example.org", "Cal Carer", "01632 960111", "Mill House"):
        assert await rows_holding(held), held

    report = await purge_after_fairs(retention_days=90)
    again = await purge_after_fairs(retention_days=90)

    for held in ("Ann Old", "ann@example.org", "Cal Carer", "01632 960111", "Mill House"):
        assert await rows_holding(held) == [], held
    # Ann's e-mail (with its calendar file counted with it) and Cal's contact-list item.
    assert (report.messages, again.messages) == (2, 0)
    assert await OutboxMessage.filter(to_address="bea@example.org").count() == 2
    assert await OutboxAttachment.all().count() == 2  # only Bea's are left
    assert await OutboxMessage.filter(id=to_member.message_id).count() == 1
