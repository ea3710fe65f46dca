"""Rate limits kept in the database: sign-in attempts per account, card and address, and uses
per address (bookings, ticket e-mails).

Kept in the database (not in memory) so several app processes share one count. The rows hold
e-mail addresses and IP addresses, and every booking adds one: `forget_spent` deletes them
once no window can count them (run daily by `fairplanner purge`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from fairplanner.errors import RateLimited
from fairplanner.models import SignInFailure
from fairplanner.services.clock import now
from fairplanner.services.sql_steps import Steps, run

KEY_LIMIT = 300  # the column's length


def _stored(key: str) -> str:
    """The key as kept: a key longer than the column (a made-up 5,000-character e-mail
    address) is cut and completed by its digest, so it still counts on its own."""
    if len(key) <= KEY_LIMIT:
        return key
    return key[:200] + "#" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


TOO_MANY_TRIES = (
    "Too many tries. Please wait {minutes} minutes and try again, or ask an organiser for help."
)


async def reserve(*, keys: Iterable[str], limit: int, window_minutes: int) -> list[int]:
    """Count an attempt (a password or PIN about to be checked) against each key before it is
    made; refuse once a key has had `limit` attempts in the window. Counted first, in one
    statement a key, so tries sent at the same moment cannot all pass a check before any of
    them is counted. A failed attempt stays counted; `release` takes back a good one's."""
    held: list[int] = []
    for key in keys:
        taken = await _take(key, limit, window_minutes)
        if taken is None:
            await release(held)
            raise RateLimited(TOO_MANY_TRIES.format(minutes=window_minutes))
        held.append(taken)
    return held


async def release(held: list[int]) -> None:
    if held:
        await SignInFailure.filter(id__in=held).delete()


# Written by hand: every booking takes a turn, and the ORM took longer to build its statements
# than the database to run them. One statement: the use is written only while the window holds
# fewer than the limit, and its id comes back when it was.
_TURN = """INSERT INTO sign_in_failure ("key", "at") SELECT ?, ?
WHERE (SELECT COUNT(*) FROM sign_in_failure WHERE "key" = ? AND "at" >= ?) < ? RETURNING id"""
# PostgreSQL counts the window from the snapshot its statement starts with, so two turns at
# the same moment could both see room and both be written: turns on one key wait for each
# other on this lock, held to the end of the transaction. SQLite writes one at a time.
_KEY_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"


def _turn(key: str, limit: int, since: datetime, at: datetime, lock: bool) -> Steps[int | None]:
    if lock:
        yield (_KEY_LOCK, [key])
    taken = yield (_TURN, [key, at, key, since, limit])
    return int(taken[0]["id"]) if taken else None


async def _take(key: str, limit: int, window_minutes: int) -> int | None:
    """The id of the use written, or None when the window was full."""
    at = now()
    since = at - timedelta(minutes=window_minutes)
    client = connections.get("default")
    postgres = client.capabilities.dialect == "postgres"
    # In the caller's transaction (a booking) the lock lasts until that ends; a turn taken on
    # its own needs a transaction of its own for the lock to cover the INSERT.
    alone = postgres and not isinstance(client, TransactionalDBClient)
    return await run(lambda: _turn(_stored(key), limit, since, at, postgres), transaction=alone)


async def take_turn(*, key: str, limit: int, window_minutes: int, message: str) -> None:
    """Count one use of something limited per address (bookings, ticket e-mails); refuse with
    `message` past `limit` uses in the window. Stops floods of bookings or e-mails."""
    if await _take(key, limit, window_minutes) is None:
        raise RateLimited(message)


@dataclass(frozen=True)
class Turn:
    """One use of something limited per address, taken inside the caller's transaction."""

    key: str
    limit: int
    window_minutes: int
    message: str


async def take(turn: Turn) -> None:
    await take_turn(
        key=turn.key, limit=turn.limit, window_minutes=turn.window_minutes, message=turn.message
    )


async def forget(*, keys: Iterable[str], older_than_minutes: int = 0) -> None:
    """Clear an account's failures after a good sign-in (the address count stays)."""
    query = SignInFailure.filter(key__in=[_stored(key) for key in keys])
    if older_than_minutes:
        query = query.filter(at__lt=now() - timedelta(minutes=older_than_minutes))
    await query.delete()


# Longer than any window (the longest is an hour): older rows count for nothing.
SPENT_AFTER_HOURS = 24


async def forget_spent(*, older_than_hours: int = SPENT_AFTER_HOURS) -> int:
    """Delete the uses and failures no window counts any more. Returns how many went."""
    return await SignInFailure.filter(at__lt=now() - timedelta(hours=older_than_hours)).delete()
