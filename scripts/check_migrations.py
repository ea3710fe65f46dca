"""Fails when the models have changes that no migration file covers (Tortoise has no --check)."""

from __future__ import annotations

import asyncio
import sys

from fairplanner.database import missing_migrations


def main() -> int:
    changes = asyncio.run(missing_migrations())
    if changes:
        print("Models changed without a migration. Run `make migrations` and commit the new file:")
        for change in changes:
            print(f"  - {change}")
        return 1
    print("Migrations match the models.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
