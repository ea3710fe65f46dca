"""The shipped catalogues load, are consistent, and keep their easy-read promises."""

from __future__ import annotations

import re

from fairplanner.services import catalogues


def test_checklist_has_80_items_in_known_categories() -> None:
    checklist = catalogues.checklist()
    assert len(checklist.items) == 80
    assert {i.category for i in checklist.items} == set(checklist.categories)
    assert checklist.by_code["EN05"].unit == "cm"
    assert checklist.by_code["EN05"].min == "door_width_min_cm"


def test_checklist_uses_every_answer_kind() -> None:
    kinds = {i.kind for i in catalogues.checklist().items}
    extras = {i.also.kind for i in catalogues.checklist().items if i.also}
    assert kinds | extras >= {
        "yes_no",
        "cm",
        "m",
        "count",
        "choice",
        "multi",
        "text",
        "date",
        "url",
    }


def test_default_thresholds_come_from_the_reference() -> None:
    thresholds = catalogues.checklist().thresholds
    assert thresholds["door_width_min_cm"].default == 80
    assert thresholds["car_park_max_m"].default == 50
    assert thresholds["noise_max_db"].default is None


def test_access_needs_map_to_checklist_items() -> None:
    needs = catalogues.access_needs()
    assert len(needs) == 24
    wheelchair = catalogues.need("W")
    assert wheelchair is not None
    assert ("EN02", "EN04") in wheelchair.key
    assert catalogues.need("NOPE") is None
    assert catalogues.need_choices()[0] == ("W", "I use a wheelchair or mobility scooter.")


def test_access_need_wording_is_easy_read() -> None:
    for need in catalogues.access_needs():
        for sentence in re.split(r"(?<=[.!?])\s+", need.wording):
            assert len(sentence.split()) <= 15, sentence
        assert " I " in f" {need.wording}", need.wording
