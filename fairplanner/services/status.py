"""Is the database answering?"""

from __future__ import annotations

from tortoise.exceptions import BaseORMException

from fairplanner.models import Organisation


async def database_ok() -> bool:
    try:
        await Organisation.all().limit(1)
    except (BaseORMException, OSError):
        return False
    return True
