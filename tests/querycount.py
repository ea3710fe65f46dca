"""Counts the SQL statements Tortoise sends, by listening to its db_client logger."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

_LOGGER = logging.getLogger("tortoise.db_client")


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")):
            self.statements.append(message)


@contextlib.contextmanager
def counting() -> Iterator[list[str]]:
    counter = _Counter()
    level = _LOGGER.level
    _LOGGER.addHandler(counter)
    _LOGGER.setLevel(logging.DEBUG)
    try:
        yield counter.statements
    finally:
        _LOGGER.removeHandler(counter)
        _LOGGER.setLevel(level)
