"""Attendees' personal data is anonymised a set time after the fair; the counts stay."""

from __future__ import annotations

from datetime import timedelta

from fairplanner.models import Fair, Registration
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.services.clock import now
from fairplanner.services.retention import ANONYMOUS_NAME, purge_after_fairs
from tests import factories


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
        submission_key=name,
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
