"""Demo data for volunteering: two approved roles and a draft, shifts on the day with gaps,
Aisha signed up for one, reward choices and a contribution."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from fairplanner.models import Fair, Person
from fairplanner.models.buddies import Side, SupportLevel
from fairplanner.models.rewards import Activity, RewardKind
from fairplanner.services import briefings, buddies, rewards, signups, volunteering
from fairplanner.services.volunteering import RoleDetails

WELCOME = RoleDetails(
    title="Welcome desk",
    purpose="Help people feel welcome as soon as they arrive.",
    responsibilities="Say hello and hand out the map\nShow people to the quiet room\n"
    "Tell people where the lift is",
    skills="Friendly. Happy to talk to new people.",
    support_offered="You work in a pair. Take a break whenever you need one.",
    access_notes="There is a chair at the desk. The desk is near the main door.",
    easy_read="You say hello to people. You give them a map. You can sit down.",
    people_needed=2,
)
GUIDE = RoleDetails(
    title="Stall guide",
    purpose="Help people find the stalls they want to visit.",
    responsibilities="Walk with people to stalls\nKnow where each stall is",
    support_offered="A short briefing before the fair. A buddy if you want one.",
    easy_read="You help people find stalls. We show you the stalls first.",
    people_needed=2,
    needs_briefing=True,
)


async def extend(fair: Fair, people: dict[str, Person]) -> None:
    organiser = people["Olivia Bennett"]
    welcome = await volunteering.draft_role(fair=fair, details=WELCOME, by=people["Priya Shah"])
    await volunteering.approve_role(role=welcome, by=organiser)
    guide = await volunteering.draft_role(fair=fair, details=GUIDE, by=people["Owen Price"])
    await volunteering.approve_role(role=guide, by=organiser)
    # Priya has had the stall guides' briefing, so she could take a guide shift.
    await briefings.record(fair=fair, role=guide, person_id=people["Priya Shah"].id, by=organiser)
    await volunteering.draft_role(
        fair=fair,
        details=RoleDetails(title="Photographer", purpose="Take photos people agree to."),
        by=people["Margaret O'Neill"],
    )
    start = fair.starts_at - timedelta(minutes=30)
    morning = await volunteering.add_shift(
        fair=fair,
        role=welcome,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        people_needed=2,
    )
    await volunteering.add_shift(
        fair=fair,
        role=welcome,
        starts_at=start + timedelta(hours=3),
        ends_at=fair.ends_at + timedelta(minutes=30),
        people_needed=2,
    )
    await volunteering.add_shift(
        fair=fair,
        role=guide,
        starts_at=fair.starts_at,
        ends_at=fair.starts_at + timedelta(hours=2),
        people_needed=1,
    )
    await signups.sign_up(shift=morning, person=people["Aisha Rahman"])
    await signups.sign_up(shift=morning, person=people["Daniel Mensah"])
    await rewards.choose_reward(
        fair=fair,
        person=people["Aisha Rahman"],
        activity=Activity.SHIFT,
        kind=RewardKind.TIME_CREDITS,
    )
    await rewards.choose_reward(
        fair=fair,
        person=people["Priya Shah"],
        activity=Activity.PLANNING_MEETING,
        kind=RewardKind.DONATION,
        pence_per_hour=1500,
        donation_group="Riverside Food Bank",
    )
    await rewards.record(
        fair=fair,
        person=people["Priya Shah"],
        activity=Activity.PLANNING_MEETING,
        given_on=(fair.starts_at - timedelta(days=30)).date(),
        minutes=120,
        recorded_by=organiser,
        skills_used="Chairing, Planning",
    )

    await _buddies(fair, people)


class _Profile(NamedTuple):
    """One buddy profile of the demo: whose, which side, how much support or how many people
    they can support, who filled it in (None: the person themselves) and what they said."""

    name: str
    side: Side
    support: SupportLevel
    capacity: int
    filled_by: str | None
    said: dict[str, str]


_ME, _SOLO = SupportLevel.BUDDY_WITH_ME, SupportLevel.ON_MY_OWN
# Three people who would like a buddy and three partners; Margaret (a carer) and Owen (staff)
# last, so that two pairs can be swapped in the review.
_PROFILES = (
    _Profile("Aisha Rahman", Side.SUPPORTED, _ME, 0, None, {
        "languages": "Urdu, English", "communication": "calm", "interests": "college, jobs",
        "times": "10:00-11:00, 11:00-12:00", "meeting_point": "main door"}),
    _Profile("Tom Fielding", Side.SUPPORTED, SupportLevel.TWO_PEOPLE, 0, "Olivia Bennett", {
        "languages": "English", "communication": "easy read, extra time",
        "interests": "volunteering", "times": "10:00-11:00", "meeting_point": "bus stop"}),
    _Profile("Daniel Mensah", Side.PARTNER, _SOLO, 2, None, {
        "languages": "English, Urdu", "communication": "calm, extra time", "interests": "jobs",
        "times": "10:00-11:00, 11:00-12:00", "meeting_point": "main door"}),
    _Profile("Grace Adeyemi", Side.PARTNER, _SOLO, 1, None, {
        "languages": "English", "communication": "easy read",
        "interests": "college, volunteering", "times": "10:00-11:00",
        "meeting_point": "bus stop"}),
    _Profile("Margaret O'Neill", Side.SUPPORTED, _ME, 0, None, {
        "languages": "English", "interests": "college", "times": "11:00-12:00",
        "meeting_point": "cafe"}),
    _Profile("Owen Price", Side.PARTNER, _SOLO, 1, None, {
        "languages": "English", "interests": "college", "times": "11:00-12:00",
        "meeting_point": "cafe"}),
)  # fmt: skip


async def _buddies(fair: Fair, people: dict[str, Person]) -> None:
    """The buddy profiles above, and a first run to check."""
    for profile in _PROFILES:
        person = people[profile.name]
        await buddies.save_profile(
            fair=fair,
            person=person,
            side=profile.side,
            support=profile.support,
            capacity=profile.capacity,
            filled_by=people[profile.filled_by] if profile.filled_by else person,
            **profile.said,
        )
    await buddies.run(fair=fair, by=people["Olivia Bennett"], seed=2027)
