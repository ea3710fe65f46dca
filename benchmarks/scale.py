"""Benchmark the production shape: PostgreSQL with 1, 2 and 4 uvicorn worker processes behind
one port, under mixed traffic.

Each request is, at random: a public fair page view (55%: the booking page with programme and
access guide), a booking posted through that page's form (15%, each from its own forwarded
address, as through a proxy), or a door scan through the redeem API (30%, first scans and
repeats). 32 keep-alive connections for 15 s per worker count (4 s with --quick), after a
warm-up. Every worker count gets its own door list, phones and tickets, so first scans happen
in each run; afterwards the double-entry count (a ticket admitted twice on one list) is taken
over all of them and must be 0.

PostgreSQL from FAIRPLANNER_TEST_DATABASE_URL, or a throwaway cluster started for the run
(scripts/pg_test_server.sh). Run from the repository root:
`.venv/bin/python benchmarks/scale.py [--quick]`. The last line is one JSON object
(BENCHMARKS.md); the exit code is 0 even when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
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
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
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
from benchmarks.checkin import SECRET_KEY, app_headers, double_entries
from fairplanner.models.enums import Phase
from fairplanner.settings import tortoise_config
from tests import databases

WORKERS = (1, 2, 4)
CONNECTIONS = 32
PHONES = 8
MIX = (("page", 0.55), ("booking", 0.15), ("scan", 0.30))


async def load(url: str, tickets_per_run: int) -> dict[str, Any]:
    """A live fair open for booking; per worker count, its own tickets, door list and phones."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        fair = await bench_fair("Scale Fair", Phase.LIVE)
        runs: dict[int, Any] = {}
        for workers in WORKERS:
            codes = await booked_tickets(fair, tickets_per_run, f"w{workers}")
            list_id, devices = await paired_phones(fair, f"Door w{workers}", PHONES)
            runs[workers] = {"codes": codes, "list_id": list_id, "devices": devices}
        return {"fair_id": fair.id, "runs": runs}


async def drive(
    port: int, fair_id: int, booking_csrf: str, phones: list[str], codes: list[str], seconds: float
) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {kind: [] for kind, _ in MIX}
    errors: dict[str, int] = {}
    kinds = [kind for kind, _ in MIX]
    weights = [w for _, w in MIX]
    deadline = time.perf_counter() + seconds
    order = codes[:]
    random.Random(3).shuffle(order)
    position = 0

    async def one(n: int) -> None:
        nonlocal position
        rng = random.Random(n)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                kind = rng.choices(kinds, weights)[0]
                if kind == "page":
                    message = request("GET", f"/events/{fair_id}", "")
                    expected = b"200"
                elif kind == "booking":
                    key = secrets.token_hex(8)
                    body = urlencode(
                        {
                            "csrftoken": booking_csrf,
                            "name": f"Booker {key}",
                            "email": f"{key}@example.org",
                            "places": "1",
                            "companions": "0",
                            "submission_key": key,
                        }
                    ).encode()
                    address = (
                        f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                    )
                    message = request(
                        "POST",
                        f"/events/{fair_id}",
                        "Content-Type: application/x-www-form-urlencoded\r\n"
                        f"Cookie: csrftoken={booking_csrf}\r\nX-Forwarded-For: {address}\r\n",
                        body,
                    )
                    expected = b"303"
                else:
                    code = order[position % len(order)]
                    position += 1
                    body = json.dumps({"code": code, "nonce": secrets.token_hex(8)}).encode()
                    message = request(
                        "POST",
                        "/door/api/redeem",
                        f"Content-Type: application/json\r\n{phones[n % len(phones)]}",
                        body,
                    )
                    expected = b"200"
                began = time.perf_counter()
                head, _ = await exchange(reader, writer, message)
                status = head[:12]
                latencies[kind].append((time.perf_counter() - began) * 1000)
                if expected not in status:
                    errors[f"{kind} {status[9:12].decode()}"] = (
                        errors.get(f"{kind} {status[9:12].decode()}", 0) + 1
                    )
        finally:
            writer.close()

    await asyncio.gather(*(one(n) for n in range(CONNECTIONS)))
    return {"latencies": latencies, "errors": errors}


async def run_workers(
    env: dict[str, str], workers: int, fair_id: int, run: dict[str, Any], seconds: float
) -> dict[str, Any]:
    port = free_port()
    server = serve(env, port, "fairplanner.app:create_app", workers)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_up(base)
        phones = [await app_headers(base, device) for device in run["devices"]]
        async with httpx.AsyncClient() as client:
            page = await client.get(f"{base}/events/{fair_id}")
            booking_csrf = page.cookies["csrftoken"]
        await drive(port, fair_id, booking_csrf, phones, run["codes"][:100], 1.0)  # warm-up
        began = time.perf_counter()
        measured = await drive(port, fair_id, booking_csrf, phones, run["codes"], seconds)
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = [ms for values in measured["latencies"].values() for ms in values]
    return {
        "workers": workers,
        "requests": len(every),
        "rps": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every), 2),
        "p99_ms": round(percentile(every, 99), 2),
        "p99_ms_by_kind": {
            kind: round(percentile(values, 99), 2)
            for kind, values in measured["latencies"].items()
            if values
        },
        "requests_by_kind": {kind: len(v) for kind, v in measured["latencies"].items()},
        "errors": measured["errors"],
    }


async def main(quick: bool, workdir: Path) -> dict[str, object]:
    seconds = 4.0 if quick else 15.0
    url = await databases.migrated_database(workdir, f"fp_bench_scale_{secrets.token_hex(3)}")
    world = await load(url, 3000 if quick else 10_000)
    env = {
        **os.environ,
        "FAIRPLANNER_ENV": "test",
        "FAIRPLANNER_DATABASE_URL": url,
        "FAIRPLANNER_DATA_DIR": str(workdir),
        "FAIRPLANNER_SECRET_KEY": SECRET_KEY,
        "FAIRPLANNER_LOG_LEVEL": "WARNING",
        "PYTHONPATH": ROOT,
    }
    results = []
    doubles = 0
    for workers in WORKERS:
        run = world["runs"][workers]
        results.append(await run_workers(env, workers, world["fair_id"], run, seconds))
        print(json.dumps(results[-1]), flush=True)
        doubles += (await double_entries(url, run["list_id"]))[0]
    return {
        "bench": "scale",
        "quick": quick,
        "db": "postgres",
        "cpus": os.cpu_count(),
        "connections": CONNECTIONS,
        "seconds": seconds,
        "mix": dict(MIX),
        "results": [{k: r[k] for k in ("workers", "rps", "p99_ms")} for r in results],
        "detail": results,
        "double_entries": doubles,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (about a minute)")
    quick = parser.parse_args().quick
    workdir = Path(tempfile.mkdtemp(prefix="fp-bench-scale-"))
    try:
        with postgres(workdir):
            result = run(main(quick, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result))
