"""Roles, shifts and buddy profiles made through the services, for the volunteering tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fairplanner.models import Fair, Person, Shift, VolunteerRole
from fairplanner.models.buddies import BuddyProfile, Side, SupportLevel
from fairplanner.services import buddies, volunteering

LONDON = ZoneInfo("Europe/London")


async def active_role(
    fair: Fair, by: Person, title: str = "Welcome desk", *, needs_briefing: bool = False
) -> VolunteerRole:
    role = await volunteering.draft_role(
        fair=fair,
        details=volunteering.RoleDetails(
            title=title,
            purpose="Greet people as they arrive.",
            responsibilities="Say hello\nHand out maps",
            needs_briefing=needs_briefing,
        ),
        by=by,
    )
    return await volunteering.approve_role(role=role, by=by)


async def shift(
    fair: Fair,
    role: VolunteerRole,
    start_hour: int = 10,
    hours: int = 2,
    needed: int = 2,
    *,
    day: datetime | None = None,
) -> Shift:
    base = day or datetime(2027, 6, 12, tzinfo=LONDON)
    starts = base.replace(hour=start_hour)
    return await volunteering.add_shift(
        fair=fair,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        people_needed=needed,
    )


async def freed_with_waiting(
    fair: Fair, boss: Person, taken_by: Person, *waiting: Person, offer_url: str
) -> Shift:
    """A one-place shift `taken_by` had, with `waiting` queued in order; the organiser has just
    taken them off, so the place is offered to the first person waiting."""
    from fairplanner.services import signups

    the_shift = await shift(fair, await active_role(fair, boss), needed=1)
    signup = await signups.sign_up(shift=the_shift, person=taken_by)
    for person in waiting:
        await signups.join_waitlist(shift=the_shift, person=person)
    await signups.withdraw(signup=signup, by=boss, organiser=True, offer_url=offer_url)
    return the_shift


# The support asked for when a test does not say: a buddy, or a partner on their own.
USUAL_SUPPORT = {Side.SUPPORTED: SupportLevel.BUDDY_WITH_ME, Side.PARTNER: SupportLevel.ON_MY_OWN}


async def buddy_profile(
    fair: Fair,
    person: Person,
    side: Side,
    capacity: int = 0,
    *,
    support: SupportLevel | None = None,
    filled_by: Person | None = None,
    **said: object,
) -> BuddyProfile:
    """Save a buddy profile, filled in by the person themselves unless `filled_by` is given."""
    return await buddies.save_profile(
        fair=fair,
        person=person,
        side=side,
        support=support or USUAL_SUPPORT[side],
        capacity=capacity,
        filled_by=filled_by or person,
        **said,
    )
