"""Easy-read text for our own pages, kept as data so a test can measure every sentence."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

CATALOGUE = "easy_read.toml"


@cache
def catalogue() -> dict[str, list[dict[str, str]]]:
    text = resources.files("fairplanner.data").joinpath(CATALOGUE).read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return {key: list(section["points"]) for key, section in data.items()}


def points(key: str) -> list[dict[str, str]]:
    """The numbered points for one page. An unknown key is a programming error."""
    return catalogue()[key]
