"""Why a pair was proposed: each hard check and soft criterion as a plain sentence, and the
next best partners for a person with the reason each was not chosen. Pure computation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fairplanner.services.buddy_matching import (
    DEFAULT_WEIGHTS,
    Pair,
    Partner,
    Result,
    Supported,
    score_matrix,
)


@dataclass(frozen=True)
class Line:
    """One part of a pair's score: a hard check (points None) or a soft criterion."""

    criterion: str
    passed: bool
    points: int | None
    sentence: str


def explain(p: Supported, q: Partner, weights: dict[str, int] | None = None) -> list[Line]:
    """The score breakdown of one pair in plain sentences. Never mentions the private
    "never pair me with" list by name: it only says the pair is ruled out."""
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    lines: list[Line] = []
    ruled_out = q.key in p.never or p.key in q.never
    lines.append(
        Line(
            "exclusions",
            not ruled_out,
            None,
            "Ruled out by a private preference." if ruled_out else "Nothing rules them out.",
        )
    )
    missing = sorted(p.requires - q.skills)
    lines.append(
        Line(
            "skills",
            not missing,
            None,
            f"{q.name} does not have: {', '.join(missing)}."
            if missing
            else "Has every skill needed.",
        )
    )
    both = sorted(p.slots & q.slots)
    slot_ok = not p.slots or not q.slots or bool(both)
    lines.append(
        Line(
            "times",
            slot_ok,
            None,
            "Free at the same time." if slot_ok else "Not free at the same time.",
        )
    )
    langs = [x for x in p.languages if x in q.languages]
    lang_ok = not p.languages or not q.languages or bool(langs)
    lines.append(
        Line(
            "language",
            lang_ok,
            None,
            f"Both speak {langs[0]}."
            if langs
            else "They may not share a language."
            if not lang_ok
            else "Language not given.",
        )
    )
    if p.slots:
        pts = len(both) * w["availability"] // len(p.slots)
        text = (
            f"Both free {', '.join(both)} ({len(both)} of {p.name}'s {len(p.slots)} times)."
            if both
            else f"{q.name} is not free at {p.name}'s times."
        )
    else:
        pts, text = w["availability"] // 2, f"{p.name} did not say when they need support."
    lines.append(Line("availability", True, pts, text))
    asked = q.key in p.named or p.key in q.named
    lines.append(
        Line(
            "named",
            True,
            w["named"] if asked else 0,
            "One of them asked to be paired with the other."
            if asked
            else "Neither asked for the other by name.",
        )
    )
    if p.needs:
        met = sorted(p.needs & q.offers)
        pts = len(met) * w["communication"] // len(p.needs)
        text = (
            f"{p.name} asked for {', '.join(sorted(p.needs))}; {q.name} is happy with "
            f"{', '.join(met) if met else 'none of these'}."
        )
    else:
        pts, text = w["communication"] // 2, "No communication preferences given."
    lines.append(Line("communication", True, pts, text))
    if p.interests:
        common = sorted(p.interests & q.interests)
        pts = len(common) * w["interests"] // len(p.interests)
        text = f"Both interested in {', '.join(common)}." if common else "No shared interests."
    else:
        pts, text = w["interests"] // 2, "No interests given."
    lines.append(Line("interests", True, pts, text))
    first = bool(p.languages) and p.languages[0] in q.languages
    lines.append(
        Line(
            "first_language",
            True,
            w["language"] if first else 0,
            f"{q.name} speaks {p.languages[0]}, {p.name}'s first language."
            if first
            else "No shared first language.",
        )
    )
    same = bool(p.meeting_point) and p.meeting_point == q.meeting_point
    lines.append(
        Line(
            "meeting_point",
            True,
            w["meeting_point"] if same else 0,
            f"Both meet at {p.meeting_point}." if same else "Different meeting points.",
        )
    )
    lines.append(Line("workload", True, w["workload"], "Shares the work between partners."))
    return lines


def alternatives(
    p: Supported,
    partners: list[Partner],
    result: Result,
    weights: dict[str, int] | None = None,
    limit: int = 3,
) -> list[tuple[Partner, int, str]]:
    """The next best partners for one person and why they were not chosen."""
    return alternatives_for_all([p], partners, result.pairs, weights, limit)[p.key]


def alternatives_for_all(
    people: list[Supported],
    partners: list[Partner],
    pairs: list[Pair],
    weights: dict[str, int] | None = None,
    limit: int = 3,
) -> dict[int, list[tuple[Partner, int, str]]]:
    """For each person, the next best partners and why each was not chosen: one score matrix
    for everyone, so the review page can show them for a whole run."""
    mats = score_matrix(people, partners, weights or {})
    busy: dict[int, int] = {}
    taken: dict[int, set[int]] = {}
    for pair in pairs:
        busy[pair.partner] = busy.get(pair.partner, 0) + 1
        taken.setdefault(pair.supported, set()).add(pair.partner)
    out: dict[int, list[tuple[Partner, int, str]]] = {}
    for i, p in enumerate(people):
        found: list[tuple[Partner, int, str]] = []
        for j in np.argsort(-mats.soft[i], kind="stable"):
            q = partners[int(j)]
            if q.key in taken.get(p.key, set()):
                continue
            score = int(mats.soft[i, j])
            if not mats.feasible[i, j]:
                why = next(line.sentence for line in explain(p, q, weights) if not line.passed)
            elif busy.get(q.key, 0) >= q.capacity:
                why = f"{q.name} would score {score} but is already supporting as many as they can."
            else:
                why = (
                    f"{q.name} would score {score}; the chosen pairs give the group a better "
                    "total, or an organiser's choice ruled it out."
                )
            found.append((q, score, why))
            if len(found) == limit:
                break
        out[p.key] = found
    return out
