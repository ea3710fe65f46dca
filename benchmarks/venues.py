"""Benchmark the venue reports: the comparison page for 10 venues x 80 items x 3 assessors,
and the gaps page for a fair with 5,000 registrations (SQLite).

Both pages are requested through the whole app in-process (routing, permissions, queries,
scoring, templates), so the time is the server's time for the page. Run from the repository
root: `.venv/bin/python benchmarks/venues.py [--quick]`. The last line printed is one JSON
object (see BENCHMARKS.md); the exit code is 0 even when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
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
from fairplanner.models import Answer, Assessment, Person, Registration
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.models.venues import AnswerState
from fairplanner.services import fairs, venue_reports, venues
from fairplanner.services.catalogues import ChecklistItem, access_needs, checklist
from fairplanner.services.organisations import create_organiser
from fairplanner.settings import Settings, tortoise_config

PASSWORD = "benchmark-password-1"  # noqa: S105 - a throwaway database
ORGANISER = "bench-organiser@example.org"
VENUES, ASSESSORS, REGISTRATIONS = 10, 3, 5000


def answer_for(item: ChecklistItem, rng: random.Random) -> tuple[AnswerState, str]:
    """A realistic mix: mostly answered, some not sure, a few not applicable."""
    roll = rng.random()
    if roll < 0.1:
        return AnswerState.NOT_CHECKED, ""
    if roll < 0.15:
        return AnswerState.NOT_APPLICABLE, ""
    if item.kind == "yes_no":
        return AnswerState.ANSWERED, rng.choice(["yes", "yes", "no"])
    if item.kind == "choice":
        return AnswerState.ANSWERED, rng.choice(item.choices)[0]
    if item.kind == "multi":
        picked = [v for v, _ in item.choices if rng.random() < 0.6]
        return AnswerState.ANSWERED, ",".join(picked)
    if item.kind in {"cm", "m", "count", "decibels"}:
        top = {"cm": 200, "m": 500, "count": 6, "decibels": 90}[item.kind]
        return AnswerState.ANSWERED, str(rng.randint(0, top))
    if item.kind == "url":
        return AnswerState.ANSWERED, "https://example.org/access"
    return AnswerState.ANSWERED, "Noted on the visit"


async def build(url: str) -> tuple[int, int]:
    rng = random.Random(4)
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org, boss = await create_organiser(
            organisation_name="Bench Council",
            name="Bench Organiser",
            email=ORGANISER,
            password=PASSWORD,
        )
        start = datetime.now(UTC) + timedelta(days=30)
        fair = await fairs.create_fair(
            organisation_id=org.id,
            organiser=boss,
            details=fairs.FairDetails(
                title="Benchmark Fair",
                summary="A fair for measuring.",
                easy_read_summary="",
                starts_at=start,
                ends_at=start + timedelta(hours=5),
                time_zone="Europe/London",
                phase=Phase.PUBLISHED,
            ),
        )
        assessors = [
            await Person.create(name=f"Assessor {n}", email=f"a{n}@example.org", password_hash="!")  # noqa: S106 - cannot sign in
            for n in range(ASSESSORS)
        ]
        first_venue = 0
        for v in range(VENUES):
            venue = await venues.add_venue(
                fair=fair, details=venues.VenueDetails(name=f"Venue {v}"), by=boss
            )
            first_venue = first_venue or venue.id
            for person in assessors:
                assessment = await Assessment.create(
                    venue=venue, assessor=person, assessor_name=person.name
                )
                rows = []
                for item in checklist().items:
                    state, value = answer_for(item, rng)
                    rows.append(
                        Answer(assessment=assessment, item_code=item.code, state=state, value=value)
                    )
                await Answer.bulk_create(rows)
        codes = [n.code for n in access_needs()]
        await Registration.bulk_create(
            [
                Registration(
                    fair=fair,
                    name=f"Attendee {i}",
                    access_need_keys=",".join(rng.sample(codes, rng.choice([0, 0, 1, 1, 2, 3]))),
                    source=RegistrationSource.ONLINE,
                    status=RegistrationStatus.BOOKED,
                    submission_key=f"bench-{i}",
                )
                for i in range(REGISTRATIONS)
            ],
            batch_size=500,
        )
        # Sanity: the report sees what was built.
        report = await venue_reports.gaps(
            fair=fair, venue=await venues.venue(fair=fair, venue_id=first_venue)
        )
        assert report.registrations == REGISTRATIONS
        return fair.id, first_venue


async def measure(settings: Settings, fair_id: int, venue_id: int, runs: int) -> dict[str, float]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(settings.database_url))
        app = create_app(settings, manage_orm=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await client.get("/sign-in")
            signed = await client.post(
                "/sign-in",
                data={
                    "csrftoken": client.cookies["csrftoken"],
                    "email": ORGANISER,
                    "password": PASSWORD,
                },
            )
            assert signed.status_code == 303
            timings: dict[str, float] = {}
            for key, path, check in [
                ("comparison_ms", f"/fairs/{fair_id}/venues/compare", "Venue 9"),
                ("gaps_ms", f"/fairs/{fair_id}/venues/{venue_id}/gaps", "People who told us"),
            ]:
                samples = []
                for _ in range(runs + 1):  # the first request warms caches and is dropped
                    started = time.perf_counter()
                    page = await client.get(path)
                    samples.append((time.perf_counter() - started) * 1000)
                    assert page.status_code == 200, page.status_code
                    assert check in page.text
                timings[key] = statistics.median(samples[1:])
                timings[key.replace("_ms", "_page_kb")] = len(page.content) / 1024
        return timings


async def main(quick: bool) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="fp-bench-venues-"))
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
        fair_id, venue_id = await build(url)
        settings = Settings(
            env="test", database_url=url, secret_key="b" * 48, data_dir=workdir, log_level="WARNING"
        )
        timings = await measure(settings, fair_id, venue_id, runs=5 if quick else 20)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "bench": "venues",
        "quick": quick,
        "venues": VENUES,
        "items": len(checklist().items),
        "assessors": ASSESSORS,
        "registrations": REGISTRATIONS,
        **{k: round(v, 1) for k, v in timings.items()},
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    result = asyncio.run(main(parser.parse_args().quick))
    print(json.dumps(result))
