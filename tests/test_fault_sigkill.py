"""Faults: the server is killed with SIGKILL in the middle of a check-in load, then started again.

Four paired phones scan tickets as fast as answers come back (first scans and repeats mixed).
Part-way through, the uvicorn process gets SIGKILL (no shutdown: as when the power goes).
After a restart on the same database: every scan answered "ok" before the kill is stored,
nobody is checked in twice, the phones' retries of unanswered scans (same nonce) get one
consistent answer, and the database passes its integrity check.

Slow (a server, a kill and a restart): run by .ci/run, not by `make check`.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.live import LiveServer, Phone, add_tickets, live_server

pytestmark = pytest.mark.slow
PHONES = 4
KILL_AFTER_OK = 150


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("sigkill"), "fairplanner_sigkill") as running:
        yield running


def _entries_per_ticket(server: LiveServer) -> dict[int, int]:
    rows = server.query(
        "SELECT ticket_id, COUNT(*) FROM checkin WHERE successful AND direction = 'entry' "
        "AND annulled_at IS NULL GROUP BY checkin_list_id, ticket_id"
    )
    return {int(ticket): int(n) for ticket, n in rows}


def test_a_sigkill_under_check_in_load_loses_no_answered_scan_and_doubles_none(
    server: LiveServer,
) -> None:
    codes = add_tickets(server, 600)
    phones = [server.pair_phone(label=f"Load phone {n}") for n in range(PHONES)]
    answered_ok: list[tuple[int, str]] = []  # (phone index, nonce) answered "ok"
    unanswered: list[tuple[int, str, str]] = []  # (phone, nonce, code) with no answer
    lock = threading.Lock()
    stop = threading.Event()

    def scan_loop(index: int, phone: Phone) -> None:
        rng = random.Random(index)
        n = 0
        while not stop.is_set():
            code = rng.choice(codes)
            nonce = f"p{index}-{n}"
            n += 1
            try:
                answer = phone.scan(code, nonce)
            except httpx.HTTPError:
                with lock:
                    unanswered.append((index, nonce, code))
                return  # the server is gone
            assert answer.status_code == 200, answer.text
            if answer.json()["reason"] == "ok":
                with lock:
                    answered_ok.append((index, nonce))

    threads = [threading.Thread(target=scan_loop, args=(i, p)) for i, p in enumerate(phones)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(answered_ok) < KILL_AFTER_OK and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()  # SIGKILL while the phones are still sending
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answered_ok) >= KILL_AFTER_OK, "the load did not get going"

    server.start()

    device_of = {
        i: int(server.query(f"SELECT id FROM door_device WHERE label = 'Load phone {i}'")[0][0])  # noqa: S608
        for i in range(PHONES)
    }
    stored = {
        (int(device), str(nonce))
        for device, nonce in server.query(
            "SELECT device_id, nonce FROM checkin WHERE successful AND result = 'ok'"
        )
    }
    lost = [(i, nonce) for i, nonce in answered_ok if (device_of[i], nonce) not in stored]
    assert lost == []
    assert {t: n for t, n in _entries_per_ticket(server).items() if n > 1} == {}

    # Each phone retries the scan it got no answer for (same nonce): one answer, stored once.
    for index, nonce, code in unanswered:
        first = phones[index].scan(code, nonce)
        again = phones[index].scan(code, nonce)
        assert first.status_code == again.status_code == 200
        assert again.json()["reason"] == first.json()["reason"]
        assert again.json()["replayed"] is True
        count = server.query(
            f"SELECT COUNT(*) FROM checkin WHERE device_id = {device_of[index]} AND nonce = '{nonce}'"  # noqa: S608
        )
        assert int(count[0][0]) == 1
    assert {t: n for t, n in _entries_per_ticket(server).items() if n > 1} == {}
    if server.database_url.startswith("sqlite"):
        assert server.query("PRAGMA integrity_check") == [("ok",)]
    for phone in phones:
        phone.client.close()
    print(
        f"sigkill: {len(answered_ok)} scans answered ok before the kill, all stored; "
        f"{len(unanswered)} in flight retried; no double entries"
    )
