"""On PostgreSQL a connection goes back to the pool without asyncpg's reset query, which
cost a round trip per statement (fairplanner/postgres_pool.py)."""

from __future__ import annotations

import pytest
from tortoise import connections

from fairplanner.postgres_pool import PostgresClient
from tests import databases


async def test_connections_go_back_to_the_pool_without_a_reset_query(db: str) -> None:
    if not databases.TEST_PG_URL:
        pytest.skip("PostgreSQL only")
    client = connections.get("default")
    assert isinstance(client, PostgresClient)

    # Each statement takes a connection from the pool and gives it back; asyncpg hands out
    # the one given back last. Its reset query (RESET ALL) would undo this session setting.
    await client.execute_query("SELECT set_config('application_name', 'fp-pool-check', false)")
    _, rows = await client.execute_query("SELECT current_setting('application_name') AS name")

    assert rows[0]["name"] == "fp-pool-check"
