"""Pure rules: does a recorded fact meet the fair's threshold, and does a venue meet a need.

No database here: the loaders in services/venues.py hand in plain facts, so the rules can be
tested for every answer kind and the comparison stays one pass over the answers.

Two rules from the reference shape everything: describe the place (the fact is always
shown beside the verdict), and "not checked" never counts as met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property, lru_cache

from fairplanner.models.venues import AnswerState
from fairplanner.services.catalogues import NUMBER_KINDS, AccessNeed, ChecklistItem, checklist


class Status(StrEnum):
    MET = "met"
    BARRIER = "barrier"
    NOT_CHECKED = "not_checked"
    NOT_APPLICABLE = "not_applicable"
    # Recorded, but no rule (or no threshold set for this fair): the fact speaks for itself.
    FACT = "fact"


STATUS_WORDS = {
    Status.MET: "Met",
    Status.BARRIER: "Possible barrier",
    Status.NOT_CHECKED: "Not checked",
    Status.NOT_APPLICABLE: "Not applicable",
    Status.FACT: "Recorded",
}

# Best first: when any one item of a group of alternatives is enough (no steps, or a ramp).
_BEST_FIRST = [Status.MET, Status.NOT_APPLICABLE, Status.FACT, Status.NOT_CHECKED, Status.BARRIER]


@dataclass(frozen=True)
class Fact:
    """One assessor's answer for one item, as plain data."""

    item_code: str
    state: AnswerState
    value: str = ""
    extra: str = ""
    note: str = ""
    assessor: str = ""
    # A datetime, or ISO text straight from SQLite (parsed only when shown).
    updated_at: datetime | str | None = None

    @property
    def when(self) -> datetime | None:
        if isinstance(self.updated_at, str):
            moment = datetime.fromisoformat(self.updated_at)
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return self.updated_at


@dataclass(frozen=True)
class Verdict:
    status: Status
    fact: str  # "76 cm", "Yes", "Fixed loop", "" when not checked
    reason: str = ""  # "the fair asks for at least 80 cm"


def number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def format_number(value: float, unit: str) -> str:
    text = f"{value:g}" if value != int(value) else str(int(value))
    return f"{text} {unit}".strip()


def describe(item: ChecklistItem, value: str) -> str:
    """The recorded fact in words: "76 cm", "Yes", "Portable ramp", "Hoist, Bench"."""
    if item.kind == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(value, value)
    if item.kind in NUMBER_KINDS:
        parsed = number(value)
        return format_number(parsed, item.unit) if parsed is not None else value
    if item.kind == "choice":
        return item.choice_label(value)
    if item.kind == "multi":
        chosen = [v for v in value.split(",") if v]
        return ", ".join(item.choice_label(v) for v in chosen) or "None of these"
    return value


def thresholds(overrides: Mapping[str, float]) -> dict[str, float | None]:
    """The fair's thresholds: its own values over the catalogue defaults."""
    return {key: overrides.get(key, t.default) for key, t in checklist().thresholds.items()}


def judge(
    item: ChecklistItem, state: AnswerState, value: str, limits: Mapping[str, float | None]
) -> Verdict:
    """Met, possible barrier, not checked, not applicable or just recorded, with the fact."""
    key = item.min or item.max
    return _judge(item.code, state, value, limits.get(key) if key else None)


# Verdicts are immutable and answers repeat a lot (yes, no, 80 cm): sharing them keeps a
# 2,400-answer comparison from allocating (and garbage-collecting) thousands of objects.
@lru_cache(maxsize=8192)
def _judge(code: str, state: AnswerState, value: str, limit: float | None) -> Verdict:
    item = checklist().by_code[code]
    limits = {item.min or item.max or "": limit}
    if state == AnswerState.NOT_CHECKED:
        return Verdict(Status.NOT_CHECKED, "")
    if state == AnswerState.NOT_APPLICABLE:
        return Verdict(Status.NOT_APPLICABLE, "")
    fact = describe(item, value)
    if item.kind in NUMBER_KINDS:
        return _judge_number(item, value, fact, limits)
    if item.kind in {"yes_no", "choice"} and item.good:
        if value in item.good:
            return Verdict(Status.MET, fact)
        wanted = " or ".join(describe(item, g) for g in item.good)
        return Verdict(Status.BARRIER, fact, f"looking for {wanted.lower()}")
    if item.kind == "multi" and item.scored:
        return _judge_multi(item, value, fact)
    return Verdict(Status.FACT, fact)


def _judge_number(
    item: ChecklistItem, value: str, fact: str, limits: Mapping[str, float | None]
) -> Verdict:
    parsed = number(value)
    key = item.min or item.max
    limit = limits.get(key) if key else None
    if parsed is None or limit is None:
        return Verdict(Status.FACT, fact)
    unit = checklist().thresholds[key].unit if key else item.unit
    if item.min:
        ok = parsed >= limit
        reason = f"the fair asks for at least {format_number(limit, unit)}"
    else:
        ok = parsed <= limit
        reason = f"the fair asks for {format_number(limit, unit)} or less"
    return Verdict(Status.MET if ok else Status.BARRIER, fact, "" if ok else reason)


def _judge_multi(item: ChecklistItem, value: str, fact: str) -> Verdict:
    chosen = {v for v in value.split(",") if v}
    missing = [v for v in item.need_all if v not in chosen]
    if missing:
        names = ", ".join(item.choice_label(v).lower() for v in missing)
        return Verdict(Status.BARRIER, fact, f"no {names}")
    present_bad = [v for v in item.bad_any if v in chosen]
    if present_bad:
        names = ", ".join(item.choice_label(v).lower() for v in present_bad)
        return Verdict(Status.BARRIER, fact, f"has {names}")
    if item.good_any and not chosen & set(item.good_any):
        return Verdict(Status.BARRIER, fact, "none of these")
    return Verdict(Status.MET, fact)


@dataclass
class ItemResult:
    """Every assessor's verdict on one item at one venue, and the combined status.

    The combined values are cached: read them only after every entry is added."""

    item: ChecklistItem
    entries: list[tuple[Fact, Verdict]] = field(default_factory=list)

    @cached_property
    def status(self) -> Status:
        statuses = {v.status for _, v in self.entries}
        # A possible barrier seen by anyone is worth a look; someone's check beats a "not sure".
        for status in (Status.BARRIER, Status.MET, Status.FACT, Status.NOT_APPLICABLE):
            if status in statuses:
                return status
        return Status.NOT_CHECKED

    @cached_property
    def disagree(self) -> bool:
        answered = {f.value for f, _ in self.entries if f.state == AnswerState.ANSWERED}
        states = {f.state for f, _ in self.entries if f.state != AnswerState.NOT_CHECKED}
        return len(answered) > 1 or len(states) > 1

    @cached_property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(v.reason for _, v in self.entries if v.reason))

    @cached_property
    def summary(self) -> str:
        facts = [v.fact for _, v in self.entries if v.fact]
        return " / ".join(dict.fromkeys(facts))


def item_results(
    facts: Iterable[Fact], limits: Mapping[str, float | None]
) -> dict[str, ItemResult]:
    """Every checklist item, with the verdicts of everyone who answered it."""
    by_code = checklist().by_code
    results = {item.code: ItemResult(item) for item in checklist().items}
    for fact in facts:
        item = by_code.get(fact.item_code)
        if item is None:  # an item dropped from a newer catalogue
            continue
        results[item.code].entries.append((fact, judge(item, fact.state, fact.value, limits)))
    return results


@dataclass(frozen=True)
class NeedResult:
    need: AccessNeed
    status: Status
    # The key items behind the verdict that need attention: (short name, status, fact).
    reasons: tuple[tuple[str, Status, str], ...]


def need_result(need: AccessNeed, results: Mapping[str, ItemResult]) -> NeedResult:
    if not need.key:
        return NeedResult(need, Status.FACT, ())
    group_statuses: list[Status] = []
    reasons: list[tuple[str, Status, str]] = []
    for group in need.key:
        best = min((results[code].status for code in group), key=_BEST_FIRST.index)
        group_statuses.append(best)
        if best in {Status.BARRIER, Status.NOT_CHECKED}:
            for code in group:
                r = results[code]
                reasons.append((r.item.short, r.status, r.summary))
    return NeedResult(need, _combine(group_statuses), tuple(reasons))


def _combine(statuses: Sequence[Status]) -> Status:
    if Status.BARRIER in statuses:
        return Status.BARRIER
    if Status.NOT_CHECKED in statuses:
        return Status.NOT_CHECKED
    if Status.MET in statuses:
        return Status.MET
    if Status.FACT in statuses:
        return Status.FACT
    return Status.NOT_APPLICABLE
