"""Pure tallying, one function per decision method: no database, no clock.

A tally takes the options and the current votes and returns a `Tally` that can be stored as
it is (JSON) in a Decision and shown as a table with bars. Every vote weighs the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from fairplanner.models.planning import Method

SCORE_MAX = 5
# Time poll answers, stored per option.
YES, MAYBE, NO = 2, 1, 0
TIME_ANSWERS = {YES: "Yes", MAYBE: "Maybe", NO: "No"}


class Stance:
    """Consent answers. An objection needs a reason and blocks the proposal."""

    OK = "ok"
    CONCERN = "concern"
    OBJECT = "object"

    ALL = (OK, CONCERN, OBJECT)
    LABELS = {OK: "OK with me", CONCERN: "I have a concern", OBJECT: "I object"}


@dataclass(frozen=True)
class OptionIn:
    id: int
    title: str


@dataclass(frozen=True)
class VoteIn:
    """What a tally needs from a vote: per-option values (keys are option ids as text),
    the consent stance, and the time-poll support flag."""

    values: dict[str, int] = field(default_factory=dict)
    stance: str = ""
    needs_support: bool = False


@dataclass
class Row:
    label: str
    cells: list[str]
    # Relative size of the bar, 0-100 (the largest row is 100).
    bar: int
    option_id: int | None = None


@dataclass
class Tally:
    method: str
    voters: int
    columns: list[str]
    rows: list[Row]
    leaders: list[int]
    blocked: bool
    summary: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tally:
        rows = [Row(**row) for row in data.get("rows", [])]
        return cls(**{**data, "rows": rows})


def tally(method: Method, options: Sequence[OptionIn], votes: Sequence[VoteIn]) -> Tally:
    if method == Method.CONSENT:
        return tally_consent(votes)
    if method == Method.DOT_VOTE:
        return tally_dots(options, votes)
    if method == Method.SCORE:
        return tally_scores(options, votes)
    return tally_time_poll(options, votes)


def _bars(values: Sequence[float]) -> list[int]:
    top = max(values, default=0)
    return [round(100 * v / top) if top > 0 else 0 for v in values]


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _leaders_summary(options: Sequence[OptionIn], leaders: list[int], what: str) -> str:
    names = [o.title for o in options if o.id in leaders]
    if not names:
        return "Nobody voted."
    if len(names) == 1:
        return f"{names[0]} {what}."
    return f"A tie between {' and '.join(names)}."


def tally_consent(votes: Sequence[VoteIn]) -> Tally:
    counts = {s: sum(1 for v in votes if v.stance == s) for s in Stance.ALL}
    voters = sum(counts.values())
    blocked = counts[Stance.OBJECT] > 0
    if not voters:
        summary = "Nobody voted."
    elif blocked:
        n = counts[Stance.OBJECT]
        summary = f"Not agreed: {n} {'objection stands' if n == 1 else 'objections stand'}."
    elif counts[Stance.CONCERN]:
        summary = "Agreed, with concerns to think about."
    else:
        summary = "Agreed: everyone who voted is OK with it."
    bars = _bars([counts[s] for s in Stance.ALL])
    rows = [
        Row(label=Stance.LABELS[s], cells=[str(counts[s])], bar=bar)
        for s, bar in zip(Stance.ALL, bars, strict=True)
    ]
    return Tally(
        method=Method.CONSENT.value,
        voters=voters,
        columns=["People"],
        rows=rows,
        leaders=[],
        blocked=blocked,
        summary=summary,
    )


def _per_option(options: Sequence[OptionIn], votes: Sequence[VoteIn]) -> dict[int, list[int]]:
    """Each option's values from every vote that gave it one."""
    found: dict[int, list[int]] = {o.id: [] for o in options}
    for vote in votes:
        for key, value in vote.values.items():
            if int(key) in found:
                found[int(key)].append(int(value))
    return found


def _top(options: Sequence[OptionIn], key: dict[int, tuple[float, ...]]) -> list[int]:
    if not options:
        return []
    best = max(key[o.id] for o in options)
    if best[0] <= 0:
        return []
    return [o.id for o in options if key[o.id] == best]


def tally_dots(options: Sequence[OptionIn], votes: Sequence[VoteIn]) -> Tally:
    given = _per_option(options, votes)
    totals = {o.id: sum(given[o.id]) for o in options}
    people = {o.id: sum(1 for v in given[o.id] if v > 0) for o in options}
    leaders = _top(options, {o.id: (totals[o.id],) for o in options})
    bars = _bars([totals[o.id] for o in options])
    rows = [
        Row(label=o.title, cells=[str(totals[o.id]), str(people[o.id])], bar=bar, option_id=o.id)
        for o, bar in zip(options, bars, strict=True)
    ]
    return Tally(
        method=Method.DOT_VOTE.value,
        voters=sum(1 for v in votes if any(int(x) > 0 for x in v.values.values())),
        columns=["Dots", "People"],
        rows=rows,
        leaders=leaders,
        blocked=False,
        summary=_leaders_summary(options, leaders, "got the most dots"),
    )


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def tally_scores(options: Sequence[OptionIn], votes: Sequence[VoteIn]) -> Tally:
    """Ranked by average score, then by how many people scored it (a 5 from one person
    should not beat a 4.8 average from ten)."""
    given = _per_option(options, votes)
    averages = {o.id: _mean(given[o.id]) for o in options}
    leaders = _top(options, {o.id: (averages[o.id], len(given[o.id])) for o in options})
    bars = _bars([averages[o.id] for o in options])
    rows = [
        Row(
            label=o.title,
            cells=[f"{averages[o.id]:.1f}", str(sum(given[o.id])), str(len(given[o.id]))],
            bar=bar,
            option_id=o.id,
        )
        for o, bar in zip(options, bars, strict=True)
    ]
    return Tally(
        method=Method.SCORE.value,
        voters=sum(1 for v in votes if v.values),
        columns=[f"Average (out of {SCORE_MAX})", "Total", "People"],
        rows=rows,
        leaders=leaders,
        blocked=False,
        summary=_leaders_summary(options, leaders, "has the highest average score"),
    )


def tally_time_poll(options: Sequence[OptionIn], votes: Sequence[VoteIn]) -> Tally:
    """Ranked by yes answers, then maybes. Counts, per time, the people who could come only
    with transport or support, so organisers can arrange it."""
    counts: dict[int, dict[int, int]] = {o.id: {YES: 0, MAYBE: 0, NO: 0} for o in options}
    support: dict[int, int] = {o.id: 0 for o in options}
    for vote in votes:
        for key, value in vote.values.items():
            option_id = int(key)
            if option_id in counts and int(value) in counts[option_id]:
                counts[option_id][int(value)] += 1
                if vote.needs_support and int(value) in (YES, MAYBE):
                    support[option_id] += 1
    leaders = _top(options, {o.id: (counts[o.id][YES], counts[o.id][MAYBE]) for o in options})
    bars = _bars([counts[o.id][YES] for o in options])
    rows = [
        Row(
            label=o.title,
            cells=[str(counts[o.id][a]) for a in (YES, MAYBE, NO)] + [str(support[o.id])],
            bar=bar,
            option_id=o.id,
        )
        for o, bar in zip(options, bars, strict=True)
    ]
    return Tally(
        method=Method.TIME_POLL.value,
        voters=sum(1 for v in votes if v.values),
        columns=["Yes", "Maybe", "No", "Need help to get there"],
        rows=rows,
        leaders=leaders,
        blocked=False,
        summary=_leaders_summary(options, leaders, "suits the most people"),
    )


def check_ballot(
    method: Method,
    option_ids: Sequence[int],
    *,
    values: dict[str, int],
    stance: str,
    reason: str,
    dots: int,
) -> dict[str, str]:
    """Field name -> plain message for what is wrong with a ballot; empty when it is fine.
    Field names match the vote form: `stance`, `reason`, `option_<id>`, `values`."""
    errors: dict[str, str] = {}
    known = {str(i) for i in option_ids}
    for key in values:
        if key not in known:
            errors["values"] = "That choice is not part of this proposal."
    if method == Method.CONSENT:
        if stance not in Stance.ALL:
            errors["stance"] = "Choose OK with me, I have a concern, or I object"
        elif stance == Stance.OBJECT and not reason.strip():
            errors["reason"] = "Say why you object, so the group can try to solve it"
        return errors
    if method == Method.DOT_VOTE:
        for key, value in values.items():
            if value < 0:
                errors[f"option_{key}"] = "Dots cannot be less than 0"
        spent = sum(v for v in values.values() if v > 0)
        if spent > dots:
            first = f"option_{option_ids[0]}" if option_ids else "values"
            errors.setdefault(
                first, f"You have {dots} dots. You gave {spent}. Take some dots away."
            )
        elif spent == 0 and not errors:
            first = f"option_{option_ids[0]}" if option_ids else "values"
            errors[first] = "Give at least 1 dot"
    elif method == Method.SCORE:
        for key, value in values.items():
            if not 0 <= value <= SCORE_MAX:
                errors[f"option_{key}"] = f"Give a score from 0 to {SCORE_MAX}"
        if not values and not errors:
            first = f"option_{option_ids[0]}" if option_ids else "values"
            errors[first] = "Give a score to at least one choice"
    else:
        for key, value in values.items():
            if value not in TIME_ANSWERS:
                errors[f"option_{key}"] = "Choose yes, maybe or no"
        if not values and not errors:
            first = f"option_{option_ids[0]}" if option_ids else "values"
            errors[first] = "Answer yes, maybe or no for at least one time"
    return errors
