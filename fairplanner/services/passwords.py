"""Password hashing with argon2 (argon2-cffi's recommended parameters).

Services call `hashed` and `matches`, which run argon2 on a worker thread (two at most): a
hash takes about 0.1 s of CPU on purpose, and on the event loop it stalled every other request
for that long (a door scan behind a volunteer signing in). argon2 releases the GIL meanwhile.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against this when no account matches keeps the timing the same either way.
_DUMMY_HASH = _hasher.hash("not a real password")

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


# Two checks at a time: each holds 64 MiB while it runs (argon2's memory cost), and a burst of
# sign-ins on a small server must not take many times that at once. The rest wait their turn.
_ARGON2 = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")


async def hashed(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_ARGON2, hash_password, password)


async def matches(password_hash: str, password: str) -> bool:
    """Whether `password` fits `password_hash`. An empty hash (no such account, or no PIN set)
    is checked against a dummy, so the answer takes as long either way: the time taken must
    not tell whether an account exists."""
    return await asyncio.get_running_loop().run_in_executor(
        _ARGON2, verify_password, password_hash, password
    )


def password_problem(password: str) -> str | None:
    """A plain reason a new password will not do, or None."""
    if len(password) < MIN_LENGTH:
        return f"Your password must be at least {MIN_LENGTH} characters long."
    if len(password) > 200:
        return "Your password must be 200 characters or fewer."
    return None
