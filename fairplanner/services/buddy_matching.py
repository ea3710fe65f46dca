"""The buddy matcher: pure computation (numpy, scipy), no database.

Rows are supported people (one row per buddy wanted), columns are partner volunteers (one
column per person they can support). Hard rules make a pair infeasible: a large negative
integer, never -inf (scipy refuses an infeasible matrix), dropped after solving. Entries are
integers in tiers, so the solver matches as many people as possible first, then favours people
who asked for the most support, then the best soft score. Ties are broken by a recorded seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment


class Support(IntEnum):
    """How much support a person wants; the number is their priority in the match."""

    ON_MY_OWN = 0
    SOMEONE_NEARBY = 1
    BUDDY_WITH_ME = 2
    TWO_PEOPLE = 3


DEFAULT_WEIGHTS = {
    "availability": 35,
    "named": 15,
    "communication": 15,
    "interests": 10,
    "language": 10,
    "meeting_point": 5,
    "workload": 5,
}


WEIGHT_WORDS = {
    "availability": "Free at the same times",
    "named": "Asked for each other",
    "communication": "Communication fits",
    "interests": "Shared interests",
    "language": "Shared first language",
    "meeting_point": "Same meeting point",
    "workload": "Sharing the work between partners",
}


def weight_problem(weights: Mapping[str, object]) -> tuple[str, str] | None:
    """(criterion, plain message) for weights the matcher cannot use, else None. Each is a
    whole number from 0 to 100 and together they are 1 to 100, so a score stays out of 100."""
    unknown = sorted(set(weights) - set(DEFAULT_WEIGHTS))
    if unknown:
        return unknown[0], f"There is no criterion called {unknown[0]}"
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            return key, f"{WEIGHT_WORDS[key]}: enter a whole number from 0 to 100"
    total = sum(int(v) for v in weights.values())  # type: ignore[call-overload]
    if total == 0:
        return "availability", "At least one weight must be more than 0"
    if total > 100:
        return "availability", f"The weights add up to {total}: together they can be 100 at most"
    return None


@dataclass(frozen=True)
class Supported:
    key: int
    name: str
    support: Support
    languages: tuple[str, ...] = ()  # first is the one they like best
    needs: frozenset[str] = frozenset()  # communication: bsl, easy_read, calm...
    requires: frozenset[str] = frozenset()  # skills a buddy must have, e.g. bsl
    interests: frozenset[str] = frozenset()
    meeting_point: str = ""
    slots: frozenset[str] = frozenset()  # times they want support, e.g. "10:00-11:00"
    named: frozenset[int] = frozenset()  # partners they asked for
    never: frozenset[int] = frozenset()  # private: partners never to pair with


@dataclass(frozen=True)
class Partner:
    key: int
    name: str
    capacity: int
    languages: tuple[str, ...] = ()
    skills: frozenset[str] = frozenset()
    offers: frozenset[str] = frozenset()  # communication they are happy with
    interests: frozenset[str] = frozenset()
    meeting_point: str = ""
    slots: frozenset[str] = frozenset()
    named: frozenset[int] = frozenset()
    never: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Settings:
    seed: int = 0
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    min_score: int = 0
    fairness: bool = False
    pinned: frozenset[tuple[int, int]] = frozenset()  # (supported key, partner key)
    # Pairs kept from before (locked, swapped or published): kept while still allowed.
    locked: frozenset[tuple[int, int]] = frozenset()
    forbidden: frozenset[tuple[int, int]] = frozenset()
    unmatched: frozenset[int] = frozenset()  # supported people left out on purpose
    exact_limit: int = 1_000_000  # above this many entries the solve is staged (see _solve)


@dataclass(frozen=True)
class Pair:
    supported: int
    partner: int
    score: int
    pinned: bool = False
    locked: bool = False


@dataclass(frozen=True)
class Backup:
    """The next best partner with a free place for a matched person, and why."""

    partner: int
    score: int
    why: str


@dataclass(frozen=True)
class Result:
    pairs: list[Pair]
    unmatched: dict[int, str]  # supported key -> why, in plain words
    total: int
    worst: int | None
    seed: int
    backups: dict[int, Backup] = field(default_factory=dict)  # supported key -> backup


class _Bits:
    """Sets of words as bit masks, so the whole score matrix is computed at once."""

    def __init__(self, *groups: frozenset[str] | tuple[str, ...]) -> None:
        words = sorted({w for g in groups for w in g})
        self.index = {w: i for i, w in enumerate(words)}
        self.words = max(1, (len(words) + 63) // 64)

    def masks(self, sets: list[frozenset[str]] | list[tuple[str, ...]]) -> NDArray[np.uint64]:
        out = np.zeros((len(sets), self.words), dtype=np.uint64)
        for row, items in enumerate(sets):
            for w in items:
                i = self.index[w]
                out[row, i // 64] |= np.uint64(1) << np.uint64(i % 64)
        return out


def _count(a: NDArray[np.uint64], b: NDArray[np.uint64]) -> NDArray[np.int64]:
    """|A ∩ B| for every row of a against every row of b."""
    if a.shape[1] == 1:  # the usual case: fewer than 64 words, no sum over words needed
        one: NDArray[np.int64] = np.bitwise_count(a[:, 0][:, None] & b[:, 0][None, :]).astype(
            np.int64
        )
        return one
    both = a[:, None, :] & b[None, :, :]
    counted: NDArray[np.int64] = np.bitwise_count(both).sum(axis=2, dtype=np.int64)
    return counted


def _sizes(a: NDArray[np.uint64]) -> NDArray[np.int64]:
    counted: NDArray[np.int64] = np.bitwise_count(a).sum(axis=1, dtype=np.int64)
    return counted


@dataclass(frozen=True)
class Matrices:
    """Soft points (0-100) and feasibility for every supported person x partner."""

    soft: NDArray[np.int64]
    feasible: NDArray[np.bool_]


def score_matrix(
    people: list[Supported], partners: list[Partner], weights: dict[str, int]
) -> Matrices:
    n, m = len(people), len(partners)
    if n == 0 or m == 0:
        return Matrices(np.zeros((n, m), np.int64), np.zeros((n, m), bool))
    w = {**DEFAULT_WEIGHTS, **weights}
    # Slots: share of the person's requested times the partner covers; none asked = neutral.
    slots = _Bits(*(p.slots for p in people), *(q.slots for q in partners))
    ps, qs = slots.masks([p.slots for p in people]), slots.masks([q.slots for q in partners])
    overlap, asked = _count(ps, qs), _sizes(ps)[:, None]
    partner_has = (_sizes(qs) > 0)[None, :]
    avail = np.where(
        asked > 0, overlap * w["availability"] // np.maximum(asked, 1), w["availability"] // 2
    )
    slot_ok = (asked == 0) | ~partner_has | (overlap > 0)
    # Languages: a shared one is needed when both gave any; the first shared is a bonus.
    langs = _Bits(*(p.languages for p in people), *(q.languages for q in partners))
    pl, ql = (
        langs.masks([p.languages for p in people]),
        langs.masks([q.languages for q in partners]),
    )
    shared = _count(pl, ql)
    lang_ok = (_sizes(pl)[:, None] == 0) | (_sizes(ql)[None, :] == 0) | (shared > 0)
    first = langs.masks([p.languages[:1] for p in people])
    language = (_count(first, ql) > 0) * w["language"]
    # Required skills: every one must be there.
    skills = _Bits(*(p.requires for p in people), *(q.skills for q in partners))
    pr, qk = skills.masks([p.requires for p in people]), skills.masks([q.skills for q in partners])
    skill_ok = _count(pr, qk) == _sizes(pr)[:, None]
    # Communication: share of the person's needs the partner is happy with.
    comm = _Bits(*(p.needs for p in people), *(q.offers for q in partners))
    pn, qo = comm.masks([p.needs for p in people]), comm.masks([q.offers for q in partners])
    needs = _sizes(pn)[:, None]
    communication = np.where(
        needs > 0,
        _count(pn, qo) * w["communication"] // np.maximum(needs, 1),
        w["communication"] // 2,
    )
    topics = _Bits(*(p.interests for p in people), *(q.interests for q in partners))
    pi = topics.masks([p.interests for p in people])
    qi = topics.masks([q.interests for q in partners])
    liked = _sizes(pi)[:, None]
    interests = np.where(
        liked > 0,
        np.minimum(_count(pi, qi), liked) * w["interests"] // np.maximum(liked, 1),
        w["interests"] // 2,
    )
    codes = {"": -1} | {x: i for i, x in enumerate({p.meeting_point for p in people} - {""})}
    places = np.array([codes[p.meeting_point] for p in people], np.int64)
    spots = np.array([codes.get(q.meeting_point, -2) for q in partners], np.int64)
    meeting = ((places[:, None] == spots[None, :]) & (places[:, None] >= 0)) * w["meeting_point"]
    index = {q.key: j for j, q in enumerate(partners)}
    person_index = {p.key: i for i, p in enumerate(people)}
    named = np.zeros((n, m), np.int64)
    never = np.zeros((n, m), bool)
    for i, p in enumerate(people):
        for k in p.named:
            if k in index:
                named[i, index[k]] = w["named"]
        for k in p.never:
            if k in index:
                never[i, index[k]] = True
    for j, q in enumerate(partners):
        for k in q.named:
            if k in person_index:
                named[person_index[k], j] = w["named"]
        for k in q.never:
            if k in person_index:
                never[person_index[k], j] = True
    capacity_ok = np.array([q.capacity > 0 for q in partners])[None, :]
    soft = avail + named + communication + interests + language + meeting + w["workload"]
    feasible = slot_ok & lang_ok & skill_ok & ~never & capacity_ok
    return Matrices(soft.astype(np.int64), feasible)


def _solve(
    soft: NDArray[np.int64],
    ok: NDArray[np.bool_],
    priority: NDArray[np.int64],
    workload: int,
    rng: np.random.Generator,
    cols: NDArray[np.int64],
    first_copy: NDArray[np.bool_],
    exact_limit: int = 1_000_000,
) -> list[tuple[int, int]]:
    """Rows are units, columns partner slots. Returns (row, column) pairs that are feasible.

    Small runs put support priority in integer tiers (exact). Above `exact_limit` entries the
    tiers make the solver several times slower on near-tie scores (measured), so the run is
    staged: the neediest rows are kept first when there are more rows than places, and rows
    left over are matched again by the caller against the places still free."""
    feasible = ok[:, cols]
    rows = np.flatnonzero(feasible.any(axis=1))
    if rows.size == 0 or cols.size == 0:
        return []
    # Shuffle by the seed so equal scores do not favour whoever registered first.
    rows = rows[rng.permutation(rows.size)]
    col_order = rng.permutation(cols.size)
    exact = rows.size * cols.size <= exact_limit
    if not exact and rows.size > cols.size:
        rows = rows[np.argsort(-priority[rows], kind="stable")][: cols.size]
    # A partner's second and later places score no workload points: spreads the work.
    entry = soft[rows][:, cols[col_order]] - np.where(first_copy[col_order], 0, workload)[None, :]
    if exact:
        tier = int(entry.max(initial=0)) * min(rows.size, cols.size) + 1
        entry = entry + tier * (priority[rows][:, None] + 1)
    # More than every other entry together: one more match always beats any scores.
    forbid = -(int(np.abs(entry).max(initial=0)) * min(rows.size, cols.size) + 1)
    matrix = np.where(feasible[rows][:, col_order], entry, forbid).astype(np.int64)
    r, c = linear_sum_assignment(matrix, maximize=True)
    found = [(int(rows[a]), int(col_order[b])) for a, b in zip(r, c, strict=True)]
    return [(a, b) for a, b in found if feasible[a, b]]


def match(people: list[Supported], partners: list[Partner], settings: Settings) -> Result:
    """The whole run: scores, pins, forbids, minimum score, optional fairness, and why each
    unmatched person is unmatched."""
    rng = np.random.default_rng(settings.seed)
    mats = score_matrix(people, partners, settings.weights)
    pidx = {p.key: i for i, p in enumerate(people)}
    qidx = {q.key: j for j, q in enumerate(partners)}
    ok = mats.feasible.copy()
    for a, b in settings.forbidden:
        if a in pidx and b in qidx:
            ok[pidx[a], qidx[b]] = False
    ok &= mats.soft >= settings.min_score
    left = {q.key: q.capacity for q in partners}
    wanted = {
        p.key: (2 if p.support == Support.TWO_PEOPLE else 1)
        for p in people
        if p.support != Support.ON_MY_OWN and p.key not in settings.unmatched
    }
    pairs: list[Pair] = []
    allowed = mats.feasible.copy()  # a kept pair must still pass the hard rules and forbids
    for a, b in settings.forbidden:
        if a in pidx and b in qidx:
            allowed[pidx[a], qidx[b]] = False
    fixed = [(a, b, True, False) for a, b in sorted(settings.pinned)] + [
        (a, b, False, True)
        for a, b in sorted(settings.locked - settings.pinned)
        if a in pidx and b in qidx and allowed[pidx[a], qidx[b]]
    ]
    for a, b, pinned, locked in fixed:
        if wanted.get(a, 0) > 0 and left.get(b, 0) > 0 and a in pidx and b in qidx:
            score = int(mats.soft[pidx[a], qidx[b]])
            pairs.append(Pair(a, b, score, pinned=pinned, locked=locked))
            wanted[a] -= 1
            left[b] -= 1
            ok[pidx[a], qidx[b]] = False  # the same two are not paired twice
    unit_rows = np.array([pidx[k] for k, c in wanted.items() for _ in range(c)], np.int64)
    cols = np.array([qidx[k] for k, c in left.items() for _ in range(c)], np.int64)
    first_copy = np.ones(cols.size, bool)
    if cols.size:
        first_copy[1:] = cols[1:] != cols[:-1]
    priority = np.array([people[i].support.value for i in unit_rows], np.int64)
    soft = mats.soft[unit_rows] if unit_rows.size else np.zeros((0, len(partners)), np.int64)
    feasible = ok[unit_rows] if unit_rows.size else np.zeros((0, len(partners)), bool)
    w = settings.weights.get("workload", DEFAULT_WEIGHTS["workload"])
    state = rng.bit_generator.state
    found = _solve(soft, feasible, priority, w, rng, cols, first_copy, settings.exact_limit)
    if settings.fairness and found:
        found = _fairest(soft, feasible, priority, w, state, cols, first_copy, found)
    seen: set[tuple[int, int]] = set()
    done_rows: set[int] = set()
    used_cols: set[int] = set()
    for attempt in range(3):
        doubled = False
        for row, col in found:
            a, b = people[int(unit_rows[row])].key, partners[int(cols[col])].key
            if (a, b) in seen:
                # Both places of someone wanting two people went to one partner: match that
                # place again below with that partner ruled out for it.
                doubled = True
                continue
            seen.add((a, b))
            done_rows.add(row)
            used_cols.add(col)
            pairs.append(Pair(a, b, int(mats.soft[pidx[a], qidx[b]])))
        left_over = [r for r in range(unit_rows.size) if r not in done_rows]
        if attempt == 2 or not left_over or len(used_cols) == cols.size:
            break
        if not doubled and unit_rows.size * cols.size <= settings.exact_limit:
            break  # the exact solve already matched everyone it could
        rows = np.array(left_over, np.int64)
        free = np.array([c for c in range(cols.size) if c not in used_cols], np.int64)
        again = feasible[rows].copy()
        for k, r in enumerate(rows):
            a = people[int(unit_rows[r])].key
            for b in (b for (x, b) in seen if x == a):
                again[k, qidx[b]] = False
        sub = _solve(
            soft[rows],
            again,
            priority[rows],
            w,
            rng,
            cols[free],
            first_copy[free],
            settings.exact_limit,
        )
        found = [(int(rows[r]), int(free[c])) for r, c in sub]
    return _result(people, partners, mats, ok, pairs, settings)


def backups(
    people: list[Supported],
    partners: list[Partner],
    mats: Matrices,
    ok: NDArray[np.bool_],
    pairs: list[Pair],
) -> dict[int, Backup]:
    """For each matched person, the best partner they are not paired with who still has a
    free place after the run, most support first. A free place backs up one person only."""
    pidx = {p.key: i for i, p in enumerate(people)}
    qidx = {q.key: j for j, q in enumerate(partners)}
    spare = np.array([q.capacity for q in partners], np.int64)
    mine: dict[int, set[int]] = {}
    chosen: dict[int, int] = {}
    for pair in pairs:
        spare[qidx[pair.partner]] -= 1
        mine.setdefault(pair.supported, set()).add(qidx[pair.partner])
        chosen[pair.supported] = min(chosen.get(pair.supported, 10**9), pair.score)
    out: dict[int, Backup] = {}
    for key in sorted(mine, key=lambda k: (-people[pidx[k]].support.value, k)):
        i = pidx[key]
        free = ok[i] & (spare > 0)
        free[list(mine[key])] = False
        if not free.any():
            continue
        j = int(np.argmax(np.where(free, mats.soft[i], -1)))  # first best, in input order
        score = int(mats.soft[i, j])
        spare[j] -= 1
        gap = chosen[key] - score
        worse = f", {gap} less than now" if gap > 0 else ""
        out[key] = Backup(
            partners[j].key,
            score,
            f"{partners[j].name} still has a free place and is the next best fit "
            f"(score {score}{worse}).",
        )
    return out


def _fairest(
    soft: NDArray[np.int64],
    feasible: NDArray[np.bool_],
    priority: NDArray[np.int64],
    workload: int,
    state: Mapping[str, Any],
    cols: NDArray[np.int64],
    first_copy: NDArray[np.bool_],
    best: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Raise the worst pair's score as far as it goes without matching fewer people."""
    target = sum(int(priority[r]) + 1 for r, _ in best)
    low, high = 0, int(soft.max(initial=0)) + 1
    chosen = best
    while high - low > 1:
        middle = (low + high) // 2
        rng = np.random.default_rng()
        rng.bit_generator.state = state
        trial = _solve(soft, feasible & (soft >= middle), priority, workload, rng, cols, first_copy)
        if sum(int(priority[r]) + 1 for r, _ in trial) >= target:
            low, chosen = middle, trial
        else:
            high = middle
    return chosen


def _result(
    people: list[Supported],
    partners: list[Partner],
    mats: Matrices,
    ok: NDArray[np.bool_],
    pairs: list[Pair],
    settings: Settings,
) -> Result:
    matched = {p.supported for p in pairs}
    unmatched: dict[int, str] = {}
    for i, p in enumerate(people):
        if p.key in matched or p.support == Support.ON_MY_OWN:
            continue
        if p.key in settings.unmatched:
            unmatched[p.key] = "An organiser chose to leave them without a buddy for now."
        elif not ok[i].any():
            unmatched[p.key] = why_nobody(p, partners, mats.feasible[i], settings)
        else:
            unmatched[p.key] = (
                "Every partner who suits them was needed for someone else, often someone "
                "who asked for more support."
            )
    scores = [p.score for p in pairs]
    return Result(
        pairs,
        unmatched,
        sum(scores),
        min(scores) if scores else None,
        settings.seed,
        backups(people, partners, mats, ok, pairs),
    )


def why_nobody(
    p: Supported, partners: list[Partner], feasible: NDArray[np.bool_], settings: Settings
) -> str:
    if not partners:
        return "There are no partner volunteers yet."
    if p.requires and not any(p.requires <= q.skills for q in partners):
        return f"No partner has the skill they need ({', '.join(sorted(p.requires))})."
    if p.languages and not any(
        set(p.languages) & set(q.languages) or not q.languages for q in partners
    ):
        return "No partner speaks a language they speak."
    if p.slots and not any(p.slots & q.slots or not q.slots for q in partners):
        return "No partner is free at the times they asked for."
    if feasible.any():
        return (
            f"No partner reaches the minimum score of {settings.min_score}, or the pairs "
            "that would suit were ruled out by an organiser."
        )
    return "The partners who would suit them are on their 'never pair' list or are full."
