"""Venues and their assessments: adding candidates, recording answers during a visit, choosing
one, and the fair's thresholds. Reports built from the answers live in venue_reports.py."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Answer, Assessment, Fair, Person, Venue, VenueThreshold
from fairplanner.models.venues import AnswerState
from fairplanner.services.catalogues import PLAUSIBLE, ChecklistItem, checklist
from fairplanner.services.clock import now

_UNIT_WORDS = {
    "cm": "a measurement in centimetres (cm)",
    "m": "a distance in metres (m)",
    "count": "a whole number",
    "decibels": "a sound level in dB(A)",
}


@dataclass(frozen=True)
class VenueDetails:
    name: str
    address: str = ""
    postcode: str = ""
    contact: str = ""
    capacity: int | None = None
    transport_notes: str = ""
    access_info_url: str = ""
    description: str = ""
    easy_read: str = ""


async def venues_of(*, fair: Fair) -> list[Venue]:
    return await Venue.filter(fair_id=fair.id).order_by("name")


async def venue(*, fair: Fair, venue_id: int) -> Venue:
    found = await Venue.get_or_none(id=venue_id, fair_id=fair.id)
    if found is None:
        raise NotFound()
    return found


async def add_venue(*, fair: Fair, details: VenueDetails, by: Person) -> Venue:
    try:
        async with in_transaction():
            return await Venue.create(fair=fair, created_by=by, **_clean_details(details))
    except IntegrityError:
        raise _name_taken() from None


async def update_venue(*, venue: Venue, details: VenueDetails) -> Venue:
    venue.update_from_dict(_clean_details(details))
    try:
        async with in_transaction():
            await venue.save()
    except IntegrityError:
        raise _name_taken() from None
    return venue


def _name_taken() -> DomainError:
    return DomainError(
        "venue_name_taken", "This fair already has a venue with that name.", field="name"
    )


# The Venue.postcode column's length.
POSTCODE_MAX = 12


def _clean_details(details: VenueDetails) -> dict[str, Any]:
    url = details.access_info_url.strip()
    if url and not re.match(r"^https?://\S+$", url):
        raise DomainError(
            "bad_url",
            "Enter a web address that starts with https://",
            field="access_info_url",
        )
    postcode = details.postcode.strip().upper()
    if len(postcode) > POSTCODE_MAX:  # capitals can be longer: "ß".upper() is "SS"
        raise DomainError(
            "postcode_too_long",
            f"A postcode is {POSTCODE_MAX} characters or fewer",
            field="postcode",
        )
    return {
        "name": details.name.strip(),
        "address": details.address.strip(),
        "postcode": postcode,
        "contact": details.contact.strip(),
        "capacity": details.capacity,
        "transport_notes": details.transport_notes.strip(),
        "access_info_url": url,
        "description": details.description.strip(),
        "easy_read": details.easy_read.strip(),
    }


async def choose_venue(*, venue: Venue) -> None:
    """Mark the group's chosen venue; any earlier choice in the same fair is unmarked."""
    async with in_transaction():
        await Venue.filter(fair_id=venue.fair_id, chosen=True).update(chosen=False)  # type: ignore[attr-defined]
        await Venue.filter(id=venue.id).update(chosen=True)
    venue.chosen = True


async def chosen_venue(*, fair: Fair) -> Venue | None:
    return await Venue.get_or_none(fair_id=fair.id, chosen=True)


# ---- assessments --------------------------------------------------------------------------


async def start_assessment(*, venue: Venue, person: Person) -> Assessment:
    """The person's own assessment of this venue: made once, then resumed on every visit."""
    existing = await Assessment.get_or_none(venue_id=venue.id, assessor_id=person.id)
    if existing is not None:
        return existing
    try:
        async with in_transaction():
            return await Assessment.create(
                venue=venue,
                assessor=person,
                assessor_name=person.name,
                checklist_version=checklist().version,
            )
    except IntegrityError:  # the same person started it twice at once (two tabs)
        return await Assessment.get(venue_id=venue.id, assessor_id=person.id)


async def assessments_of(*, venue: Venue) -> list[Assessment]:
    return await Assessment.filter(venue_id=venue.id).order_by("created_at")


async def assessment(*, venue: Venue, assessment_id: int) -> Assessment:
    found = await Assessment.get_or_none(id=assessment_id, venue_id=venue.id)
    if found is None:
        raise NotFound()
    return found


async def answers_of(*, assessment: Assessment) -> dict[str, Answer]:
    return {a.item_code: a for a in await Answer.filter(assessment_id=assessment.id)}


def item(code: str) -> ChecklistItem:
    found = checklist().by_code.get(code.upper())
    if found is None:
        raise NotFound()
    return found


def next_item(code: str) -> ChecklistItem | None:
    items = checklist().items
    index = [i.code for i in items].index(code)
    return items[index + 1] if index + 1 < len(items) else None


def first_unanswered(answers: dict[str, Answer]) -> ChecklistItem | None:
    return next((i for i in checklist().items if i.code not in answers), None)


async def save_answer(
    *,
    assessment: Assessment,
    item_code: str,
    state: AnswerState,
    value: str | list[str] = "",
    extra: str = "",
    note: str = "",
) -> Answer:
    """Record one item. Each item is saved on its own, so a refused answer loses nothing else."""
    entry = item(item_code)
    if state == AnswerState.ANSWERED:
        clean_value = clean(entry, value)
        clean_extra = clean_extra_value(entry, extra)
    else:
        clean_value, clean_extra = "", ""
    async with in_transaction():
        answer, _ = await Answer.get_or_create(
            assessment_id=assessment.id,
            item_code=entry.code,
            defaults={"state": state},
        )
        answer.update_from_dict(
            {"state": state, "value": clean_value, "extra": clean_extra, "note": note.strip()}
        )
        await answer.save()
        await Assessment.filter(id=assessment.id).update(visited_on=now().date())
    return answer


def clean(entry: ChecklistItem, value: str | list[str]) -> str:
    """The answer as stored, or a DomainError on `value` saying what is expected."""
    if entry.kind == "multi":
        chosen = [v for v in ([value] if isinstance(value, str) else value) if v]
        allowed = [v for v, _ in entry.choices]
        if any(v not in allowed for v in chosen):
            raise DomainError("bad_choice", "Choose from the list", field="value")
        return ",".join(v for v in allowed if v in chosen)
    text = (value if isinstance(value, str) else ",".join(value)).strip()
    if entry.kind in {"yes_no", "choice"}:
        allowed = ["yes", "no"] if entry.kind == "yes_no" else [v for v, _ in entry.choices]
        if text not in allowed:
            raise DomainError("bad_choice", "Choose an answer", field="value")
        return text
    if entry.kind in PLAUSIBLE:
        return clean_number(entry.kind, text, field="value")
    if not text:
        raise DomainError("answer_missing", "Type an answer, or choose not sure", field="value")
    if entry.kind == "url" and not re.match(r"^https?://\S+$", text):
        raise DomainError("bad_url", "Enter a web address that starts with https://", field="value")
    if entry.kind == "date":
        return clean_date(text, field="value")
    if len(text) > 2000:
        raise DomainError("too_long", "Keep the answer to 2000 characters or fewer", field="value")
    return text


def clean_number(kind: str, text: str, *, field: str) -> str:
    low, high = PLAUSIBLE[kind]
    words = _UNIT_WORDS[kind]
    message = f"Enter {words} between {low:g} and {high:g}"
    digits = re.sub(r"\s*(cm|m|db\(a\)|db)\s*$", "", text.lower())
    try:
        number = float(digits)
    except ValueError:
        raise DomainError("not_a_number", message, field=field) from None
    # float() also reads "nan" and "inf", which int() below refuses with an error.
    if not math.isfinite(number):
        raise DomainError("not_a_number", message, field=field)
    if kind == "count" and number != int(number):
        raise DomainError("not_a_number", message, field=field)
    if not low <= number <= high:
        raise DomainError("out_of_range", message, field=field)
    return f"{number:g}"


def clean_date(text: str, *, field: str) -> str:
    found = re.findall(r"\d+", text)
    # More than four digits is no day, month or year: int() of thousands of digits raises, and
    # date() raises OverflowError (not ValueError) past a C long.
    parts = [int(p) for p in found] if all(len(p) <= 4 for p in found) else []
    try:
        if len(parts) == 3 and parts[0] > 31:
            return date(parts[0], parts[1], parts[2]).isoformat()
        if len(parts) == 3:
            return date(parts[2], parts[1], parts[0]).isoformat()
    except ValueError:
        pass
    raise DomainError("bad_date", "Enter a real date, like 14 3 2027", field=field)


def clean_extra_value(entry: ChecklistItem, extra: str) -> str:
    text = extra.strip()
    if not entry.also or not text:
        return ""
    kind = entry.also.kind
    if kind in PLAUSIBLE:
        return clean_number(kind, text, field="extra")
    if kind == "yes_no":
        if text not in {"yes", "no"}:
            raise DomainError("bad_choice", "Choose yes or no", field="extra")
        return text
    if kind == "date":
        return clean_date(text, field="extra")
    return text[:2000]


# ---- thresholds ----------------------------------------------------------------------------


async def threshold_overrides(*, fair: Fair) -> dict[str, float]:
    rows = await VenueThreshold.filter(fair_id=fair.id).values_list("key", "value")
    return {str(k): float(v) for k, v in rows}


async def set_thresholds(*, fair: Fair, values: dict[str, float | None]) -> None:
    """Save the fair's own values; None goes back to the catalogue default."""
    known = checklist().thresholds
    async with in_transaction():
        for key, value in values.items():
            if key not in known:
                raise DomainError("unknown_threshold", "That setting does not exist.")
            if value is None:
                await VenueThreshold.filter(fair_id=fair.id, key=key).delete()
                continue
            if not 0 <= value <= 50_000:  # also refuses nan, which float() accepts
                raise DomainError(
                    "out_of_range",
                    f"Enter a number between 0 and 50000 ({known[key].unit})",
                    field=key,
                )
            await VenueThreshold.update_or_create(
                fair_id=fair.id, key=key, defaults={"value": value}
            )


async def assessment_counts(*, venues: list[Venue]) -> dict[int, int]:
    """How many people have assessed each venue."""
    rows = await Assessment.filter(venue_id__in=[v.id for v in venues]).values_list(
        "venue_id", flat=True
    )
    counts = {v.id: 0 for v in venues}
    for venue_id in rows:
        counts[int(str(venue_id))] += 1
    return counts


async def answered_counts(*, assessments: list[Assessment]) -> dict[int, int]:
    """How many items each assessment has an answer for (including "not sure")."""
    rows = await Answer.filter(assessment_id__in=[a.id for a in assessments]).values_list(
        "assessment_id", flat=True
    )
    counts = {a.id: 0 for a in assessments}
    for assessment_id in rows:
        counts[int(str(assessment_id))] += 1
    return counts
