"""The easy-read catalogue (fairplanner/data/easy_read.toml), measured so a long or hard
sentence cannot slip in unnoticed: short sentences, a reading-ease score, a picture with alt
text beside every point, and no page asking for a key the catalogue lacks.

The reading-ease score (Flesch, via textstat) is statistically noisy on one short point: a
plain five-word sentence with one long word ("Carers and assistants come free.") scores 66.
So each page's points together must score 70 or more (easy), and every single point 50 or more
(so one hard point cannot hide among easy ones)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from fairplanner.web.easy_read import catalogue
from fairplanner.web.routes import STATIC_DIR
from fairplanner.web.templating import TEMPLATES_DIR

MAX_WORDS = 15
PAGE_EASE = 70
POINT_EASE = 50
ICONS = STATIC_DIR / "img" / "easy-read"

POINTS = [
    pytest.param(key, i, point, id=f"{key}-{i + 1}")
    for key, points in catalogue().items()
    for i, point in enumerate(points)
]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def test_catalogue_is_not_empty() -> None:
    assert len(catalogue()) >= 5
    assert all(points for points in catalogue().values())


@pytest.mark.parametrize(("key", "index", "point"), POINTS)
def test_each_sentence_has_at_most_15_words(key: str, index: int, point: dict[str, str]) -> None:
    long = [s for s in _sentences(point["text"]) if len(s.split()) > MAX_WORDS]

    assert long == []


@pytest.mark.parametrize(("key", "index", "point"), POINTS)
def test_each_point_is_easy_to_read(key: str, index: int, point: dict[str, str]) -> None:
    assert textstat.flesch_reading_ease(point["text"]) >= POINT_EASE


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_each_pages_points_together_are_easy_to_read(key: str) -> None:
    text = " ".join(point["text"] for point in catalogue()[key])

    assert textstat.flesch_reading_ease(text) >= PAGE_EASE


@pytest.mark.parametrize(("key", "index", "point"), POINTS)
def test_each_point_has_an_icon_file_and_alt_text(
    key: str, index: int, point: dict[str, str]
) -> None:
    assert (ICONS / f"{point['icon']}.svg").is_file()
    assert point["alt"].strip()
    assert point["alt"].strip() != point["icon"]  # describes the picture, not the file name


def _keys_used_in_templates() -> dict[str, list[str]]:
    pattern = re.compile(
        r"""easy_read_key\s*=\s*["'](\w+)["']|easy_read_points\(\s*["'](\w+)["']\s*\)"""
    )
    used: dict[str, list[str]] = {}
    for path in sorted(Path(TEMPLATES_DIR).rglob("*.html")):
        for match in pattern.finditer(path.read_text("utf-8")):
            key = match[1] or match[2]
            used.setdefault(key, []).append(str(path.relative_to(TEMPLATES_DIR)))
    return used


def test_templates_use_easy_read_keys() -> None:
    # Guards the next test: a changed include syntax would otherwise find nothing to check.
    assert len(_keys_used_in_templates()) >= 5


def test_every_easy_read_key_in_the_templates_is_in_the_catalogue() -> None:
    missing = {
        key: where for key, where in _keys_used_in_templates().items() if key not in catalogue()
    }

    assert missing == {}
