"""Open data: a venue's answers as A11yJSON-shaped JSON and as OpenStreetMap tags, and
importing that JSON back.

A11yJSON (MIT, Sozialhelden) has no place for most checklist items, so only the mapped ones
go under `properties.accessibility`; every answer, mapped or not, also goes under
`properties.x-fairplanner` so an export imports back exactly. The `x-` prefix keeps it apart
from the schema's own keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError
from fairplanner.models import Answer, Assessment, Fair, Person, Venue
from fairplanner.models.venues import AnswerState
from fairplanner.numbers import is_whole_number
from fairplanner.services import venues as venue_service
from fairplanner.services.catalogues import NUMBER_KINDS, ChecklistItem, checklist
from fairplanner.services.venue_scoring import number

EXTENSION = "x-fairplanner"
# OpenStreetMap values that are not plain yes/no or a number.
_OSM_CHOICES = {"EN07": {"automatic": "motion", "push_button": "button"}}


@dataclass(frozen=True)
class Recorded:
    """The answer an export uses for one item: the latest checked one, if any."""

    state: AnswerState
    value: str
    extra: str


async def latest_answers(*, venue: Venue) -> dict[str, Recorded]:
    """One answer per item across assessors: a checked answer beats "not sure", then newest."""
    rows = await Answer.filter(assessment__venue_id=venue.id).order_by("updated_at", "id")
    chosen: dict[str, Recorded] = {}
    for row in rows:
        current = chosen.get(row.item_code)
        if current and current.state != AnswerState.NOT_CHECKED == row.state:
            continue
        chosen[row.item_code] = Recorded(row.state, row.value, row.extra)
    return chosen


def _a11y_value(item: ChecklistItem, value: str) -> Any:
    if item.kind == "yes_no":
        return value == "yes"
    if item.kind == "count":
        return int(float(value))
    if item.kind in NUMBER_KINDS:
        return {"value": number(value), "unit": NUMBER_KINDS[item.kind]}
    if item.kind == "choice":
        return value in item.good
    return value


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path, where a number makes a list (entrances.0.door.width)."""
    parts = path.split(".")
    node: Any = target
    for part, following in zip(parts, [*parts[1:], None], strict=True):
        key: Any = int(part) if is_whole_number(part) else part
        if following is None:
            node[key] = value
            return
        empty: Any = [] if is_whole_number(following) else {}
        if isinstance(node, list):
            while len(node) <= key:
                node.append({} if not is_whole_number(following) else [])
            node = node[key]
        else:
            node = node.setdefault(key, empty)


def to_a11yjson(venue: Venue, answers: dict[str, Recorded]) -> dict[str, Any]:
    accessibility: dict[str, Any] = {}
    for item in checklist().items:
        found = answers.get(item.code)
        if item.a11yjson and found and found.state == AnswerState.ANSWERED:
            _put(accessibility, item.a11yjson, _a11y_value(item, found.value))
    return {
        "type": "Feature",
        "geometry": None,
        "properties": {
            "name": venue.name,
            "address": {"text": venue.address, "postalCode": venue.postcode},
            "accessibility": accessibility,
            EXTENSION: {
                "checklistVersion": checklist().version,
                "answers": {
                    code: {"state": r.state.value, "value": r.value, "extra": r.extra}
                    for code, r in sorted(answers.items())
                },
            },
        },
    }


def to_osm_tags(answers: dict[str, Recorded]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for item in checklist().items:
        found = answers.get(item.code)
        if not item.osm or not found or found.state != AnswerState.ANSWERED:
            continue
        if item.kind == "yes_no":
            tags[item.osm] = found.value
        elif item.code == "TL01":
            tags[item.osm] = "yes" if (number(found.value) or 0) > 0 else "no"
        elif item.code in _OSM_CHOICES:
            tags[item.osm] = _OSM_CHOICES[item.code].get(found.value, "no")
        elif item.kind == "choice":
            tags[item.osm] = "yes" if found.value in item.good else "no"
        elif item.kind == "cm":  # OpenStreetMap measures widths in metres
            tags[item.osm] = f"{(number(found.value) or 0) / 100:g}"
        else:
            tags[item.osm] = found.value
    return tags


async def export(*, venue: Venue) -> tuple[dict[str, Any], dict[str, str]]:
    answers = await latest_answers(venue=venue)
    return to_a11yjson(venue, answers), to_osm_tags(answers)


def _text(value: object) -> str:
    """A value of the file as text a database can keep. JSON can carry what no one types: NUL
    (\\u0000), which PostgreSQL refuses, and lone surrogates (\\ud800), which are not UTF-8 at
    all (the database driver raises); NUL is dropped, a lone surrogate becomes "?"."""
    return str(value).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _answers_from(data: dict[str, Any]) -> dict[str, tuple[AnswerState, str, str]]:
    props = data.get("properties") if isinstance(data, dict) else None
    extension = props.get(EXTENSION) if isinstance(props, dict) else None
    raw = extension.get("answers") if isinstance(extension, dict) else None
    if not isinstance(raw, dict):
        raise DomainError(
            "bad_import",
            "This file is not a FairPlanner venue export. Export a venue first, then import "
            "that file.",
            field="file",
        )
    found = {}
    for code, answer in raw.items():
        entry = checklist().by_code.get(str(code))
        if entry is None or not isinstance(answer, dict):
            continue  # an item this version of the checklist no longer has
        try:
            state = AnswerState(str(answer.get("state")))
        except ValueError:
            continue
        found[entry.code] = (state, _text(answer.get("value", "")), _text(answer.get("extra", "")))
    return found


async def import_venue(*, fair: Fair, data: dict[str, Any], by: Person) -> Venue:
    """A new venue in this fair from an export, with its answers as the importer's assessment.

    Every value goes through the same checks as typed answers, so a hand-edited file cannot
    store a door 9000 cm wide."""
    answers = _answers_from(data)
    props = data["properties"]
    address = props.get("address") if isinstance(props.get("address"), dict) else {}
    details = venue_service.VenueDetails(
        name=_text(props.get("name") or "").strip()[:200] or "Imported venue",
        address=_text(address.get("text", "")),
        # Cut after capitals, which can be longer ("ß" is "SS"), as the venue keeps them.
        postcode=_text(address.get("postalCode", "")).strip().upper()[: venue_service.POSTCODE_MAX],
    )
    cleaned = []
    for code, (state, value, extra) in answers.items():
        entry = checklist().by_code[code]
        if state == AnswerState.ANSWERED:
            raw: str | list[str] = value.split(",") if entry.kind == "multi" else value
            try:
                value = venue_service.clean(entry, raw)
                extra = venue_service.clean_extra_value(entry, extra)
            except DomainError as exc:
                raise DomainError(
                    "bad_import", f"Item {code}: {exc.message}.", field="file"
                ) from None
        cleaned.append(Answer(item_code=code, state=state, value=value, extra=extra))
    async with in_transaction():
        venue = await venue_service.add_venue(fair=fair, details=details, by=by)
        assessment = await Assessment.create(
            venue=venue,
            assessor=by,
            # The column holds 200 characters, and so may the importer's name alone.
            assessor_name=f"{by.name[:189]} (imported)",
            checklist_version=checklist().version,
        )
        for answer in cleaned:
            answer.assessment = assessment
        await Answer.bulk_create(cleaned)
    return venue
