"""The programme of the day (agenda items), and the stalls with the opportunities they offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import AgendaItem, Fair, Membership, Opportunity, Person, Stall
from fairplanner.models.enums import Role
from fairplanner.models.stalls import OpportunityKind

ACCESS_FEATURES = ("bsl", "captioned", "quiet", "hearing_loop")


@dataclass(frozen=True)
class AgendaDraft:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    description: str = ""
    easy_read: str = ""
    access_features: tuple[str, ...] = ()


def _check_agenda(fair: Fair, draft: AgendaDraft) -> None:
    if not draft.title.strip():
        raise DomainError("title_needed", "Say what happens", field="title")
    if draft.ends_at <= draft.starts_at:
        raise DomainError("ends_before_start", "The end must be after the start", field="end_time")
    unknown = set(draft.access_features) - set(ACCESS_FEATURES)
    if unknown:
        raise DomainError("unknown_feature", "Choose from the access features listed")


async def add_agenda_item(*, fair: Fair, draft: AgendaDraft) -> AgendaItem:
    _check_agenda(fair, draft)
    return await AgendaItem.create(fair=fair, **_agenda_fields(draft))


async def update_agenda_item(*, item: AgendaItem, draft: AgendaDraft) -> AgendaItem:
    _check_agenda(item.fair, draft)
    await AgendaItem.filter(id=item.id).update(**_agenda_fields(draft))
    await item.refresh_from_db()
    return item


def _agenda_fields(draft: AgendaDraft) -> dict[str, Any]:
    return {
        "title": draft.title.strip(),
        "starts_at": draft.starts_at,
        "ends_at": draft.ends_at,
        "place": draft.place.strip(),
        "description": draft.description.strip(),
        "easy_read": draft.easy_read.strip(),
        "access_features": ",".join(f for f in ACCESS_FEATURES if f in draft.access_features),
    }


async def remove_agenda_item(*, item: AgendaItem) -> None:
    await item.delete()


async def agenda_of(*, fair: Fair) -> list[AgendaItem]:
    return await AgendaItem.filter(fair_id=fair.id).order_by("starts_at", "id")


async def agenda_item_in(*, fair: Fair, item_id: int) -> AgendaItem:
    found = await AgendaItem.get_or_none(id=item_id, fair_id=fair.id).prefetch_related("fair")
    if found is None:
        raise NotFound()
    return found


# Stalls and opportunities


async def add_stall(
    *,
    fair: Fair,
    name: str,
    description: str = "",
    easy_read: str = "",
    exhibitor: Person | None = None,
) -> Stall:
    if not name.strip():
        raise DomainError("name_needed", "Enter the organisation's name", field="name")
    if exhibitor is not None and not await Membership.exists(
        fair_id=fair.id, person_id=exhibitor.id, role=Role.EXHIBITOR
    ):
        raise DomainError(
            "not_an_exhibitor",
            "The person running it must be an exhibitor in this fair",
            field="exhibitor",
        )
    return await Stall.create(
        fair=fair,
        name=name.strip(),
        description=description.strip(),
        easy_read=easy_read.strip(),
        exhibitor=exhibitor,
    )


def may_edit_stall(stall: Stall, *, by: Person, manager: bool) -> bool:
    """Organisers and co-planners edit every stall; an exhibitor edits their own."""
    return manager or stall.exhibitor_id == by.id  # type: ignore[attr-defined]


async def update_stall(
    *, stall: Stall, by: Person, manager: bool, name: str, description: str, easy_read: str
) -> Stall:
    if not may_edit_stall(stall, by=by, manager=manager):
        raise DomainError("not_your_stall", "You can only change your own stall.")
    if not name.strip():
        raise DomainError("name_needed", "Enter the organisation's name", field="name")
    stall.name, stall.description, stall.easy_read = name.strip(), description, easy_read
    await stall.save(update_fields=["name", "description", "easy_read"])
    return stall


async def add_opportunity(
    *,
    stall: Stall,
    by: Person,
    manager: bool,
    kind: OpportunityKind,
    title: str,
    description: str = "",
    easy_read: str = "",
) -> Opportunity:
    if not may_edit_stall(stall, by=by, manager=manager):
        raise DomainError("not_your_stall", "You can only change your own stall.")
    if not title.strip():
        raise DomainError("title_needed", "Say what the opportunity is", field="title")
    return await Opportunity.create(
        stall=stall,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        easy_read=easy_read.strip(),
    )


async def remove_opportunity(*, opportunity: Opportunity, by: Person, manager: bool) -> None:
    stall = await opportunity.stall
    if not may_edit_stall(stall, by=by, manager=manager):
        raise DomainError("not_your_stall", "You can only change your own stall.")
    async with in_transaction():
        await opportunity.delete()


@dataclass(frozen=True)
class StallView:
    stall: Stall
    opportunities: list[Opportunity]


async def stalls_of(*, fair: Fair, kind: OpportunityKind | None = None) -> list[StallView]:
    """Stalls by name with their opportunities; with `kind`, only stalls offering that kind,
    each showing only those opportunities."""
    stalls = await Stall.filter(fair_id=fair.id).prefetch_related("opportunities", "exhibitor")
    views = [
        StallView(
            stall=s,
            opportunities=sorted(
                (o for o in s.opportunities if kind is None or o.kind == kind),
                key=lambda o: (o.kind.value, o.title.lower()),
            ),
        )
        for s in sorted(stalls, key=lambda s: s.name.lower())
    ]
    return [v for v in views if kind is None or v.opportunities]


async def stall_in(*, fair: Fair, stall_id: int) -> Stall:
    found = await Stall.get_or_none(id=stall_id, fair_id=fair.id).prefetch_related(
        "opportunities", "exhibitor"
    )
    if found is None:
        raise NotFound()
    return found


async def opportunity_in(*, stall: Stall, opportunity_id: int) -> Opportunity:
    found = await Opportunity.get_or_none(id=opportunity_id, stall_id=stall.id)
    if found is None:
        raise NotFound()
    return found
