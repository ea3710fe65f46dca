"""The venue checklist and the access-needs catalogue, shipped as TOML in fairplanner/data/.

Loaded once per process and checked on load, so a typo in a catalogue (an unknown item code
or threshold) fails at start-up and in the tests, not on somebody's phone during a visit.
Other areas (registration, tickets) read the access needs from here: use `access_needs()`
and `need(code)`; never parse the TOML yourself.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

CHECKLIST_FILE = "checklist.toml"
NEEDS_FILE = "access_needs.toml"

# Answer kinds. Numbers carry their unit in the kind so a value is never ambiguous.
NUMBER_KINDS = {"cm": "cm", "m": "m", "count": "", "decibels": "dB(A)"}
KINDS = frozenset({"yes_no", "choice", "multi", "text", "date", "url", *NUMBER_KINDS})

# Plausible ranges: anything outside is a typing mistake (a door of 7600 cm), refused with
# the expected unit.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "cm": (0, 1000),
    "m": (0, 50_000),
    "count": (0, 10_000),
    "decibels": (0, 140),
}


class CatalogueError(ValueError):
    """A catalogue file is inconsistent (a programming or editing mistake)."""


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    guide: str


@dataclass(frozen=True)
class Threshold:
    key: str
    label: str
    unit: str
    default: float | None
    source: str = ""


@dataclass(frozen=True)
class Extra:
    """An optional second detail recorded with an item's answer (shown, never scored)."""

    kind: str
    label: str


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    category: str
    question: str
    short: str
    kind: str
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    good: tuple[str, ...] = ()
    good_any: tuple[str, ...] = ()
    need_all: tuple[str, ...] = ()
    bad_any: tuple[str, ...] = ()
    min: str | None = None
    max: str | None = None
    also: Extra | None = None
    a11yjson: str = ""
    osm: str = ""

    @property
    def unit(self) -> str:
        return NUMBER_KINDS.get(self.kind, "")

    @property
    def scored(self) -> bool:
        return bool(
            self.good or self.good_any or self.need_all or self.bad_any or self.min or self.max
        )

    @cached_property
    def _labels(self) -> dict[str, str]:
        return dict(self.choices)

    def choice_label(self, value: str) -> str:
        return self._labels.get(value, value)


@dataclass(frozen=True)
class Checklist:
    version: int
    categories: dict[str, Category]
    thresholds: dict[str, Threshold]
    items: tuple[ChecklistItem, ...]
    by_code: dict[str, ChecklistItem] = field(repr=False)

    def in_category(self, key: str) -> list[ChecklistItem]:
        return [i for i in self.items if i.category == key]


@dataclass(frozen=True)
class AccessNeed:
    code: str
    wording: str
    # Each entry is a group of item codes; meeting any one item in a group is enough.
    key: tuple[tuple[str, ...], ...]
    also: tuple[str, ...]
    organiser_action: str
    gap_action: str

    @property
    def key_codes(self) -> list[str]:
        return [code for group in self.key for code in group]


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("fairplanner.data").joinpath(name).read_text("utf-8"))


def _item(raw: dict[str, Any]) -> ChecklistItem:
    good = raw.get("good", ())
    also = raw.get("also")
    return ChecklistItem(
        code=raw["code"],
        category=raw["category"],
        question=raw["question"],
        short=raw["short"],
        kind=raw["kind"],
        hint=raw.get("hint", ""),
        choices=tuple((str(v), str(label)) for v, label in raw.get("choices", [])),
        good=(good,) if isinstance(good, str) else tuple(good),
        good_any=tuple(raw.get("good_any", ())),
        need_all=tuple(raw.get("need_all", ())),
        bad_any=tuple(raw.get("bad_any", ())),
        min=raw.get("min"),
        max=raw.get("max"),
        also=Extra(kind=also["kind"], label=also["label"]) if also else None,
        a11yjson=raw.get("a11yjson", ""),
        osm=raw.get("osm", ""),
    )


def _check_item(item: ChecklistItem, checklist: Checklist) -> None:
    where = f"checklist item {item.code}"
    if item.kind not in KINDS:
        raise CatalogueError(f"{where}: unknown kind {item.kind!r}")
    if item.category not in checklist.categories:
        raise CatalogueError(f"{where}: unknown category {item.category!r}")
    for key in (item.min, item.max):
        if key and key not in checklist.thresholds:
            raise CatalogueError(f"{where}: unknown threshold {key!r}")
    if (item.min or item.max) and item.kind not in NUMBER_KINDS:
        raise CatalogueError(f"{where}: thresholds need a number kind")
    values = {v for v, _ in item.choices}
    if item.kind in {"choice", "multi"} and not values:
        raise CatalogueError(f"{where}: a {item.kind} item needs choices")
    if item.kind == "yes_no" and not set(item.good) <= {"yes", "no"}:
        raise CatalogueError(f"{where}: good must be yes or no")
    if item.kind in {"choice", "multi"}:
        for v in (*item.good, *item.good_any, *item.need_all, *item.bad_any):
            if v not in values:
                raise CatalogueError(f"{where}: {v!r} is not one of its choices")
    if item.also and item.also.kind not in KINDS - {"choice", "multi"}:
        raise CatalogueError(f"{where}: unknown kind for its second detail")


@cache
def checklist() -> Checklist:
    data = _read(CHECKLIST_FILE)
    categories = {
        key: Category(key=key, label=v["label"], guide=v["guide"])
        for key, v in data["categories"].items()
    }
    thresholds = {
        key: Threshold(
            key=key,
            label=v["label"],
            unit=v["unit"],
            default=float(v["default"]) if "default" in v else None,
            source=v.get("source", ""),
        )
        for key, v in data["thresholds"].items()
    }
    items = tuple(_item(raw) for raw in data["items"])
    result = Checklist(
        version=int(data["version"]),
        categories=categories,
        thresholds=thresholds,
        items=items,
        by_code={i.code: i for i in items},
    )
    if len(result.by_code) != len(items):
        raise CatalogueError("checklist item codes must be unique")
    for item in items:
        _check_item(item, result)
    return result


@cache
def access_needs() -> tuple[AccessNeed, ...]:
    data = _read(NEEDS_FILE)
    known = checklist().by_code
    needs = []
    for raw in data["needs"]:
        need = AccessNeed(
            code=raw["code"],
            wording=raw["wording"],
            key=tuple(tuple(part.split("|")) for part in raw.get("key", [])),
            also=tuple(raw.get("also", ())),
            organiser_action=raw.get("organiser_action", ""),
            gap_action=raw.get("gap_action", ""),
        )
        for code in (*need.key_codes, *need.also):
            if code not in known:
                raise CatalogueError(f"access need {need.code}: unknown item {code}")
        needs.append(need)
    if len({n.code for n in needs}) != len(needs):
        raise CatalogueError("access need codes must be unique")
    return tuple(needs)


def needs_version() -> int:
    return int(_read(NEEDS_FILE)["version"])


def need(code: str) -> AccessNeed | None:
    """The need with this code, or None for a code no longer in the catalogue."""
    return {n.code: n for n in access_needs()}.get(code)


def need_choices() -> list[tuple[str, str]]:
    """(code, attendee wording) pairs, for a checkbox list on a registration form."""
    return [(n.code, n.wording) for n in access_needs()]
