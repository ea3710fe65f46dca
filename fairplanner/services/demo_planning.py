"""Demo co-planning: open and decided proposals, votes from every group (one given by phone),
comments, a decision with tasks (one overdue)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from fairplanner.models import Fair, Person, Task
from fairplanner.models.planning import Channel, Method, Topic
from fairplanner.models.stalls import OpportunityKind
from fairplanner.services import planning, programme
from fairplanner.services.clock import now
from fairplanner.services.decisions import MAYBE, NO, YES, Stance

OPTION = planning.OptionDraft


async def extend(fair: Fair, people: dict[str, Person]) -> None:
    priya, tom = people["Priya Shah"], people["Tom Fielding"]
    margaret, owen = people["Margaret O'Neill"], people["Owen Price"]
    organiser, daniel = people["Olivia Bennett"], people["Daniel Mensah"]
    aisha = people["Aisha Rahman"]

    venue = await planning.create_proposal(
        fair=fair,
        by=margaret,
        draft=planning.ProposalDraft(
            topic=Topic.VENUE,
            title="Which venue should we use?",
            description="We visited three places. All have step-free entrances.",
            easy_read="Where should the fair be?",
            method=Method.SCORE,
            options=[
                OPTION(
                    "Riverside Community Hall",
                    "Near the bus station, with a quiet room and a hearing loop.",
                    "Near the bus. Has a quiet room.",
                ),
                OPTION("Central Library", "In the town centre. The main hall is small."),
                OPTION("Riverside College", "Big rooms, but a 15 minute walk from the bus."),
            ],
            closes_at=now() + timedelta(days=1),
        ),
    )
    options = await planning.options_of(venue)
    scores = {priya: (5, 3, 2), daniel: (4, 4, 3), owen: (5, 2, 4), aisha: (4, 3, 1)}
    for voter, given in scores.items():
        await planning.cast_vote(
            proposal=venue,
            voter=voter,
            recorded_by=voter,
            values={str(o.id): s for o, s in zip(options, given, strict=True)},
        )
    await planning.add_comment(
        proposal=venue, author=aisha, recorded_by=aisha, body="The hall's quiet room is lovely."
    )
    decision = await planning.close_proposal(
        proposal=venue,
        by=margaret,
        organiser=False,
        outcome="We will hold the fair at Riverside Community Hall.",
        easy_read="The fair will be at Riverside Community Hall.",
        owner=owen,
        review_on=(now() + timedelta(days=30)).date(),
    )
    await Task.create(
        fair=fair,
        decision=decision,
        title="Book the hall and the quiet room",
        owner=owen,
        due_on=(now() - timedelta(days=3)).date(),
        created_by=margaret,
    )
    await Task.create(
        fair=fair,
        decision=decision,
        title="Check the hearing loop works",
        owner=priya,
        due_on=(now() + timedelta(days=20)).date(),
        created_by=margaret,
    )

    start = await planning.create_proposal(
        fair=fair,
        by=priya,
        draft=planning.ProposalDraft(
            topic=Topic.DAY_STRUCTURE,
            title="Start with a quiet hour",
            description="The first hour from 10am is quieter: no music, softer lights.",
            easy_read="The first hour will be quiet.",
            method=Method.CONSENT,
            options=[OPTION("A quiet hour from 10am to 11am", "No music. Softer lights.")],
            closes_at=now() + timedelta(days=10),
        ),
    )
    await planning.cast_vote(proposal=start, voter=margaret, recorded_by=margaret, stance=Stance.OK)
    await planning.cast_vote(
        proposal=start, voter=tom, recorded_by=owen, channel=Channel.PHONE, stance=Stance.OK
    )
    await planning.add_comment(
        proposal=start,
        author=tom,
        recorded_by=owen,
        channel=Channel.PHONE,
        body="Tom says a quiet start would help him come.",
    )

    meeting = await planning.create_proposal(
        fair=fair,
        by=organiser,
        draft=planning.ProposalDraft(
            topic=Topic.OTHER,
            title="When should we meet next?",
            description="A planning meeting at the hall, about 2 hours.",
            easy_read="When can you come to the next meeting?",
            method=Method.TIME_POLL,
            options=[OPTION("Tuesday afternoon, 2pm"), OPTION("Thursday morning, 10am")],
            closes_at=now() + timedelta(days=5),
        ),
    )
    slots = await planning.options_of(meeting)
    await planning.cast_vote(
        proposal=meeting,
        voter=priya,
        recorded_by=priya,
        values={str(slots[0].id): YES, str(slots[1].id): MAYBE},
        needs_support=True,
    )
    await planning.cast_vote(
        proposal=meeting,
        voter=daniel,
        recorded_by=daniel,
        values={str(slots[0].id): NO, str(slots[1].id): YES},
    )
    await _programme(fair, people)


async def _programme(fair: Fair, people: dict[str, Person]) -> None:
    zone = ZoneInfo(fair.time_zone)
    day = fair.starts_at.astimezone(zone).date()

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), zone)

    for draft in [
        programme.AgendaDraft(
            title="Quiet hour: doors open",
            starts_at=at(10),
            ends_at=at(11),
            place="Main hall",
            description="No music and softer lights, for anyone who finds crowds hard.",
            easy_read="The first hour is quiet.",
            access_features=("quiet", "hearing_loop"),
        ),
        programme.AgendaDraft(
            title="Welcome talk",
            starts_at=at(11),
            ends_at=at(11, 20),
            place="Main hall stage",
            description="A short welcome from the planning group.",
            easy_read="We say hello and explain the day.",
            access_features=("bsl", "captioned", "hearing_loop"),
        ),
        programme.AgendaDraft(
            title="Try a taster session",
            starts_at=at(12),
            ends_at=at(14),
            place="Room 2",
            description="Short sessions from the college: cooking, computers and art.",
            easy_read="Try a short class.",
        ),
    ]:
        await programme.add_agenda_item(fair=fair, draft=draft)

    grace = people["Grace Adeyemi"]
    college = await programme.add_stall(
        fair=fair,
        name="Riverside College",
        description="Free and low-cost courses for adults, with learning support.",
        easy_read="Courses for adults. Help is there if you need it.",
        exhibitor=grace,
    )
    for kind, title, easy in [
        (OpportunityKind.COURSE, "English and maths for adults", "Learn English and maths."),
        (OpportunityKind.COURSE, "Introduction to cooking", "Learn to cook simple meals."),
        (OpportunityKind.JOB, "Part-time café assistant", "Work in the college café."),
    ]:
        await programme.add_opportunity(
            stall=college, by=grace, manager=False, kind=kind, title=title, easy_read=easy
        )
    garden = await programme.add_stall(
        fair=fair,
        name="Riverside Community Garden",
        description="A garden run by volunteers, open three days a week.",
        easy_read="A garden where you can help grow food.",
    )
    owen = people["Owen Price"]
    for kind, title, easy in [
        (OpportunityKind.VOLUNTEERING, "Garden helper", "Help grow fruit and vegetables."),
        (OpportunityKind.ACTIVITY, "Saturday gardening club", "Meet people and garden."),
    ]:
        await programme.add_opportunity(
            stall=garden, by=owen, manager=True, kind=kind, title=title, easy_read=easy
        )
