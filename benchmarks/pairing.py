"""Buddy pairing at fair scale: 2,000 supported people x 1,000 partners with capacity 2.

Realistic profiles (small vocabularies, so many near-tie scores, which make the solver work
much harder than random numbers do). Times the whole match (score matrix, solve, an
explanation for every pair) and a greedy baseline on the same data, in turns.
Last line: one JSON object (see ../shared/BENCHMARKS.md). `--quick` runs a smaller size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fairplanner.services.buddy_explain import explain
from fairplanner.services.buddy_matching import (
    Partner,
    Settings,
    Support,
    Supported,
    match,
    score_matrix,
)

SLOTS = ["09:30-10:30", "10:30-11:30", "11:30-12:30", "12:30-13:30", "13:30-14:30", "14:30-15:30"]
LANGUAGES = ["English"] * 8 + ["Urdu", "Polish", "Punjabi", "Somali", "BSL"]
NEEDS = ["calm", "easy_read", "clear_speech", "extra_time", "quiet_space"]
INTERESTS = ["jobs", "college", "volunteering", "sport", "arts", "housing", "money_advice"]
POINTS = ["main door", "car park", "bus stop", "cafe"]


def _some(rng: random.Random, items: list[str], low: int, high: int) -> frozenset[str]:
    return frozenset(rng.sample(items, rng.randint(low, high)))


def build(supported: int, partners: int, seed: int = 1) -> tuple[list[Supported], list[Partner]]:
    rng = random.Random(seed)
    people = []
    for i in range(supported):
        first = rng.choice(LANGUAGES)
        people.append(
            Supported(
                key=i,
                name=f"Person {i}",
                support=rng.choices(
                    [Support.SOMEONE_NEARBY, Support.BUDDY_WITH_ME, Support.TWO_PEOPLE],
                    [3, 6, 1],
                )[0],
                languages=(first,) if first == "English" else (first, "English"),
                needs=_some(rng, NEEDS, 0, 2),
                requires=frozenset({"bsl"}) if first == "BSL" else frozenset(),
                interests=_some(rng, INTERESTS, 1, 3),
                meeting_point=rng.choice(POINTS),
                slots=frozenset(SLOTS[(s := rng.randrange(4)) : s + rng.randint(1, 3)]),
                named=frozenset({rng.randrange(partners)}) if rng.random() < 0.05 else frozenset(),
                never=frozenset({rng.randrange(partners)}) if rng.random() < 0.03 else frozenset(),
            )
        )
    team = []
    for j in range(partners):
        extra = rng.choice(LANGUAGES)
        team.append(
            Partner(
                key=j,
                name=f"Partner {j}",
                capacity=2,
                languages=("English",) if extra == "English" else ("English", extra),
                skills=frozenset({"bsl"}) if extra == "BSL" else frozenset(),
                offers=_some(rng, NEEDS, 2, 5),
                interests=_some(rng, INTERESTS, 1, 3),
                meeting_point=rng.choice(POINTS),
                slots=frozenset(SLOTS[(s := rng.randrange(3)) : s + rng.randint(2, 4)]),
            )
        )
    return people, team


def run_match(people: list[Supported], partners: list[Partner]) -> tuple[int, int, int]:
    result = match(people, partners, Settings(seed=42))  # with a backup buddy per person
    by_person = {p.key: p for p in people}
    by_partner = {q.key: q for q in partners}
    for pair in result.pairs:  # every pair's explanation, as a real run stores them
        explain(by_person[pair.supported], by_partner[pair.partner])
    return len(result.pairs), result.total, len(result.backups)


def run_greedy(people: list[Supported], partners: list[Partner]) -> tuple[int, int]:
    """What a careful person with a spreadsheet does: neediest first, best score first."""
    mats = score_matrix(people, partners, {})
    left = [q.capacity for q in partners]
    matched = total = 0
    order = sorted(range(len(people)), key=lambda i: -people[i].support.value)
    for i in order:
        want = 2 if people[i].support == Support.TWO_PEOPLE else 1
        for j in sorted(range(len(partners)), key=lambda j: -int(mats.soft[i, j])):
            if want == 0:
                break
            if left[j] and mats.feasible[i, j]:
                left[j] -= 1
                want -= 1
                matched += 1
                total += int(mats.soft[i, j])
    return matched, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a smaller run (well under 60 s)")
    args = parser.parse_args()
    supported, partners = (400, 200) if args.quick else (2000, 1000)
    people, team = build(supported, partners)
    times, greedy_times = [], []
    for _ in range(3):
        start = time.perf_counter()
        matched, total, backups = run_match(people, team)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        greedy_matched, greedy_total = run_greedy(people, team)
        greedy_times.append(time.perf_counter() - start)
        print(f"match {times[-1]:.2f}s  greedy {greedy_times[-1]:.2f}s", file=sys.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "bench": "pairing",
                "supported": supported,
                "partners": partners,
                "capacity": 2,
                "seconds": round(statistics.median(times), 3),
                "peak_mb": round(peak_mb, 1),
                "matched": matched,
                "total_score": total,
                "backups": backups,
                "greedy_seconds": round(statistics.median(greedy_times), 3),
                "greedy_matched": greedy_matched,
                "greedy_total_score": greedy_total,
            }
        )
    )


if __name__ == "__main__":
    main()
