"""A volunteer's shifts appear in their personal calendar feed, with stable ids."""

from __future__ import annotations

from fairplanner.models.enums import Role
from fairplanner.services import calendars, signups
from tests import factories
from tests import volunteering_factories as vf


async def test_a_signed_up_shift_is_in_the_persons_feed(db: str) -> None:
    organisation, boss = await factories.light_organiser()
    fair = await factories.fair(by=boss, organisation=organisation)
    volunteer = await factories.light_member(fair, Role.VOLUNTEER)
    shift = await vf.shift(
        fair, await vf.active_role(fair, boss, "Welcome desk"), start_hour=10, hours=2
    )
    await signups.sign_up(shift=shift, person=volunteer)

    events = await calendars.feed_events(person=volunteer, domain="fairplanner.example")
    again = await calendars.feed_events(person=volunteer, domain="fairplanner.example")

    shift_events = [e for e in events if e.summary == "Volunteering: Welcome desk"]
    assert len(shift_events) == 1
    assert (shift_events[0].starts_at, shift_events[0].ends_at) == (shift.starts_at, shift.ends_at)
    assert shift_events[0].uid in {e.uid for e in again}
    assert fair.title in shift_events[0].description


async def test_someone_without_shifts_gets_only_their_fairs(db: str) -> None:
    organisation, boss = await factories.light_organiser()
    fair = await factories.fair(by=boss, organisation=organisation)

    events = await calendars.feed_events(person=boss, domain="fairplanner.example")

    assert [e.summary for e in events] == [fair.title]
