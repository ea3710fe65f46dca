"""What the answers tell the group: the side-by-side comparison, the gaps against the needs
attendees stated, and the access guide for attendees.

Each report loads its rows in a few queries and hands them to the pure rules in
venue_scoring.py. No ranking anywhere: the group weighs the facts together.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tortoise import connections

from fairplanner.errors import DomainError
from fairplanner.models import Fair, Person, Photo, Registration, Task, Venue
from fairplanner.models.tickets import RegistrationStatus
from fairplanner.models.venues import AnswerState
from fairplanner.services import tasks
from fairplanner.services.catalogues import (
    NUMBER_KINDS,
    Category,
    ChecklistItem,
    access_needs,
    checklist,
    need,
)
from fairplanner.services.venue_scoring import (
    Fact,
    ItemResult,
    NeedResult,
    Status,
    item_results,
    need_result,
    thresholds,
)
from fairplanner.services.venues import threshold_overrides

# Bookings whose needs we plan for: people holding a place or offered one.
COUNTED = (RegistrationStatus.BOOKED, RegistrationStatus.OFFERED)


@dataclass(frozen=True)
class VenueColumn:
    venue: Venue
    items: dict[str, ItemResult]
    needs: dict[str, NeedResult]


@dataclass(frozen=True)
class Comparison:
    columns: list[VenueColumn]
    categories: list[tuple[Category, list[ChecklistItem]]]


# One raw query: Tortoise's per-value conversion (2,400 timestamps parsed) was most of the
# comparison's time. The timestamp is parsed only where a disagreement shows it.
_FACTS_SQL = (
    "SELECT a.venue_id, v.item_code, v.state, v.value, v.extra, v.note, a.assessor_name, "
    "v.updated_at FROM venue_answer v JOIN assessment a ON a.id = v.assessment_id "
    "WHERE a.venue_id IN ({}) ORDER BY v.id"
)


_STATES = {s.value: s for s in AnswerState}


async def _facts_by_venue(venue_ids: list[int]) -> dict[int, list[Fact]]:
    found: dict[int, list[Fact]] = {v: [] for v in venue_ids}
    if not venue_ids:
        return found
    connection = connections.get("default")
    marks = ", ".join(
        f"${n}" if connection.capabilities.dialect == "postgres" else "?"
        for n in range(1, len(venue_ids) + 1)
    )
    _, rows = await connection.execute_query(_FACTS_SQL.format(marks), list(venue_ids))
    for venue_id, code, state, value, extra, note, who, when in rows:
        found[int(venue_id)].append(
            Fact(
                item_code=code,
                state=_STATES[state],
                value=value,
                extra=extra,
                note=note,
                assessor=who or "Someone",
                updated_at=when,
            )
        )
    return found


async def venue_results(*, fair: Fair, venues: list[Venue]) -> list[VenueColumn]:
    limits = thresholds(await threshold_overrides(fair=fair))
    facts = await _facts_by_venue([v.id for v in venues])
    columns = []
    for venue in venues:
        items = item_results(facts[venue.id], limits)
        needs = {n.code: need_result(n, items) for n in access_needs()}
        columns.append(VenueColumn(venue=venue, items=items, needs=needs))
    return columns


async def comparison(*, fair: Fair, venues: list[Venue]) -> Comparison:
    catalogue = checklist()
    return Comparison(
        columns=await venue_results(fair=fair, venues=venues),
        categories=[(c, catalogue.in_category(c.key)) for c in catalogue.categories.values()],
    )


# ---- gaps against stated needs ------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    result: NeedResult
    people: int

    @property
    def is_gap(self) -> bool:
        return self.result.status in {Status.BARRIER, Status.NOT_CHECKED}


@dataclass(frozen=True)
class GapsReport:
    venue: Venue
    registrations: int
    rows: list[Gap]  # needs someone stated, in catalogue order
    unknown_codes: int  # stated codes no longer in the catalogue


async def stated_need_counts(*, fair: Fair) -> tuple[int, Counter[str]]:
    """How many counted bookings there are, and how many stated each need (counts only)."""
    keys = await Registration.filter(fair_id=fair.id, status__in=COUNTED).values_list(
        "access_need_keys", flat=True
    )
    counts: Counter[str] = Counter()
    for text in keys:
        counts.update({k for k in str(text).split(",") if k})
    return len(keys), counts


async def gaps(*, fair: Fair, venue: Venue) -> GapsReport:
    total, counts = await stated_need_counts(fair=fair)
    (column,) = await venue_results(fair=fair, venues=[venue])
    rows = [
        Gap(result=column.needs[n.code], people=counts[n.code])
        for n in access_needs()
        if counts[n.code]
    ]
    known = {n.code for n in access_needs()}
    unknown = sum(c for code, c in counts.items() if code not in known)
    return GapsReport(venue=venue, registrations=total, rows=rows, unknown_codes=unknown)


def task_title(*, venue: Venue, need_code: str) -> str:
    found = need(need_code)
    if found is None:
        raise DomainError("unknown_need", "That access need is not in the list.")
    action = found.gap_action or found.organiser_action
    return f"{venue.name}: {action}"[:200]


async def make_task(*, fair: Fair, venue: Venue, need_code: str, by: Person) -> Task:
    """Turn a gap's suggested action into a Task for the group (once per venue and need)."""
    title = task_title(venue=venue, need_code=need_code)
    if await Task.exists(fair_id=fair.id, title=title):
        raise DomainError("task_exists", "There is already a task for this.")
    return await tasks.create_task(fair=fair, title=title, by=by)


async def tasks_made(*, fair: Fair, venue: Venue) -> set[str]:
    """The need codes whose suggested action is already a task."""
    titles = {str(t) for t in await Task.filter(fair_id=fair.id).values_list("title", flat=True)}
    made = set()
    for n in access_needs():
        if (n.gap_action or n.organiser_action) and task_title(
            venue=venue, need_code=n.code
        ) in titles:
            made.add(n.code)
    return made


# ---- access guide for attendees -----------------------------------------------------------

GUIDE_SECTIONS = [
    ("getting_there", "Getting there"),
    ("parking", "Parking"),
    ("entrance", "The entrance"),
    ("inside", "Inside"),
    ("toilets", "Toilets"),
    ("hearing", "Hearing"),
    ("vision", "Seeing and finding your way"),
    ("quiet", "Quiet space"),
    ("food", "Food and drink"),
    ("emergency", "In an emergency"),
]


@dataclass(frozen=True)
class GuideLine:
    item: ChecklistItem
    fact: str
    extra: str
    notes: list[str]
    photos: list[Photo]


async def guide(*, fair: Fair, venue: Venue) -> list[tuple[str, list[GuideLine]]]:
    """Plain facts by section, from every assessment. Items nobody checked are left out."""
    (column,) = await venue_results(fair=fair, venues=[venue])
    photos = await Photo.filter(assessment__venue_id=venue.id).order_by("id")
    sections = []
    for key, title in GUIDE_SECTIONS:
        lines = []
        for entry in checklist().items:
            if checklist().categories[entry.category].guide != key:
                continue
            result = column.items[entry.code]
            answered = [(f, v) for f, v in result.entries if v.fact]
            if not answered:
                continue
            lines.append(
                GuideLine(
                    item=entry,
                    fact=result.summary,
                    extra=" / ".join(
                        dict.fromkeys(_extra_words(entry, f.extra) for f, _ in answered if f.extra)
                    ),
                    notes=[f.note for f, _ in answered if f.note],
                    photos=[p for p in photos if p.item_code == entry.code],
                )
            )
        sections.append((title, lines))
    return sections


def _extra_words(entry: ChecklistItem, text: str) -> str:
    kind = entry.also.kind if entry.also else "text"
    if kind == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(text, text)
    if kind in NUMBER_KINDS:
        return f"{text} {NUMBER_KINDS[kind]}".strip()
    return text
