"""The pure tallies, one method at a time: ties, no votes, objections, odd input."""

from __future__ import annotations

from fairplanner.models.planning import Method
from fairplanner.services.decisions import (
    MAYBE,
    NO,
    YES,
    OptionIn,
    Stance,
    Tally,
    VoteIn,
    check_ballot,
    tally,
    tally_consent,
    tally_dots,
    tally_scores,
    tally_time_poll,
)

HALL = OptionIn(1, "Community hall")
LIBRARY = OptionIn(2, "Library")
COLLEGE = OptionIn(3, "College")
THREE = [HALL, LIBRARY, COLLEGE]


def votes(*values: dict[str, int], needs_support: bool = False) -> list[VoteIn]:
    return [VoteIn(values=v, needs_support=needs_support) for v in values]


def test_consent_with_no_votes_says_nobody_voted() -> None:
    result = tally_consent([])
    assert result.voters == 0
    assert not result.blocked
    assert result.summary == "Nobody voted."
    assert [row.cells for row in result.rows] == [["0"], ["0"], ["0"]]


def test_consent_everyone_ok_is_agreed() -> None:
    result = tally_consent([VoteIn(stance=Stance.OK), VoteIn(stance=Stance.OK)])
    assert not result.blocked
    assert result.summary == "Agreed: everyone who voted is OK with it."
    assert result.rows[0].bar == 100


def test_consent_concerns_do_not_block() -> None:
    result = tally_consent([VoteIn(stance=Stance.OK), VoteIn(stance=Stance.CONCERN)])
    assert not result.blocked
    assert "concerns" in result.summary


def test_consent_one_objection_blocks_however_many_agree() -> None:
    many_ok = [VoteIn(stance=Stance.OK)] * 9
    result = tally_consent([*many_ok, VoteIn(stance=Stance.OBJECT)])
    assert result.blocked
    assert result.summary == "Not agreed: 1 objection stands."
    assert [row.cells[0] for row in result.rows] == ["9", "0", "1"]


def test_consent_two_objections_are_counted_in_the_summary() -> None:
    result = tally_consent([VoteIn(stance=Stance.OBJECT), VoteIn(stance=Stance.OBJECT)])
    assert result.summary == "Not agreed: 2 objections stand."


def test_dots_most_dots_wins() -> None:
    result = tally_dots(THREE, votes({"1": 2, "2": 1}, {"1": 1, "3": 2}, {"2": 3}))
    assert [row.cells for row in result.rows] == [["3", "2"], ["4", "2"], ["2", "1"]]
    assert result.leaders == [2]
    assert result.summary == "Library got the most dots."
    assert [row.bar for row in result.rows] == [75, 100, 50]


def test_dots_tie_names_every_leader() -> None:
    result = tally_dots(THREE, votes({"1": 2}, {"2": 2}))
    assert result.leaders == [1, 2]
    assert result.summary == "A tie between Community hall and Library."


def test_dots_with_no_votes_has_no_leader_and_empty_bars() -> None:
    result = tally_dots(THREE, [])
    assert result.leaders == []
    assert result.summary == "Nobody voted."
    assert [row.bar for row in result.rows] == [0, 0, 0]


def test_dots_ignore_an_option_that_is_not_in_the_proposal() -> None:
    result = tally_dots([HALL], votes({"1": 1, "99": 5}))
    assert [row.cells[0] for row in result.rows] == ["1"]


def test_scores_rank_by_average_then_by_how_many_scored() -> None:
    result = tally_scores(THREE, votes({"1": 5}, {"2": 5, "3": 2}, {"2": 5, "3": 4}))
    # Hall and Library both average 5; Library was scored by two people, so it leads.
    assert result.leaders == [2]
    assert result.rows[0].cells == ["5.0", "5", "1"]
    assert result.rows[2].cells == ["3.0", "6", "2"]


def test_scores_exact_tie_lists_both() -> None:
    result = tally_scores([HALL, LIBRARY], votes({"1": 4, "2": 4}))
    assert result.leaders == [1, 2]
    assert result.summary.startswith("A tie between")


def test_scores_all_zero_has_no_leader() -> None:
    result = tally_scores([HALL, LIBRARY], votes({"1": 0, "2": 0}))
    assert result.leaders == []
    assert result.voters == 1


def test_time_poll_counts_yes_maybe_no_and_support_needs() -> None:
    ballots = [
        *votes({"1": YES, "2": NO}, needs_support=True),
        *votes({"1": MAYBE, "2": YES}),
        *votes({"1": YES, "2": MAYBE}),
    ]
    result = tally_time_poll([HALL, LIBRARY], ballots)
    assert result.columns[-1] == "Need help to get there"
    assert result.rows[0].cells == ["2", "1", "0", "1"]
    assert result.rows[1].cells == ["1", "1", "1", "0"]
    assert result.leaders == [1]
    assert result.summary == "Community hall suits the most people."


def test_time_poll_tie_on_yes_is_broken_by_maybe() -> None:
    result = tally_time_poll([HALL, LIBRARY], votes({"1": YES, "2": YES}, {"2": MAYBE}))
    assert result.leaders == [2]


def test_time_poll_where_everyone_says_no_has_no_leader() -> None:
    result = tally_time_poll([HALL, LIBRARY], votes({"1": NO, "2": NO}))
    assert result.leaders == []
    assert result.summary == "Nobody voted."


def test_tally_survives_being_stored_as_json_and_read_back() -> None:
    result = tally(Method.DOT_VOTE, THREE, votes({"1": 2}))
    again = Tally.from_json(result.as_json())
    assert again == result


def test_ballot_objection_needs_a_reason() -> None:
    errors = check_ballot(Method.CONSENT, [1], values={}, stance="object", reason=" ", dots=0)
    assert errors == {"reason": "Say why you object, so the group can try to solve it"}
    assert (
        check_ballot(Method.CONSENT, [1], values={}, stance="object", reason="Steps", dots=0) == {}
    )


def test_ballot_consent_needs_an_answer() -> None:
    assert "stance" in check_ballot(Method.CONSENT, [1], values={}, stance="", reason="", dots=0)


def test_ballot_dots_over_the_allowance_are_refused() -> None:
    errors = check_ballot(
        Method.DOT_VOTE, [1, 2], values={"1": 2, "2": 2}, stance="", reason="", dots=3
    )
    assert errors == {"option_1": "You have 3 dots. You gave 4. Take some dots away."}


def test_ballot_dots_must_give_one_and_never_negative() -> None:
    assert check_ballot(Method.DOT_VOTE, [1, 2], values={}, stance="", reason="", dots=3) == {
        "option_1": "Give at least 1 dot"
    }
    errors = check_ballot(Method.DOT_VOTE, [1, 2], values={"2": -1}, stance="", reason="", dots=3)
    assert errors == {"option_2": "Dots cannot be less than 0"}


def test_ballot_scores_must_be_0_to_5() -> None:
    errors = check_ballot(Method.SCORE, [1], values={"1": 6}, stance="", reason="", dots=0)
    assert errors == {"option_1": "Give a score from 0 to 5"}


def test_ballot_refuses_an_option_from_another_proposal() -> None:
    errors = check_ballot(Method.SCORE, [1], values={"7": 3}, stance="", reason="", dots=0)
    assert "values" in errors


def test_ballot_time_poll_answers_are_yes_maybe_or_no() -> None:
    errors = check_ballot(Method.TIME_POLL, [1], values={"1": 3}, stance="", reason="", dots=0)
    assert errors == {"option_1": "Choose yes, maybe or no"}
