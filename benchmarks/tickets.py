"""Benchmark the ticket paths: booking over HTTP (uvicorn, SQLite) under 32 concurrent clients,
a personal feed of 500 events, a programme of 5,000 items, and a badge sheet of 1,000 tickets.

Run from the repository root: `.venv/bin/python benchmarks/tickets.py [--quick]`. The last line
printed is one JSON object (see BENCHMARKS.md); the exit code is 0 even when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from tortoise.context import TortoiseContext

from benchmarks._server import (
    cpu_seconds,
    exchange,
    free_port,
    percentile,
    request,
    run,
    serve,
    wait_up,
)
from benchmarks._world import bench_fair
from fairplanner.app import create_app
from fairplanner.export.ical import CalendarEvent
from fairplanner.models import Fair
from fairplanner.models.enums import Phase
from fairplanner.models.tickets import RegistrationSource
from fairplanner.services import calendars, tickets
from fairplanner.settings import Settings, tortoise_config

PASSWORD = "benchmark-password-1"  # noqa: S105 - a throwaway database
ORGANISER = "bench-organiser@example.org"


async def make_fair(url: str) -> int:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        fair = await bench_fair(
            "Benchmark Fair",
            Phase.PUBLISHED,
            email=ORGANISER,
            password=PASSWORD,
            starts_in=timedelta(days=30),
        )
        return fair.id


async def register_over_http(port: int, fair_id: int, clients: int, per_client: int) -> list[float]:
    latencies: list[float] = []
    # Every client opens the page (for its CSRF cookie) before any books: the figure is the
    # time to book under 32 bookers at once, not behind 32 page views.
    ready = asyncio.Barrier(clients)
    path = f"/events/{fair_id}"

    async def one_client(n: int) -> None:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            page = await client.get(path)
            assert page.status_code == 200, page.status_code
            token = client.cookies["csrftoken"]
        # Each client books from its own address (uvicorn trusts X-Forwarded-For from
        # 127.0.0.1), as people do: the per-address limit of 30 bookings an hour still applies.
        headers = (
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Cookie: csrftoken={token}\r\nX-Forwarded-For: 10.0.{n // 250}.{n % 250 + 1}\r\n"
        )
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await ready.wait()
        try:
            for i in range(per_client):
                form = {
                    "csrftoken": token,
                    "name": f"Bench Person {n}-{i}",
                    "email": f"bench{n}-{i}@example.org",
                    "places": "1",
                    "companions": "0",
                    "submission_key": secrets.token_urlsafe(12),
                }
                message = request("POST", path, headers, urlencode(form).encode())
                started = time.perf_counter()
                head, body = await exchange(reader, writer, message)
                latencies.append((time.perf_counter() - started) * 1000)
                assert head.startswith(b"HTTP/1.1 303"), (head + body)[:300]
        finally:
            writer.close()

    await asyncio.gather(*(one_client(n) for n in range(clients)))
    return latencies


def events(count: int) -> list[CalendarEvent]:
    start = datetime(2027, 6, 12, 9, 0, tzinfo=UTC)
    return [
        CalendarEvent(
            uid=f"bench-{count}-{i}@bench.local",
            summary=f"Session {i}: jobs and courses",
            starts_at=start + timedelta(minutes=10 * i),
            ends_at=start + timedelta(minutes=10 * i + 45),
            location=f"Room {i % 12}",
            description="Step-free. Hearing loop. Quiet room next door.",
        )
        for i in range(count)
    ]


async def time_calendar(count: int, rounds: int) -> tuple[float, float]:
    """Median milliseconds to build the file (a new name each round defeats the cache), and
    to serve it again unchanged (from the per-process cache)."""
    items = events(count)
    await calendars.calendar_file(items, name="warm-up", time_zone="Europe/London")
    cold = []
    for n in range(rounds):
        started = time.perf_counter()
        made = await calendars.calendar_file(items, name=f"bench {n}", time_zone="Europe/London")
        cold.append((time.perf_counter() - started) * 1000)
        assert made.body.count(b"BEGIN:VEVENT") == count
    started = time.perf_counter()
    await calendars.calendar_file(items, name="bench 0", time_zone="Europe/London")
    return statistics.median(cold), (time.perf_counter() - started) * 1000


async def in_process(url: str, fair_id: int, badges: int, settings: Settings) -> dict[str, float]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        feed_ms, feed_warm_ms = await time_calendar(500, 9)
        programme_ms, programme_warm_ms = await time_calendar(5000, 3)
        fair = await Fair.get(id=fair_id)
        await tickets.set_capacity(fair=fair, capacity=None, offer_hours=48)
        booked = 0
        while booked < badges:
            group = min(20, badges - booked)
            await tickets.register(
                fair=fair,
                booker=tickets.Booker(name=f"Group {booked}", phone="0", places=group),
                source=RegistrationSource.PHONE,
                submission_key=secrets.token_urlsafe(12),
                ticket_url="http://bench/{secret}",
            )
            booked += group
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
            path = f"/fairs/{fair_id}/bookings/badges"
            started = time.perf_counter()
            sheet = await client.get(path)
            cold = time.perf_counter() - started
            assert sheet.status_code == 200
            started = time.perf_counter()
            await client.get(path)
            warm = time.perf_counter() - started
        return {
            "feed_500_ms": feed_ms,
            "feed_500_cached_ms": feed_warm_ms,
            "programme_5000_cached_ms": programme_warm_ms,
            "programme_5000_ms": programme_ms,
            "badges_1000_s": cold,
            "badges_1000_warm_s": warm,
            "badge_count": sheet.text.count('class="fp-badge"'),
        }


async def main(quick: bool) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="fp-bench-tickets-"))
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
        fair_id = await make_fair(url)
        port = free_port()
        server = serve(env, port)
        try:
            await wait_up(f"http://127.0.0.1:{port}")
            cpu_before = cpu_seconds(server.pid)
            latencies = await register_over_http(
                port, fair_id, clients=32, per_client=5 if quick else 30
            )
            cpu_after = cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
        settings = Settings(env="test", database_url=url, secret_key="b" * 48, data_dir=workdir)
        rest = await in_process(url, fair_id, 1000, settings)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "bench": "tickets",
        "quick": quick,
        "registrations": len(latencies),
        "clients": 32,
        "register_p50_ms": round(statistics.median(latencies), 1),
        "register_p99_ms": round(percentile(latencies, 99), 1),
        # The server's CPU time per booking (the clients' first page views included): the
        # same code takes longer when the shared machine is slower, and latency follows.
        "server_cpu_ms_per_booking": (
            round((cpu_after - cpu_before) * 1000 / len(latencies), 2)
            if cpu_before is not None and cpu_after is not None
            else None
        ),
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in rest.items()},
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    result = run(main(parser.parse_args().quick))
    print(json.dumps(result))
