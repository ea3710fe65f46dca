"""Sign-in attempts: counted before the password is checked, and checked off the event loop.

argon2 takes about 0.1 s on purpose. Checked on the event loop, it stalled every other request;
checked on a thread, tries sent at the same moment overlap, so each is counted before its
password is looked at (ratelimit.reserve), or a burst of guesses would all pass the limit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from tortoise import connections
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, RateLimited
from fairplanner.models import SignInFailure
from fairplanner.services import people, ratelimit
from tests import factories
from tests.helpers import loop_turns_while

LIMITS = {"limit": 3, "window_minutes": 15}


async def _outcome(attempt: Awaitable[object]) -> str:
    try:
        await attempt
    except DomainError as exc:
        return exc.code
    return "signed in"


async def test_guesses_sent_at_once_are_all_counted_against_the_limit(db: str) -> None:
    await factories.light_person(email="sam@example.org")
    await _open_connections()

    outcomes = await asyncio.gather(
        *(
            _outcome(
                people.authenticate(
                    email="sam@example.org", password=f"guess {n}", address="10.0.0.9", **LIMITS
                )
            )
            for n in range(8)
        )
    )

    assert sorted(outcomes) == ["rate_limited"] * 5 + ["sign_in_failed"] * 3
    assert await SignInFailure.filter(key="account:sam@example.org").count() == 3


async def _open_connections() -> None:
    """On PostgreSQL, open several pooled connections first, so the turns below really run at
    the same moment on different connections (a fresh pool opens them one by one)."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        await asyncio.gather(*(client.execute_query("SELECT pg_sleep(0.05)") for _ in range(5)))


async def _turn(key: str, limit: int) -> str:
    try:
        await ratelimit.take_turn(key=key, limit=limit, window_minutes=60, message="Too many")
    except RateLimited:
        return "refused"
    return "taken"


async def test_turns_taken_at_once_never_pass_the_limit(db: str) -> None:
    await _open_connections()

    outcomes = await asyncio.gather(*(_turn("booking:10.0.0.7", 4) for _ in range(12)))

    assert outcomes.count("taken") == 4
    assert await SignInFailure.filter(key="booking:10.0.0.7").count() == 4


async def test_a_turn_not_yet_committed_still_counts(db: str) -> None:
    # A booking takes its turn inside its transaction; until that commits, its row is invisible
    # to other connections. Turns taken meanwhile must wait for it, not count without it.
    go = asyncio.Event()

    async def turn_when_told() -> str:
        await go.wait()
        return await _turn("booking:10.0.0.6", 2)

    others = [asyncio.create_task(turn_when_told()) for _ in range(2)]  # outside the transaction
    async with in_transaction():
        await ratelimit.take_turn(
            key="booking:10.0.0.6", limit=2, window_minutes=60, message="Too many"
        )
        go.set()
        await asyncio.sleep(0.2)  # time for the others to try while this one is open

    assert sorted(await asyncio.gather(*others)) == ["refused", "taken"]


async def test_checking_a_password_leaves_other_requests_running(db: str) -> None:
    # Full-strength argon2 (not the tests' light hash): about 0.1 s to check.
    await people.create_person(name="Kim", email="kim@example.org", password="a long password 1")

    known = await loop_turns_while(
        people.authenticate(
            email="kim@example.org", password="not it at all", address="10.0.0.8", **LIMITS
        )
    )
    # No such account: a dummy hash is checked all the same, so the answer takes as long and
    # the time taken does not tell whether the address has an account.
    unknown = await loop_turns_while(
        people.authenticate(
            email="nobody@example.org", password="not it at all", address="10.0.0.8", **LIMITS
        )
    )

    # On the loop, the ticker would have run once before and once after.
    assert known >= 5
    assert unknown >= 5
