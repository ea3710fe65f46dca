"""Tortoise's PostgreSQL engine (asyncpg), with a pool that takes connections back without
asyncpg's reset query.

By default asyncpg's pool sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
RESET ALL;` whenever a connection comes back, and Tortoise takes a connection from the pool
for each statement outside a transaction: a door scan's lookup and its log row were four
round trips to the server instead of two. The app leaves no session state on a connection
(no advisory locks, LISTEN, session SET or cursors kept open; `SET LOCAL` ends with its
transaction), so that query only cost time. A transaction left open is still rolled back:
asyncpg does that itself before it calls the pool's reset.

Used by `settings.tortoise_config` for every postgres:// URL.
"""

from __future__ import annotations

from typing import Any

from tortoise.backends.asyncpg.client import AsyncpgDBClient


async def _nothing_to_reset(connection: Any) -> None:
    """The pool's reset: nothing to undo (see the module's docstring)."""


class PostgresClient(AsyncpgDBClient):
    async def create_pool(self, **kwargs: Any) -> Any:
        return await super().create_pool(reset=_nothing_to_reset, **kwargs)


client_class = PostgresClient
