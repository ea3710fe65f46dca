"""Benchmark door check-in: the app's redeem API under uvicorn against a raw baseline.

Loads 10,000 tickets (2,000 with --quick), then drives 64 concurrent keep-alive connections at
POST /door/api/redeem for 20 s (5 s with --quick), first scans and repeats mixed (tickets are
cycled in a shuffled order). In the same run, the raw baseline (Starlette + plain SQL through
aiosqlite or asyncpg, no ORM, no middleware) does the same work per scan: look up the device
and the ticket, then in one transaction store the scan (unique per device and nonce) and
insert the presence row (unique per list and ticket). Each side has its own door list.

SQLite by default (1 worker); with `--postgres`, PostgreSQL with 2 workers: the server in
FAIRPLANNER_TEST_DATABASE_URL if set, else a throwaway cluster started for the run. Run from
the repository root: `.venv/bin/python benchmarks/checkin.py [--quick] [--postgres]`. The last
line is one JSON object (BENCHMARKS.md); the exit code is 0 even when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from itsdangerous import TimestampSigner
from tortoise import connections
from tortoise.context import TortoiseContext

from benchmarks._server import (
    ROOT,
    exchange,
    free_port,
    percentile,
    postgres,
    request,
    run,
    serve,
    wait_up,
)
from benchmarks._world import bench_fair, booked_tickets, paired_phones
from fairplanner.models.enums import Phase
from fairplanner.settings import tortoise_config
from tests import databases

SECRET_KEY = "c" * 48
CONNECTIONS = 64
# Door phones per connection, taken in turn. The app refuses a phone sending more than 20
# scans a second (the per-device flood limit, door_api.RATE_PER_SECOND), and a real phone
# sends about one. With 2 phones each, one SQLite run at 2,900 scans/s ended in a 429; with
# 4, a PostgreSQL run did (a worker holding few connections answers them in a millisecond).
# With 16, each phone sends about 3 a second at 2,900 scans/s.
DEVICES_PER_CONNECTION = 16


async def load(url: str, tickets: int, devices: int) -> dict[str, Any]:
    """A fair with `tickets` booked tickets, and two door lists with `devices` paired phones each
    (one list for the app, one for the raw baseline)."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        fair = await bench_fair("Bench Fair", Phase.LIVE)
        sides: dict[str, Any] = {"secrets": await booked_tickets(fair, tickets, "p")}
        for side in ("app", "raw"):
            list_id, ids = await paired_phones(fair, f"Door {side}", devices)
            sides[side] = {"list_id": list_id, "devices": ids}
        return sides


async def double_entries(url: str, list_id: int) -> tuple[int, int]:
    """(double entries, successful scans): a ticket admitted more than once (no exits here)."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        conn = connections.get("default")
        p = "$1" if conn.capabilities.dialect == "postgres" else "?"
        _, rows = await conn.execute_query(
            f"SELECT ticket_id, COUNT(*) AS n FROM checkin WHERE checkin_list_id = {p} "  # noqa: S608 - a placeholder, not data
            "AND successful AND direction = 'entry' GROUP BY ticket_id",
            [list_id],
        )
        return sum(int(r["n"]) - 1 for r in rows), sum(int(r["n"]) for r in rows)


def session_cookie(device_id: int) -> str:
    data = base64.b64encode(json.dumps({"door_device": device_id}).encode())
    return TimestampSigner(SECRET_KEY).sign(data).decode()


async def app_headers(base: str, device_id: int) -> str:
    """Cookie and CSRF header lines for one paired phone (the CSRF cookie from one page view)."""
    session = session_cookie(device_id)
    async with httpx.AsyncClient() as client:
        page = await client.get(base + "/door/scan", cookies={"fairplanner_session": session})
        csrf = page.cookies["csrftoken"]
    return f"Cookie: fairplanner_session={session}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n"


async def drive(
    port: int, path: str, headers: list[str], codes: list[str], seconds: float
) -> list[float]:
    """CONNECTIONS keep-alive connections posting scans as fast as answers come back."""
    latencies: list[float] = []
    order = codes[:]
    random.Random(7).shuffle(order)
    position = 0
    deadline = time.perf_counter() + seconds

    async def one(n: int) -> None:
        nonlocal position
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        mine = headers[n * DEVICES_PER_CONNECTION : (n + 1) * DEVICES_PER_CONNECTION]
        sent = 0
        try:
            while time.perf_counter() < deadline:
                code = order[position % len(order)]
                position += 1
                body = json.dumps({"code": code, "nonce": secrets.token_hex(8)}).encode()
                message = request(
                    "POST",
                    path,
                    f"Content-Type: application/json\r\n{mine[sent % len(mine)]}",
                    body,
                )
                sent += 1
                began = time.perf_counter()
                head, answer = await exchange(reader, writer, message)
                latencies.append((time.perf_counter() - began) * 1000)
                if not head.startswith(b"HTTP/1.1 200"):
                    raise RuntimeError(f"{head[:40]!r} {answer[:200]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(one(n) for n in range(CONNECTIONS)))
    return latencies


async def run_side(
    env: dict[str, str],
    factory: str,
    workers: int,
    side: dict[str, Any],
    codes: list[str],
    seconds: float,
    raw: bool,
) -> tuple[list[float], float]:
    port = free_port()
    server = serve(env, port, factory, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_up(base)
        if raw:
            headers = [f"X-Device: {d}\r\n" for d in side["devices"]]
            path = "/redeem"
        else:
            headers = [await app_headers(base, d) for d in side["devices"]]
            path = "/door/api/redeem"
        await drive(port, path, headers, codes[:200], 1.0)  # warm-up (first scans of 200 codes)
        began = time.perf_counter()
        latencies = await drive(port, path, headers, codes, seconds)
        return latencies, time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=20)


async def main(quick: bool) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="fp-bench-checkin-"))
    name = f"fp_bench_checkin_{secrets.token_hex(3)}"
    on_pg = bool(databases.TEST_PG_URL)
    try:
        url = await databases.migrated_database(workdir, name)
        sides = await load(url, 2000 if quick else 10_000, CONNECTIONS * DEVICES_PER_CONNECTION)
        env = {
            **os.environ,
            "FAIRPLANNER_ENV": "test",
            "FAIRPLANNER_DATABASE_URL": url,
            "FAIRPLANNER_DATA_DIR": str(workdir),
            "FAIRPLANNER_SECRET_KEY": SECRET_KEY,
            "FAIRPLANNER_LOG_LEVEL": "WARNING",
            "BENCH_RAW_DATABASE_URL": url,
            "PYTHONPATH": ROOT,
        }
        workers = 2 if on_pg else 1
        seconds = 5.0 if quick else 20.0
        ours, our_time = await run_side(
            env,
            "fairplanner.app:create_app",
            workers,
            sides["app"],
            sides["secrets"],
            seconds,
            False,
        )
        raw, raw_time = await run_side(
            env,
            "benchmarks.checkin_raw:create_app",
            workers,
            sides["raw"],
            sides["secrets"],
            seconds,
            True,
        )
        doubles, admitted = await double_entries(url, sides["app"]["list_id"])
        raw_doubles, _ = await double_entries(url, sides["raw"]["list_id"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    scans_per_s = len(ours) / our_time
    raw_per_s = len(raw) / raw_time
    return {
        "bench": "checkin",
        "quick": quick,
        "db": "postgres" if on_pg else "sqlite",
        "workers": workers,
        "connections": CONNECTIONS,
        "tickets": len(sides["secrets"]),
        "seconds": seconds,
        "scans": len(ours),
        "admitted": admitted,
        "scans_per_s": round(scans_per_s, 1),
        "p50_ms": round(statistics.median(ours), 2),
        "p99_ms": round(percentile(ours, 99), 2),
        "double_entries": doubles,
        "raw_scans_per_s": round(raw_per_s, 1),
        "raw_p50_ms": round(statistics.median(raw), 2),
        "raw_p99_ms": round(percentile(raw, 99), 2),
        "raw_double_entries": raw_doubles,
        "ratio_to_raw": round(scans_per_s / raw_per_s, 3),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL with 2 workers")
    args = parser.parse_args()
    if args.postgres:
        folder = Path(tempfile.mkdtemp(prefix="fp-bench-checkin-pg-"))
        try:
            with postgres(folder):
                result = run(main(args.quick))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        databases.TEST_PG_URL = ""  # SQLite unless asked
        result = run(main(args.quick))
    print(json.dumps(result))
