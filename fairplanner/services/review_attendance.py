"""Who came, for the review: arrivals and no-shows from door check-in, by door (check-in list)
and by hour, walk-ins who came in, and whether stated access needs were met (the chosen
venue's checks and the door notes people agreed to).

Counts only, never names. A fixed number of queries whatever the size of the fair: each figure
is one GROUP BY (three raw SQL statements, because "first arrival per ticket" and hour buckets
are not expressible through the ORM), never a query per ticket.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.functions import Count

from fairplanner.models import Fair
from fairplanner.models.checkin import CheckInList, Presence
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus, TicketStatus
from fairplanner.services import access_flags, catalogues
from fairplanner.services.review_parts import Chart
from fairplanner.services.sql_steps import placeholders
from fairplanner.services.venue_reports import venue_results
from fairplanner.services.venue_scoring import STATUS_WORDS, Status
from fairplanner.services.venues import chosen_venue


@dataclass(frozen=True)
class Arrivals:
    doors: int  # check-in lists the fair had: 0 means check-in was not used
    people_booked: int  # valid tickets of bookings that stayed booked
    arrived: int  # tickets let in through any door, at least once (undone scans not counted)
    no_shows: int  # valid tickets of bookings that stayed booked, never let in
    walk_ins_arrived: int  # tickets of bookings made at the door, let in
    by_list: Chart
    by_hour: Chart


# Tickets let in at least once through any of the fair's doors. A scan that was undone leaves
# the presence row with no entries, so `entries > 0` is "really came in".
_CAME = (
    "SELECT p.ticket_id, MIN(p.first_entry_at) AS first_at FROM checkin_presence p "
    "JOIN checkin_list l ON l.id = p.checkin_list_id "
    "WHERE l.fair_id = ? AND p.entries > 0 GROUP BY p.ticket_id"
)
_BY_TICKET = (
    "SELECT r.source, r.status, t.status, "
    "CASE WHEN a.ticket_id IS NULL THEN 0 ELSE 1 END AS came, COUNT(*) "
    "FROM ticket t JOIN registration r ON r.id = t.registration_id "
    "LEFT JOIN ({came}) a ON a.ticket_id = t.id "
    "WHERE t.fair_id = ? GROUP BY r.source, r.status, t.status, came"
)
_HOUR = {
    "sqlite": "substr(a.first_at, 1, 13)",
    "postgres": "to_char(a.first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')",
}
_BY_HOUR = "SELECT {hour} AS hour, COUNT(*) FROM ({came}) a GROUP BY hour"
# Bookings whose lead ticket came in and who agreed that the door team may see short notes.
_NOTED = (
    "SELECT r.access_need_keys, r.companions, COUNT(*) FROM registration r "
    "WHERE r.fair_id = ? AND r.status = ? AND r.show_at_door = ? AND EXISTS ("
    "SELECT 1 FROM ticket t JOIN checkin_presence p ON p.ticket_id = t.id "
    "WHERE t.registration_id = r.id AND t.lead = ? AND p.entries > 0) "
    "GROUP BY r.access_need_keys, r.companions"
)


async def _rows(sql: str, params: list[object]) -> list[tuple[object, ...]]:
    connection = connections.get("default")
    _, rows = await connection.execute_query(
        placeholders(sql, connection.capabilities.dialect), params
    )
    return [tuple(row) for row in rows]


async def arrivals(fair: Fair) -> Arrivals:
    booked = arrived = no_shows = walk_ins = 0
    for source, status, ticket_status, came, n in await _rows(
        _BY_TICKET.format(came=_CAME), [fair.id, fair.id]
    ):
        count = int(str(n))
        if int(str(came)):
            arrived += count
            walk_ins += count if source == RegistrationSource.DOOR.value else 0
        if status == RegistrationStatus.BOOKED.value and ticket_status == TicketStatus.VALID.value:
            booked += count
            no_shows += 0 if int(str(came)) else count
    doors = await CheckInList.filter(fair_id=fair.id).order_by("name").values_list("id", "name")
    per_door = dict(
        await Presence.filter(checkin_list__fair_id=fair.id, entries__gt=0)
        .annotate(n=Count("id"))
        .group_by("checkin_list_id")
        .values_list("checkin_list_id", "n")
    )
    return Arrivals(
        doors=len(doors),
        people_booked=booked,
        arrived=arrived,
        no_shows=no_shows,
        walk_ins_arrived=walk_ins,
        by_list=Chart(
            "doors",
            "People let in, by door or session (a person can use more than one)",
            [(str(name), int(per_door.get(list_id, 0))) for list_id, name in doors],
        ),
        by_hour=Chart("arrivals", "People arriving, by hour", await _by_hour(fair)),
    )


async def _by_hour(fair: Fair) -> list[tuple[str, int]]:
    """First arrivals per hour of the day in the fair's time zone (counted per UTC hour in
    SQL: at most one row per hour, exact for whole-hour offsets)."""
    dialect = connections.get("default").capabilities.dialect
    sql = _BY_HOUR.format(hour=_HOUR[dialect], came=_CAME)
    zone = ZoneInfo(fair.time_zone)
    hours: Counter[datetime] = Counter()
    for hour, n in await _rows(sql, [fair.id]):
        at = datetime.strptime(str(hour).replace("T", " "), "%Y-%m-%d %H").replace(tzinfo=UTC)
        hours[at.astimezone(zone)] += int(str(n))
    several_days = len({h.date() for h in hours}) > 1
    return [(_hour_label(h, with_day=several_days), n) for h, n in sorted(hours.items())]


def _clock(at: datetime) -> str:
    return at.strftime("%-I%p").lower()


def _hour_label(at: datetime, *, with_day: bool) -> str:
    words = f"{_clock(at)} to {_clock(at + timedelta(hours=1))}"
    return f"{at:%a %-d %b}, {words}" if with_day else words


@dataclass(frozen=True)
class NeedMet:
    wording: str
    bookings: int  # bookings (still booked) that stated it
    status: str  # what the chosen venue's checks say, in words


@dataclass(frozen=True)
class NeedsMet:
    venue: str  # the chosen venue's name, "" when none was chosen
    rows: list[NeedMet]
    # Bookings with needs, by what the venue's checks say about all their needs together.
    bookings: Chart
    # Notes the door team saw, for people who came and agreed to notes.
    door_notes: Chart
    noted_arrivals: int


# A need counts as met when the venue's checks say so (or that it does not arise there).
_MET = {Status.MET, Status.NOT_APPLICABLE}
OUTCOME_LABELS = {
    "met": "The chosen venue met all of their needs",
    "barrier": "A possible barrier for at least one of their needs",
    "unknown": "Not checked, or not something a venue check covers",
}


async def needs_met(fair: Fair, stated: Counter[str]) -> NeedsMet:
    """`stated` is the bookings still booked, by their need codes as stored ("W,Q" -> 3)."""
    venue = await chosen_venue(fair=fair)
    verdicts: dict[str, Status] = {}
    if venue is not None:
        (column,) = await venue_results(fair=fair, venues=[venue])
        verdicts = {code: result.status for code, result in column.needs.items()}
    per_need: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    for keys, n in stated.items():
        codes = {k for k in keys.split(",") if k}
        if not codes:
            continue
        for code in codes:
            per_need[code] += n
        statuses = [verdicts.get(code, Status.NOT_CHECKED) for code in codes]
        if Status.BARRIER in statuses:
            outcome["barrier"] += n
        elif all(s in _MET for s in statuses):
            outcome["met"] += n
        else:
            outcome["unknown"] += n
    known = catalogues.access_needs()
    rows = [
        NeedMet(
            wording=need.wording,
            bookings=per_need[need.code],
            status=STATUS_WORDS[verdicts.get(need.code, Status.NOT_CHECKED)]
            if venue
            else "No venue was chosen",
        )
        for need in known
        if per_need[need.code]
    ]
    gone = sum(n for code, n in per_need.items() if code not in {k.code for k in known})
    if gone:
        rows.append(NeedMet("Needs no longer in the list", gone, "Not known"))
    notes: Counter[str] = Counter()
    noted = 0
    params: list[object] = [fair.id, RegistrationStatus.BOOKED.value, True, True]
    for note_keys, companions, people in await _rows(_NOTED, params):
        said = access_flags.notes_for(
            show_at_door=True, keys=str(note_keys or ""), companions=int(str(companions or 0))
        )
        noted += int(str(people)) if said else 0
        for note in said:
            notes[note] += int(str(people))
    return NeedsMet(
        venue=venue.name if venue else "",
        rows=rows,
        bookings=Chart(
            "needs-met",
            "Bookings with access needs, by what the venue checks found",
            [(label, outcome[key]) for key, label in OUTCOME_LABELS.items()],
        ),
        door_notes=Chart(
            "door-notes",
            "Notes the door team saw, for people who came and agreed to them",
            sorted(notes.items(), key=lambda pair: (-pair[1], pair[0])),
        ),
        noted_arrivals=noted,
    )
