"""The buddy matcher on small hand-checked cases and against a brute-force optimum."""

from __future__ import annotations

import random

import numpy as np

from fairplanner.services.buddy_explain import alternatives, explain
from fairplanner.services.buddy_matching import (
    DEFAULT_WEIGHTS,
    Partner,
    Settings,
    Support,
    Supported,
    match,
    score_matrix,
    weight_problem,
)

SLOTS = ("10:00-11:00", "11:00-12:00", "12:00-13:00", "13:00-14:00")


def _person(key: int, **kw: object) -> Supported:
    base: dict[str, object] = {"name": f"Person {key}", "support": Support.BUDDY_WITH_ME}
    return Supported(key=key, **{**base, **kw})  # type: ignore[arg-type]


def _partner(key: int, **kw: object) -> Partner:
    base: dict[str, object] = {"name": f"Partner {key}", "capacity": 1}
    return Partner(key=key, **{**base, **kw})  # type: ignore[arg-type]


def test_a_hand_checked_pair_scores_each_criterion_with_a_sentence() -> None:
    sam = _person(
        1,
        languages=("Urdu", "English"),
        slots=frozenset(SLOTS[:2]),
        needs=frozenset({"calm"}),
        interests=frozenset({"college"}),
        named=frozenset({9}),
    )
    priya = _partner(
        9,
        languages=("English", "Urdu"),
        slots=frozenset(SLOTS[:2]),
        offers=frozenset({"calm"}),
        interests=frozenset({"college"}),
    )
    soft = int(score_matrix([sam], [priya], {}).soft[0, 0])
    assert soft == sum(DEFAULT_WEIGHTS.values()) - DEFAULT_WEIGHTS["meeting_point"]
    lines = {line.criterion: line for line in explain(sam, priya)}
    assert lines["availability"].sentence.startswith("Both free 10:00-11:00, 11:00-12:00")
    assert lines["language"].sentence == "Both speak Urdu."
    assert sum(line.points or 0 for line in lines.values()) == soft


def test_hard_rules_make_a_pair_infeasible_and_it_is_never_proposed() -> None:
    deaf = _person(1, requires=frozenset({"bsl"}))
    busy = _person(2, slots=frozenset({SLOTS[0]}))
    wary = _person(3, never=frozenset({10}))
    partners = [_partner(10, capacity=3, slots=frozenset({SLOTS[1]}))]
    result = match([deaf, busy, wary], partners, Settings())
    assert result.pairs == []
    assert "bsl" in result.unmatched[1]
    assert "times" in result.unmatched[2]
    assert "never" in result.unmatched[3]
    assert "10" not in result.unmatched[3]  # the private list is never named


def test_capacity_is_respected_and_people_wanting_most_support_go_first() -> None:
    two = _person(1, support=Support.TWO_PEOPLE)
    nearby = _person(2, support=Support.SOMEONE_NEARBY, named=frozenset({10}))
    partners = [_partner(10), _partner(11)]
    result = match([two, nearby], partners, Settings())
    assert sorted((p.supported, p.partner) for p in result.pairs) == [(1, 10), (1, 11)]
    assert 2 in result.unmatched


def test_a_partner_with_capacity_two_takes_two_people() -> None:
    people = [_person(i) for i in range(1, 4)]
    result = match(people, [_partner(10, capacity=2), _partner(11, capacity=0)], Settings())
    assert len(result.pairs) == 2
    assert {p.partner for p in result.pairs} == {10}


def test_pins_forbids_and_leaving_someone_out_on_purpose() -> None:
    people = [_person(1, named=frozenset({10})), _person(2), _person(3)]
    partners = [_partner(10), _partner(11), _partner(12)]
    settings = Settings(
        pinned=frozenset({(2, 10)}), forbidden=frozenset({(1, 11)}), unmatched=frozenset({3})
    )
    result = match(people, partners, settings)
    chosen = {(p.supported, p.partner) for p in result.pairs}
    assert (2, 10) in chosen
    assert (1, 11) not in chosen
    assert (1, 12) in chosen
    assert "chose" in result.unmatched[3]


def test_the_same_seed_repeats_a_run_exactly_and_another_may_break_ties_differently() -> None:
    people = [_person(i) for i in range(8)]
    partners = [_partner(10 + i) for i in range(8)]
    runs = {
        s: [(p.supported, p.partner) for p in match(people, partners, Settings(seed=s)).pairs]
        for s in range(6)
    }
    assert runs[3] == [
        (p.supported, p.partner) for p in match(people, partners, Settings(seed=3)).pairs
    ]
    assert len({tuple(sorted(r)) for r in runs.values()}) > 1


def test_fairness_mode_raises_the_worst_score_without_matching_fewer() -> None:
    # a1 is great with both; a2 only fits b1. The plain optimum may leave a poor pair;
    # fairness never lowers the number matched and never lowers the worst score.
    a1 = _person(1, interests=frozenset({"x", "y"}), slots=frozenset(SLOTS[:2]))
    a2 = _person(2, interests=frozenset({"x"}), slots=frozenset(SLOTS[:2]))
    b1 = _partner(10, interests=frozenset({"x", "y"}), slots=frozenset(SLOTS[:2]))
    b2 = _partner(11, interests=frozenset({"y"}), slots=frozenset(SLOTS[:1]))
    plain = match([a1, a2], [b1, b2], Settings())
    fair = match([a1, a2], [b1, b2], Settings(fairness=True))
    assert len(fair.pairs) == len(plain.pairs) == 2
    assert fair.worst is not None
    assert plain.worst is not None
    assert fair.worst >= plain.worst


def test_alternatives_say_why_they_were_not_chosen() -> None:
    sam = _person(1, requires=frozenset({"bsl"}))
    partners = [_partner(10, skills=frozenset({"bsl"})), _partner(11)]
    result = match([sam], partners, Settings())
    ((other, _, why),) = alternatives(sam, partners, result)
    assert other.key == 11
    assert "does not have: bsl" in why


def _objective(
    people: list[Supported],
    partners: list[Partner],
    pairs: list[tuple[int, int]],
    soft: np.ndarray | None = None,
) -> tuple[int, int]:
    soft = score_matrix(people, partners, {}).soft if soft is None else soft
    pi = {p.key: i for i, p in enumerate(people)}
    qi = {q.key: j for j, q in enumerate(partners)}
    used: dict[int, int] = {}
    tier = total = 0
    for a, b in pairs:
        tier += people[pi[a]].support.value + 1
        total += int(soft[pi[a], qi[b]]) - (DEFAULT_WEIGHTS["workload"] if used.get(b) else 0)
        used[b] = used.get(b, 0) + 1
    return tier, total


def _brute_force(people: list[Supported], partners: list[Partner]) -> tuple[int, int]:
    mats = score_matrix(people, partners, {})
    best = (0, 0)

    def walk(i: int, left: list[int], chosen: list[tuple[int, int]]) -> None:
        nonlocal best
        if i == len(people):
            best = max(best, _objective(people, partners, chosen, mats.soft))
            return
        walk(i + 1, left, chosen)
        for j, q in enumerate(partners):
            if left[j] and mats.feasible[i, j]:
                left[j] -= 1
                walk(i + 1, left, [*chosen, (people[i].key, q.key)])
                left[j] += 1

    walk(0, [q.capacity for q in partners], [])
    return best


def test_the_matcher_equals_a_brute_force_optimum_on_random_cases_up_to_seven() -> None:
    rng = random.Random(7)
    for case in range(40):
        n, m = rng.randint(1, 7), rng.randint(1, 7)
        people = [
            _person(
                i,
                support=rng.choice([Support.SOMEONE_NEARBY, Support.BUDDY_WITH_ME]),
                slots=frozenset(rng.sample(SLOTS, rng.randint(0, 3))),
                interests=frozenset(rng.sample("abcde", rng.randint(0, 3))),
                languages=tuple(rng.sample(["English", "Urdu", "Polish"], rng.randint(0, 2))),
                never=frozenset({100 + rng.randrange(m)}) if rng.random() < 0.3 else frozenset(),
            )
            for i in range(n)
        ]
        partners = [
            _partner(
                100 + j,
                capacity=rng.randint(0, 2),
                slots=frozenset(rng.sample(SLOTS, rng.randint(0, 4))),
                interests=frozenset(rng.sample("abcde", rng.randint(0, 3))),
                languages=tuple(rng.sample(["English", "Urdu", "Polish"], rng.randint(1, 2))),
            )
            for j in range(m)
        ]
        result = match(people, partners, Settings(seed=case))
        got = _objective(people, partners, [(p.supported, p.partner) for p in result.pairs])
        assert got == _brute_force(people, partners), f"case {case}"
        assert np.all([p.score >= 0 for p in result.pairs])


def test_the_staged_solve_for_large_runs_still_puts_the_neediest_first() -> None:
    people = [
        _person(1, support=Support.SOMEONE_NEARBY, named=frozenset({10})),
        _person(2, support=Support.TWO_PEOPLE),
        _person(3, support=Support.BUDDY_WITH_ME),
    ]
    partners = [_partner(10), _partner(11), _partner(12)]
    result = match(people, partners, Settings(exact_limit=0))
    chosen = sorted((p.supported, p.partner) for p in result.pairs)
    assert [a for a, _ in chosen] == [2, 2, 3]
    assert len({b for _, b in chosen}) == 3
    assert 1 in result.unmatched


def _random_case(rng: random.Random, n: int, m: int) -> tuple[list[Supported], list[Partner]]:
    people = [
        _person(
            i,
            support=rng.choice([Support.SOMEONE_NEARBY, Support.BUDDY_WITH_ME]),
            slots=frozenset(rng.sample(SLOTS, rng.randint(0, 3))),
            interests=frozenset(rng.sample("abcde", rng.randint(0, 3))),
            languages=tuple(rng.sample(["English", "Urdu", "Polish"], rng.randint(0, 2))),
        )
        for i in range(n)
    ]
    partners = [
        _partner(
            100 + j,
            capacity=1,
            slots=frozenset(rng.sample(SLOTS, rng.randint(0, 4))),
            interests=frozenset(rng.sample("abcde", rng.randint(0, 3))),
            languages=tuple(rng.sample(["English", "Urdu", "Polish"], rng.randint(1, 2))),
        )
        for j in range(m)
    ]
    return people, partners


def _all_matchings(
    people: list[Supported], partners: list[Partner], ok: np.ndarray
) -> list[list[tuple[int, int]]]:
    found: list[list[tuple[int, int]]] = []

    def walk(i: int, used: set[int], chosen: list[tuple[int, int]]) -> None:
        if i == len(people):
            found.append(chosen)
            return
        walk(i + 1, used, chosen)
        for j in range(len(partners)):
            if j not in used and ok[i, j]:
                walk(i + 1, used | {j}, [*chosen, (i, j)])

    walk(0, set(), [])
    return found


def test_fairness_mode_equals_a_brute_force_best_worst_pair_up_to_seven() -> None:
    rng = random.Random(11)
    for case in range(30):
        people, partners = _random_case(rng, rng.randint(1, 7), rng.randint(1, 7))
        mats = score_matrix(people, partners, {})
        options = _all_matchings(people, partners, mats.feasible)
        most = max(sum(people[i].support.value + 1 for i, _ in o) for o in options)
        best_worst = max(
            min((int(mats.soft[i, j]) for i, j in o), default=0)
            for o in options
            if sum(people[i].support.value + 1 for i, _ in o) == most
        )
        result = match(people, partners, Settings(seed=case, fairness=True))
        tier = sum(
            people[[p.key for p in people].index(x.supported)].support.value + 1
            for x in result.pairs
        )
        assert tier == most, f"case {case}"
        assert (result.worst or 0) == best_worst, f"case {case}"


def test_pins_and_forbids_equal_a_brute_force_optimum_with_them() -> None:
    rng = random.Random(5)
    for case in range(25):
        people, partners = _random_case(rng, rng.randint(2, 6), rng.randint(2, 6))
        mats = score_matrix(people, partners, {})
        i, j = rng.randrange(len(people)), rng.randrange(len(partners))
        forbid = (people[i].key, partners[j].key)
        pi, pj = rng.randrange(len(people)), rng.randrange(len(partners))
        pin = (people[pi].key, partners[pj].key)
        if pin == forbid:
            continue
        ok = mats.feasible.copy()
        ok[i, j] = False
        best = (0, 0)
        for option in _all_matchings(people, partners, ok | _only(ok.shape, pi, pj)):
            if (pi, pj) not in option:
                continue
            pairs = [(people[a].key, partners[b].key) for a, b in option]
            best = max(best, _objective(people, partners, pairs, mats.soft))
        result = match(
            people,
            partners,
            Settings(seed=case, pinned=frozenset({pin}), forbidden=frozenset({forbid})),
        )
        chosen = [(p.supported, p.partner) for p in result.pairs]
        assert pin in chosen
        assert forbid not in chosen
        assert _objective(people, partners, chosen) == best, f"case {case}"


def _only(shape: tuple[int, ...], i: int, j: int) -> np.ndarray:
    out = np.zeros(shape, bool)
    out[i, j] = True
    return out


def test_locked_pairs_are_kept_while_still_allowed_and_the_rest_is_matched() -> None:
    people = [_person(1, named=frozenset({11})), _person(2), _person(3, never=frozenset({12}))]
    partners = [_partner(10), _partner(11), _partner(12)]
    locked = frozenset({(2, 11), (3, 12)})  # (3, 12) is now on 3's never list
    result = match(people, partners, Settings(locked=locked))
    chosen = {(p.supported, p.partner): p for p in result.pairs}
    assert chosen[(2, 11)].locked
    assert (3, 12) not in chosen
    assert (1, 11) not in chosen  # 1 asked for 11 but 11 is kept for 2
    forbidden = match(people, partners, Settings(locked=locked, forbidden=frozenset({(2, 11)})))
    assert (2, 11) not in {(p.supported, p.partner) for p in forbidden.pairs}


def test_backups_are_the_next_best_partner_with_a_free_place_neediest_first() -> None:
    two = _person(1, support=Support.TWO_PEOPLE, interests=frozenset({"x"}))
    one = _person(2, interests=frozenset({"x"}))
    partners = [
        _partner(10, interests=frozenset({"x"})),
        _partner(11, interests=frozenset({"x"})),
        _partner(12, interests=frozenset({"x"})),
        _partner(13, capacity=1),
    ]
    result = match([two, one], partners, Settings(seed=3))
    assert len(result.pairs) == 3
    assert set(result.backups) == {1}  # one free place (13) backs up the neediest only
    backup = result.backups[1]
    assert backup.partner == 13
    assert backup.partner not in {p.partner for p in result.pairs}
    assert "free place" in backup.why
    assert "less than now" in backup.why


def test_weights_an_organiser_cannot_use_are_refused_in_plain_words() -> None:
    assert weight_problem(DEFAULT_WEIGHTS) is None
    assert weight_problem({**DEFAULT_WEIGHTS, "named": 20}) is None  # exactly 100
    assert weight_problem({**DEFAULT_WEIGHTS, "named": 21}) == (
        "availability",
        "The weights add up to 101: together they can be 100 at most",
    )
    assert weight_problem({"named": True}) is not None
    assert weight_problem({"named": 2.5}) is not None
    assert weight_problem(dict.fromkeys(DEFAULT_WEIGHTS, 0)) is not None


def test_weights_change_the_scores_and_the_explanation_adds_up_to_them() -> None:
    sam = _person(1, interests=frozenset({"x"}), named=frozenset({10}))
    jo = _partner(10, interests=frozenset({"x"}))
    weights = {**DEFAULT_WEIGHTS, "named": 0, "interests": 25}
    soft = int(score_matrix([sam], [jo], weights).soft[0, 0])
    assert soft == sum(line.points or 0 for line in explain(sam, jo, weights))
    default = int(score_matrix([sam], [jo], {}).soft[0, 0])
    assert soft == default - DEFAULT_WEIGHTS["named"] + (25 - DEFAULT_WEIGHTS["interests"])
