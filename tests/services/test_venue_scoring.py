"""Scoring rules: met / possible barrier / not checked for every answer kind and threshold.

Pure functions over the shipped catalogue, so no database is needed here."""

from __future__ import annotations

import pytest

from fairplanner.models.venues import AnswerState
from fairplanner.services.catalogues import access_needs, checklist
from fairplanner.services.venue_scoring import (
    Fact,
    Status,
    item_results,
    judge,
    need_result,
    thresholds,
)

ANSWERED = AnswerState.ANSWERED
DEFAULTS = thresholds({})


def verdict(code: str, value: str, limits: dict[str, float | None] = DEFAULTS) -> Status:
    return judge(checklist().by_code[code], ANSWERED, value, limits).status


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        # yes_no where yes is good, and where no is good
        ("EN01", "yes", Status.MET),
        ("EN01", "no", Status.BARRIER),
        ("PK06", "no", Status.MET),
        ("PK06", "yes", Status.BARRIER),
        # cm with a minimum (door at least 80 cm) and a maximum (threshold 2 cm or less)
        ("EN05", "80", Status.MET),
        ("EN05", "76", Status.BARRIER),
        ("EN06", "2", Status.MET),
        ("EN06", "2.5", Status.BARRIER),
        # m with a maximum (Blue Badge bay within 50 m)
        ("PK03", "50", Status.MET),
        ("PK03", "51", Status.BARRIER),
        # count with a maximum (no steps) and a minimum (at least one accessible toilet)
        ("EN02", "0", Status.MET),
        ("EN02", "1", Status.BARRIER),
        ("TL01", "1", Status.MET),
        ("TL01", "0", Status.BARRIER),
        # decibels with no default threshold: the fact is shown, no verdict
        ("MR06", "70", Status.FACT),
        # choice
        ("HE01", "portable_loop", Status.MET),
        ("HE01", "none", Status.BARRIER),
        # multi: need all of, bad any of, good any of
        ("CP03", "hoist,bench,screen", Status.MET),
        ("CP03", "hoist,screen", Status.BARRIER),
        ("MR05", "dimmers,blinds", Status.MET),
        ("MR05", "dimmers,glare", Status.BARRIER),
        ("VI03", "symbols", Status.MET),
        ("VI03", "", Status.BARRIER),
        # text, url: recorded facts without a verdict
        ("GT02", "Routes 5 and 12, every 10 minutes", Status.FACT),
        ("CM01", "https://example.org/access", Status.FACT),
    ],
)
def test_each_answer_kind_is_judged_against_its_rule(
    code: str, value: str, expected: Status
) -> None:
    assert verdict(code, value) == expected


def test_a_barrier_carries_the_fact_and_the_threshold_in_words() -> None:
    result = judge(checklist().by_code["EN05"], ANSWERED, "76", DEFAULTS)
    assert result.fact == "76 cm"
    assert result.reason == "the fair asks for at least 80 cm"


def test_not_checked_and_not_applicable_are_never_met() -> None:
    item = checklist().by_code["EN05"]
    assert judge(item, AnswerState.NOT_CHECKED, "", DEFAULTS).status == Status.NOT_CHECKED
    assert judge(item, AnswerState.NOT_APPLICABLE, "", DEFAULTS).status == Status.NOT_APPLICABLE


def test_a_fair_threshold_replaces_the_default() -> None:
    wider = thresholds({"door_width_min_cm": 90})
    assert verdict("EN05", "85") == Status.MET
    assert verdict("EN05", "85", wider) == Status.BARRIER
    quiet = thresholds({"noise_max_db": 60})
    assert verdict("MR06", "70", quiet) == Status.BARRIER
    assert verdict("MR06", "55", quiet) == Status.MET


def _need(code: str, facts: list[Fact]) -> Status:
    (need,) = [n for n in access_needs() if n.code == code]
    return need_result(need, item_results(facts, DEFAULTS)).status


def _yes(code: str, value: str = "yes") -> Fact:
    return Fact(item_code=code, state=ANSWERED, value=value, assessor="Priya")


def test_a_need_is_met_only_when_every_key_item_is_checked_and_met() -> None:
    hearing = [_yes("HE01", "fixed_loop"), _yes("MR07")]
    assert _need("HL", hearing) == Status.MET
    assert _need("HL", hearing[:1]) == Status.NOT_CHECKED
    assert _need("HL", [_yes("HE01", "none"), _yes("MR07")]) == Status.BARRIER


def test_either_item_of_a_group_is_enough() -> None:
    # Steps at the entrance, but a permanent ramp: the "no steps" need is met there.
    base = [_yes("CI01"), _yes("CI05", "no"), _yes("TL02")]
    assert _need("S", [*base, _yes("EN02", "2"), _yes("EN04", "permanent")]) == Status.MET
    assert _need("S", [*base, _yes("EN02", "2"), _yes("EN04", "none")]) == Status.BARRIER
    assert _need("S", [*base, _yes("EN02", "2")]) == Status.NOT_CHECKED


def test_when_assessors_disagree_both_are_kept_and_the_barrier_shows() -> None:
    facts = [
        Fact(item_code="EN05", state=ANSWERED, value="82", assessor="Priya"),
        Fact(item_code="EN05", state=ANSWERED, value="76", assessor="Tom"),
    ]
    result = item_results(facts, DEFAULTS)["EN05"]
    assert result.disagree
    assert result.status == Status.BARRIER
    assert [f.assessor for f, _ in result.entries] == ["Priya", "Tom"]
    assert result.summary == "82 cm / 76 cm"


def test_someone_checking_beats_someone_not_sure() -> None:
    facts = [
        Fact(item_code="EN05", state=AnswerState.NOT_CHECKED, assessor="Tom"),
        Fact(item_code="EN05", state=ANSWERED, value="90", assessor="Priya"),
    ]
    assert item_results(facts, DEFAULTS)["EN05"].status == Status.MET
