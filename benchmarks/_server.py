"""What the HTTP benchmarks share: a free port, the app (or a baseline) under uvicorn in its
own process, waiting for it, a lean keep-alive HTTP/1.1 exchange, and percentiles.

The load comes from plain asyncio streams, not an HTTP client library: on this 2-core machine
the client shares the CPU with the server, and a heavy client would be measured as server
time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
ROOT = str(Path(__file__).resolve().parents[1])
APP = "fairplanner.app:create_app"


def run(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on uvloop (the server's loop too): the load generator is lighter, so it
    takes less of the CPU it shares with the server, and its own delays count less."""
    try:
        import uvloop
    except ImportError:  # not on Windows
        return asyncio.run(main)
    return uvloop.run(main)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (user and system), from /proc; None elsewhere.
    A server's CPU time per request shows how fast the shared machine was during a run: a
    latency under 32 clients is about 32 times it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def serve(
    env: dict[str, str], port: int, factory: str = APP, workers: int = 1
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
    )


async def wait_up(base: str) -> None:
    for _ in range(150):
        try:
            async with httpx.AsyncClient() as client:
                if (await client.get(base + "/health")).status_code == 200:
                    return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the server did not start")


def request(method: str, path: str, headers: str = "", body: bytes = b"") -> bytes:
    """One HTTP/1.1 request; `headers` are whole lines, each ending in CRLF."""
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, message: bytes
) -> tuple[bytes, bytes]:
    """Send one request on a keep-alive connection; the answer's head and body."""
    writer.write(message)
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return head, await reader.readexactly(length)


@contextlib.contextmanager
def postgres(workdir: Path) -> Iterator[str]:
    """The PostgreSQL server to use: FAIRPLANNER_TEST_DATABASE_URL's, or else a throwaway
    cluster started for this run in `workdir` (scripts/pg_test_server.sh) and stopped after.
    Test databases (tests.databases) are made on it either way."""
    from tests import databases

    if databases.TEST_PG_URL:
        yield databases.TEST_PG_URL
        return
    script = str(Path(ROOT) / "scripts" / "pg_test_server.sh")
    folder = str(workdir / "pg")
    workdir.chmod(0o755)  # as root, the server runs as the postgres user, who must get in
    started = subprocess.run(
        [script, "start", folder, str(free_port())], capture_output=True, text=True, check=True
    )
    databases.TEST_PG_URL = started.stdout.strip()
    try:
        yield databases.TEST_PG_URL
    finally:
        subprocess.run([script, "stop", folder], check=False)
        databases.TEST_PG_URL = ""
