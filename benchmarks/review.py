"""Benchmark the review page: a fair with 5,000 registrations, 1,500 feedback responses and 60
volunteers, fetched over HTTP in process (the real app, signed in as its organiser).

Reports the median time to build the page and the number of SQL statements it sends for a
small fair and for the large one (counted by a handler on Tortoise's db_client logger, which
logs every statement): the counts must be equal. The large fair has a ticket for every booking
and 4,000 of them let in through two doors (a presence row and a check-in row each, spread
over the five hours of the day); the small fair has one of each.

Run from the repository root: `.venv/bin/python benchmarks/review.py [--quick]`. The last line
printed is one JSON object (see BENCHMARKS.md); the exit code is 0 even when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from tortoise.context import TortoiseContext

from fairplanner.app import create_app
from fairplanner.export import tokens
from fairplanner.models import (
    Contribution,
    Fair,
    FeedbackAnswer,
    FeedbackResponse,
    Membership,
    Person,
    Registration,
    Ticket,
)
from fairplanner.models.checkin import CheckIn, CheckInList, Direction, Presence
from fairplanner.models.enums import Group, Phase, Role
from fairplanner.models.feedback import Audience, Channel, QuestionKind
from fairplanner.models.rewards import Activity, RewardKind
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus, TicketKind
from fairplanner.models.venues import AnswerState
from fairplanner.services import fairs, feedback, venues
from fairplanner.services.organisations import create_organiser
from fairplanner.settings import Settings, tortoise_config

PASSWORD = "benchmark-password-1"  # noqa: S105 - a throwaway database
ORGANISER = "bench-organiser@example.org"
NEEDS = ["W", "Q", "ER", "D", "S", "T"]
HEARD = ["leaflet", "support", "jobcentre", "friend", "social", ""]


class StatementCounter(logging.Handler):
    """Counts statements Tortoise logs on tortoise.db_client (connection notes aside)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith(("Created connection", "Closed connection")):
            self.count += 1


async def make_fair(organisation_id: int, boss: Person, title: str) -> Fair:
    start = datetime.now(UTC) - timedelta(days=7)
    return await fairs.create_fair(
        organisation_id=organisation_id,
        organiser=boss,
        details=fairs.FairDetails(
            title=title,
            summary="A fair for measuring.",
            easy_read_summary="",
            starts_at=start,
            ends_at=start + timedelta(hours=5),
            time_zone="Europe/London",
            phase=Phase.REVIEW,
        ),
    )


async def fill(
    fair: Fair, *, registrations: int, responses: int, volunteers: int, checkins: int
) -> int:
    """Bookings, tickets, check-ins, feedback and volunteers in bulk. Returns the number of
    answers."""
    rng = random.Random(fair.id)
    statuses = (
        [RegistrationStatus.BOOKED] * 90
        + [RegistrationStatus.CANCELLED] * 7
        + [RegistrationStatus.WAITING] * 3
    )
    sources = [RegistrationSource.ONLINE] * 6 + [
        RegistrationSource.PHONE,
        RegistrationSource.PAPER,
        RegistrationSource.DOOR,
    ]
    await Registration.bulk_create(
        [
            Registration(
                fair=fair,
                name=f"Attendee {n}",
                email=f"a{n}@example.org",
                places=rng.choice([1, 1, 1, 2, 4]),
                companions=rng.choice([0, 0, 0, 1]),
                access_need_keys=",".join(rng.sample(NEEDS, rng.choice([0, 0, 1, 2]))),
                heard_from=rng.choice(HEARD),
                source=rng.choice(sources),
                status=rng.choice(statuses),
                submission_key=secrets.token_urlsafe(12),
            )
            for n in range(registrations)
        ],
        batch_size=1000,
    )
    people = await Person.bulk_create(
        [
            Person(name=f"Volunteer {fair.id}-{n}", email=f"v{fair.id}-{n}@example.org")
            for n in range(volunteers)
        ]
    )
    people = await Person.filter(email__startswith=f"v{fair.id}-")
    await Membership.bulk_create(
        [
            Membership(fair=fair, person=p, role=Role.VOLUNTEER, group=rng.choice(list(Group)))
            for p in people
        ]
    )
    await Contribution.bulk_create(
        [
            Contribution(
                fair=fair,
                person=p,
                activity=rng.choice(list(Activity)),
                given_on=fair.starts_at.date(),
                minutes=rng.choice([60, 90, 180, 240]),
                reward=rng.choice(list(RewardKind)),
            )
            for p in people
            for _ in range(3)
        ]
    )
    answers = 0
    for audience in Audience:
        form = await feedback.create_form(fair=fair, audience=audience)
        if audience != Audience.ATTENDEE:
            continue
        questions = await feedback.questions_of(form=form)
        await FeedbackResponse.bulk_create(
            [
                FeedbackResponse(form=form, channel=rng.choice(list(Channel)))
                for _ in range(responses)
            ],
            batch_size=1000,
        )
        rows = []
        for response_id in await FeedbackResponse.filter(form_id=form.id).values_list(
            "id", flat=True
        ):
            for q in questions:
                if q.kind == QuestionKind.RATING:
                    rows.append(
                        FeedbackAnswer(
                            response_id=response_id, question=q, rating=rng.randint(1, 5)
                        )
                    )
                elif q.kind == QuestionKind.CHOICE:
                    rows.append(
                        FeedbackAnswer(
                            response_id=response_id, question=q, choice=rng.choice(q.choice_list)
                        )
                    )
                elif rng.random() < 0.3:
                    rows.append(
                        FeedbackAnswer(
                            response_id=response_id,
                            question=q,
                            text="More seats near the door, please.",
                        )
                    )
        await FeedbackAnswer.bulk_create(rows, batch_size=1000)
        answers = len(rows)
    await let_in(fair, checkins, rng)
    await chosen_venue(fair)
    return answers


async def let_in(fair: Fair, checkins: int, rng: random.Random) -> None:
    """A lead ticket for every booking; the first `checkins` of them let in at one of two
    doors during the day."""
    bookings = (
        await Registration.filter(fair_id=fair.id).order_by("id").values_list("id", flat=True)
    )
    await Ticket.bulk_create(
        [
            Ticket(
                fair=fair,
                registration_id=booking_id,
                secret=tokens.ticket_secret(),
                reference=f"B{fair.id}-{booking_id}"[:12],
                door_name="Attendee",
                kind=TicketKind.ATTENDEE,
                lead=True,
            )
            for booking_id in bookings
        ],
        batch_size=1000,
    )
    doors = [
        await CheckInList.create(fair=fair, name="Main entrance"),
        await CheckInList.create(fair=fair, name="Side door"),
    ]
    came = (await Ticket.filter(fair_id=fair.id).order_by("id").values_list("id", flat=True))[
        :checkins
    ]
    presences, scans = [], []
    for n, ticket_id in enumerate(came):
        door = doors[n % 7 == 0]
        at = fair.starts_at + timedelta(minutes=rng.randint(0, 299))
        presences.append(
            Presence(checkin_list=door, ticket_id=ticket_id, first_entry_at=at, changed_at=at)
        )
        scans.append(
            CheckIn(
                checkin_list=door,
                ticket_id=ticket_id,
                nonce=f"bench-{ticket_id}",
                direction=Direction.ENTRY,
                result="ok",
                successful=True,
                created_at=at,
            )
        )
    await Presence.bulk_create(presences, batch_size=1000)
    await CheckIn.bulk_create(scans, batch_size=1000)


async def chosen_venue(fair: Fair) -> None:
    """A chosen venue with a few checks, so the "needs met" figures are worked out."""
    boss = await Person.get(email=ORGANISER)
    hall = await venues.add_venue(
        fair=fair, details=venues.VenueDetails(name="Bench Hall", postcode="RV1 2AB"), by=boss
    )
    await venues.choose_venue(venue=hall)
    visit = await venues.start_assessment(venue=hall, person=boss)
    for code, value in (("EN01", "yes"), ("RC01", "yes"), ("HE02", "no"), ("ND01", "yes")):
        await venues.save_answer(
            assessment=visit, item_code=code, state=AnswerState.ANSWERED, value=value
        )


async def signed_in(client: httpx.AsyncClient) -> None:
    await client.get("/sign-in")
    answer = await client.post(
        "/sign-in",
        data={"csrftoken": client.cookies["csrftoken"], "email": ORGANISER, "password": PASSWORD},
    )
    assert answer.status_code == 303, answer.text[:500]


async def fetch(client: httpx.AsyncClient, fair_id: int) -> tuple[float, int]:
    counter = StatementCounter()
    logger = logging.getLogger("tortoise.db_client")
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    started = time.perf_counter()
    try:
        page = await client.get(f"/fairs/{fair_id}/review")
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        logger.removeHandler(counter)
        logger.setLevel(logging.WARNING)
    assert page.status_code == 200, page.status_code
    return elapsed, counter.count


async def measure(url: str, workdir: Path, quick: bool) -> dict[str, object]:
    sizes = {
        "registrations": 5000,
        "responses": 1500,
        "volunteers": 60,
        "checkins": 4000,
    }
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org, boss = await create_organiser(
            organisation_name="Bench Council",
            name="Bench Organiser",
            email=ORGANISER,
            password=PASSWORD,
        )
        small = await make_fair(org.id, boss, "Small fair")
        await fill(small, registrations=3, responses=2, volunteers=2, checkins=1)
        large = await make_fair(org.id, boss, "Large fair")
        answers = await fill(large, **sizes)
        settings = Settings(env="test", database_url=url, secret_key="b" * 48, data_dir=workdir)
        app = create_app(settings, manage_orm=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await signed_in(client)
            await fetch(client, small.id)  # warm templates and caches
            _, queries_small = await fetch(client, small.id)
            _, queries_large = await fetch(client, large.id)
            times = [(await fetch(client, large.id))[0] for _ in range(5 if quick else 25)]
    return {
        **sizes,
        "answers": answers,
        "review_ms": round(statistics.median(times), 1),
        "review_max_ms": round(max(times), 1),
        "queries_small": queries_small,
        "queries_large": queries_large,
    }


async def main(quick: bool) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="fp-bench-review-"))
    url = f"sqlite://{workdir / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "FAIRPLANNER_ENV": "test",
        "FAIRPLANNER_DATABASE_URL": url,
        "FAIRPLANNER_DATA_DIR": str(workdir),
        "FAIRPLANNER_SECRET_KEY": "b" * 48,
        "FAIRPLANNER_LOG_LEVEL": "WARNING",
    }
    try:
        migrate = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "fairplanner",
            "migrate",
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
        )
        assert await migrate.wait() == 0, "migrations failed"
        figures = await measure(url, workdir, quick)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"bench": "review", "quick": quick, "db": "sqlite", **figures}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    result = asyncio.run(main(parser.parse_args().quick))
    print(json.dumps(result))
