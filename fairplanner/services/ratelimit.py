"""Rate limits on failed sign-ins, per account and per address, kept in the database.

Kept in the database (not in memory) so several app processes share one count. The rows hold
e-mail addresses and IP addresses, and every booking adds one: `forget_spent` deletes them
once no window can count them (run daily by `fairplanner purge`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

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


async def ensure_allowed(*, keys: Iterable[str], limit: int, window_minutes: int) -> None:
    since = now() - timedelta(minutes=window_minutes)
    for key in map(_stored, keys):
        if await SignInFailure.filter(key=key, at__gte=since).count() >= limit:
            raise RateLimited(
                f"Too many tries. Please wait {window_minutes} minutes and try again, "
                "or ask an organiser for help."
            )


async def record_failure(*, keys: Iterable[str]) -> None:
    await SignInFailure.bulk_create([SignInFailure(key=_stored(key)) for key in keys])


# Written by hand: every booking takes a turn, and the ORM took longer to build its statements
# than the database to run them. One statement: the use is written only while the window holds
# fewer than the limit, and its id comes back when it was.
_TURN = """INSERT INTO sign_in_failure ("key", "at") SELECT ?, ?
WHERE (SELECT COUNT(*) FROM sign_in_failure WHERE "key" = ? AND "at" >= ?) < ? RETURNING id"""


def _turn(key: str, limit: int, since: datetime, at: datetime) -> Steps[bool]:
    taken = yield (_TURN, [key, at, key, since, limit])
    return bool(taken)


async def take_turn(*, key: str, limit: int, window_minutes: int, message: str) -> None:
    """Count one use of something limited per address (bookings, ticket e-mails); refuse with
    `message` past `limit` uses in the window. Stops floods of bookings or e-mails."""
    at = now()
    since = at - timedelta(minutes=window_minutes)
    if not await run(lambda: _turn(_stored(key), limit, since, at), transaction=False):
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
