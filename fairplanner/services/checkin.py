"""Checking people in and out at the door: one scan, undoing it, who is inside now.

The scan (`redeem`) is the hot path of the fair's morning, so it runs prepared SQL through
Tortoise's own connection (the ORM builds SQL text per query at about 3.5 times the CPU).
Queries with RETURNING go through execute_query_dict: Tortoise's asyncpg execute_query drops
the rows of an INSERT or UPDATE. Correctness rests on the database, not on reading first: the first entry is an INSERT guarded
by a unique (list, ticket) row, later ones a conditional UPDATE, and each scan's log row is
unique per (device, nonce), so a retried scan gets the first answer and never enters twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models.checkin import CheckIn, Direction, Presence
from fairplanner.services import access_flags
from fairplanner.services.checkin_rules import (
    MEANINGS,
    Code,
    ListFacts,
    Meaning,
    Result,
    TicketFacts,
    decide,
    read_code,
)
from fairplanner.services.clock import now
from fairplanner.services.sql_steps import Rows, Steps, moment, rows, run

UNDO_MINUTES = 15
MAX_NONCE = 64


@dataclass(frozen=True)
class Scan:
    """The answer a door phone gets. `notes` are the attendee's door notes (only if they
    said yes); `name` is a first name and initial."""

    id: int
    result: Result
    direction: Direction
    forced: bool = False
    name: str = ""
    notes: list[str] = field(default_factory=list)
    replayed: bool = False

    @property
    def meaning(self) -> Meaning:
        return MEANINGS[self.result]

    @property
    def successful(self) -> bool:
        return self.result == Result.OK


_DEVICE = """SELECT d.id AS device_id, d.role, d.expires_at, d.revoked_at, d.paired_at,
l.id AS list_id, l.fair_id AS list_fair_id, l.opens_at, l.closes_at, l.allow_reentry
FROM door_device d JOIN checkin_list l ON l.id = d.checkin_list_id WHERE d.id = ?"""

# The phone, its door and the scanned ticket (if any) in one query: the scan's hot path.
_DEVICE_TICKET = """SELECT d.id AS device_id, d.role, d.expires_at, d.revoked_at, d.paired_at,
l.id AS list_id, l.fair_id AS list_fair_id, l.opens_at, l.closes_at, l.allow_reentry,
t.id, t.fair_id, t.status, t.door_name, r.status AS reg_status, r.show_at_door,
r.access_need_keys, r.companions, p.inside, p.entries FROM door_device d
JOIN checkin_list l ON l.id = d.checkin_list_id
LEFT JOIN ticket t ON t.{column} = ?
LEFT JOIN registration r ON r.id = t.registration_id
LEFT JOIN checkin_presence p ON p.ticket_id = t.id AND p.checkin_list_id = l.id
WHERE d.id = ?"""

_TICKET = """SELECT t.id, t.fair_id, t.status, t.door_name, r.status AS reg_status,
r.show_at_door, r.access_need_keys, r.companions, p.inside, p.entries FROM ticket t
JOIN registration r ON r.id = t.registration_id
LEFT JOIN checkin_presence p ON p.ticket_id = t.id AND p.checkin_list_id = ?
WHERE t.{column} = ?"""

_LOG = """INSERT INTO checkin (checkin_list_id, ticket_id, device_id, nonce, direction, result,
successful, forced, code_hint, client_time, created_at, offline, conflict)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (device_id, nonce) DO NOTHING RETURNING id"""

_FIRST_ENTRY = """INSERT INTO checkin_presence (checkin_list_id, ticket_id, inside, entries,
first_entry_at, changed_at) VALUES (?, ?, ?, 1, ?, ?)
ON CONFLICT (checkin_list_id, ticket_id) DO NOTHING RETURNING id"""

_REENTRY = """UPDATE checkin_presence SET inside = ?, entries = entries + 1, changed_at = ?
WHERE checkin_list_id = ? AND ticket_id = ? AND (inside = ? OR ?) RETURNING id"""

_EXIT = """UPDATE checkin_presence SET inside = ?, changed_at = ?
WHERE checkin_list_id = ? AND ticket_id = ? AND inside = ? RETURNING id"""

_LOST_RACE = "UPDATE checkin SET result = ?, successful = ? WHERE id = ?"

# PostgreSQL only (SQLite has no INSERT inside WITH): a first entry in one statement, so one
# round trip instead of BEGIN, two INSERTs and COMMIT. It makes the same moves as `_write`
# with `_move` for an entry: the first entry, else a re-entry if they are outside, else the
# scan is logged as already checked in. One statement is one transaction. A nonce already
# logged moves nobody, and its log row is refused by the unique (device, nonce) as before, so
# the scan gets the first answer.
_FIRST_ENTRY_AT_ONCE = """WITH moved AS (
INSERT INTO checkin_presence AS p (checkin_list_id, ticket_id, inside, entries, first_entry_at,
changed_at)
SELECT ?::int, ?::int, TRUE, 1, ?::timestamptz, ?::timestamptz
WHERE NOT EXISTS (SELECT 1 FROM checkin WHERE device_id = ?::int AND nonce = ?::varchar)
ON CONFLICT (checkin_list_id, ticket_id) DO UPDATE
SET inside = TRUE, entries = p.entries + 1, changed_at = EXCLUDED.changed_at WHERE NOT p.inside
RETURNING p.id)
INSERT INTO checkin (checkin_list_id, ticket_id, device_id, nonce, direction, result,
successful, forced, code_hint, client_time, created_at, offline, conflict)
SELECT ?::int, ?::int, ?::int, ?::varchar, ?::varchar,
CASE WHEN EXISTS (SELECT 1 FROM moved) THEN ?::varchar ELSE ?::varchar END,
EXISTS (SELECT 1 FROM moved), FALSE, ?::varchar, ?::timestamptz, ?::timestamptz, FALSE, ''
ON CONFLICT (device_id, nonce) DO NOTHING RETURNING id, result"""

_ADMITTED_TWICE = "UPDATE checkin SET forced = ?, conflict = ? WHERE id = ?"


@dataclass(frozen=True)
class Device:
    id: int
    role: str
    list_id: int
    door: ListFacts


async def device_for_scan(*, device_id: int, at: datetime | None = None) -> Device:
    """The paired phone and its list in one query; refused once revoked or expired."""
    found = await rows(_DEVICE, [device_id])
    return _device(found[0] if found else None, at or now())


@dataclass(frozen=True)
class Lookup:
    """A scan's phone and ticket, read together (`row` is None for an unknown code)."""

    device: Device
    read: Code
    row: Any


async def look_up(*, device_id: int, code: str) -> Lookup:
    """The phone (refused once revoked or expired) and the scanned ticket in one query."""
    read = read_code(code)
    if not read.usable:
        return Lookup(await device_for_scan(device_id=device_id), read, None)
    column, value = ("secret", read.secret) if read.secret else ("reference", read.reference)
    found = await rows(_DEVICE_TICKET.format(column=column), [value, device_id])
    row = found[0] if found else None
    device = _device(row, now())
    return Lookup(device, read, row if row is not None and row["id"] is not None else None)


def _device(row: Any, at: datetime) -> Device:
    if row is None:
        raise DomainError(Result.REVOKED.value, MEANINGS[Result.REVOKED].advice)
    expires = moment(row["expires_at"])
    if row["revoked_at"] is not None or row["paired_at"] is None or (expires and expires <= at):
        raise DomainError(Result.REVOKED.value, MEANINGS[Result.REVOKED].advice)
    door = ListFacts(
        fair_id=int(row["list_fair_id"]),
        opens_at=moment(row["opens_at"]),
        closes_at=moment(row["closes_at"]),
        allow_reentry=bool(row["allow_reentry"]),
    )
    return Device(
        id=int(row["device_id"]), role=str(row["role"]), list_id=int(row["list_id"]), door=door
    )


async def redeem(
    *,
    device: Device,
    code: str,
    direction: Direction = Direction.ENTRY,
    nonce: str,
    client_time: datetime | None = None,
    force: bool = False,
    offline_result: Result | None = None,
    lookup: Lookup | None = None,
) -> Scan:
    """Check one ticket in (or out) at the device's list. Every scan is stored.

    `offline_result` is what the phone decided on its own while it had no network (the scan
    is sent later). The person was let in, or turned away, already: an offline admission is
    recorded as it happened (pretix's rule), and when the server would have refused it the
    reason is kept in `conflict` for the organisers' report. An offline refusal changes
    nothing but the log. `lookup` is the phone and ticket already read by `look_up`."""
    if not nonce or len(nonce) > MAX_NONCE:
        raise DomainError("bad_nonce", "Each scan needs a nonce of 1 to 64 characters.")
    at = now()
    if lookup is not None:
        read, row = lookup.read, lookup.row
    else:
        read = read_code(code)
        row = await _ticket_row(device.list_id, read)
    facts = (
        None
        if row is None
        else TicketFacts(
            fair_id=int(row["fair_id"]),
            ticket_status=str(row["status"]),
            registration_status=str(row["reg_status"]),
            inside=None if row["inside"] is None else bool(row["inside"]),
            entries=int(row["entries"] or 0),
        )
    )
    offline = offline_result is not None
    admitted_offline = offline_result == Result.OK and direction == Direction.ENTRY
    unforced = decide(door=device.door, ticket=facts, direction=direction, at=at)
    result = (
        decide(door=device.door, ticket=facts, direction=direction, at=at, force=True)
        if force or admitted_offline
        else unforced
    )
    conflict = unforced.value if admitted_offline and unforced != Result.OK else ""
    if offline and offline_result != Result.OK and direction == Direction.ENTRY:
        # Turned away at the door while offline: keep the phone's answer, let nobody in.
        result = offline_result  # type: ignore[assignment]
    forced = (force or admitted_offline) and result == Result.OK and unforced != Result.OK
    ticket_id = None if row is None or result == Result.WRONG_LIST else int(row["id"])
    log = [
        device.list_id,
        ticket_id,
        device.id,
        nonce,
        direction.value,
        result.value,
        result == Result.OK,
        forced,
        read.hint,
        client_time,
        at,
        offline,
        conflict,
    ]
    # A refused scan changes nothing but the log: one INSERT, no transaction.
    changes = result == Result.OK and ticket_id is not None
    if changes and direction == Direction.ENTRY and not (forced or offline) and _first(row):
        logged, result = await _first_entry(log, at)
    else:
        logged, result, forced = await run(
            lambda: _write(
                log, device.list_id, ticket_id, direction, result, forced, admitted_offline, at
            ),
            transaction=changes,
        )
    replay = not logged
    if replay:
        return await _first_answer(device=device, nonce=nonce)
    return _answer(int(logged[0]["id"]), result, direction, forced, row)


def _first(row: Any) -> bool:
    """True on PostgreSQL when the ticket had not been through this door when it was read."""
    return row["inside"] is None and connections.get("default").capabilities.dialect == "postgres"


async def _first_entry(log: list[Any], at: datetime) -> tuple[Rows, Result]:
    list_id, ticket_id, device_id, nonce, direction, _, _, _, hint, client_time = log[:10]
    logged = await rows(
        _FIRST_ENTRY_AT_ONCE,
        [
            *(list_id, ticket_id, at, at, device_id, nonce),
            *(list_id, ticket_id, device_id, nonce, direction),
            *(Result.OK.value, Result.ALREADY_CHECKED_IN.value, hint, client_time, at),
        ],
    )
    return logged, Result(logged[0]["result"]) if logged else Result.OK


async def _ticket_row(list_id: int, read: Code) -> Any:
    if not read.usable:
        return None
    column, value = ("secret", read.secret) if read.secret else ("reference", read.reference)
    found = await rows(_TICKET.format(column=column), [list_id, value])
    return found[0] if found else None


def _write(
    log: list[Any],
    list_id: int,
    ticket_id: int | None,
    direction: Direction,
    result: Result,
    forced: bool,
    admitted_offline: bool,
    at: datetime,
) -> Steps[tuple[Rows, Result, bool]]:
    """Store the scan and, when it lets someone in or out, move them (see sql_steps)."""
    logged = yield (_LOG, log)
    if not logged or result != Result.OK or ticket_id is None:
        return logged, result, forced
    if (yield from _move(list_id, ticket_id, direction, forced, at)):
        return logged, result, forced
    if admitted_offline:
        # Another phone let this ticket in meanwhile: both happened, so count this entry too
        # and flag it for the conflict report.
        yield from _move(list_id, ticket_id, direction, True, at)
        yield (_ADMITTED_TWICE, [True, Result.ALREADY_CHECKED_IN.value, logged[0]["id"]])
        return logged, result, True
    # Another door phone admitted (or let out) this ticket a moment ago.
    lost = Result.ALREADY_CHECKED_IN if direction == Direction.ENTRY else Result.NOT_INSIDE
    yield (_LOST_RACE, [lost.value, False, logged[0]["id"]])
    return logged, lost, forced


def _move(
    list_id: int, ticket_id: int, direction: Direction, forced: bool, at: datetime
) -> Steps[bool]:
    if direction == Direction.EXIT:
        return bool((yield (_EXIT, [False, at, list_id, ticket_id, True])))
    if (yield (_FIRST_ENTRY, [list_id, ticket_id, True, at, at])):
        return True
    return bool((yield (_REENTRY, [True, at, list_id, ticket_id, False, forced])))


def _answer(scan_id: int, result: Result, direction: Direction, forced: bool, row: Any) -> Scan:
    if row is None or result == Result.WRONG_LIST:
        return Scan(id=scan_id, result=result, direction=direction)
    notes = access_flags.notes_for(
        show_at_door=bool(row["show_at_door"]),
        keys=str(row["access_need_keys"] or ""),
        companions=int(row["companions"] or 0),
    )
    return Scan(
        id=scan_id,
        result=result,
        direction=direction,
        forced=forced,
        name=str(row["door_name"]),
        notes=notes,
    )


async def _first_answer(*, device: Device, nonce: str) -> Scan:
    first = await CheckIn.get(device_id=device.id, nonce=nonce)
    return await scan_answer(scan=first, replayed=True)


async def scan_answer(*, scan: CheckIn, replayed: bool = False) -> Scan:
    """The answer stored with a scan, as the door phone was shown it."""
    name, notes = "", []
    if scan.ticket_id is not None:  # type: ignore[attr-defined]
        ticket = await scan.ticket.prefetch_related("registration")  # type: ignore[union-attr]
        if ticket is not None:
            name = ticket.door_name
            notes = access_flags.door_notes(ticket.registration)
    return Scan(
        id=scan.id,
        result=Result(scan.result),
        direction=Direction(scan.direction),
        forced=scan.forced,
        name=name,
        notes=notes,
        replayed=replayed,
    )


async def scan_of(*, device: Device, scan_id: int) -> CheckIn:
    """One of this device's own scans (another phone's scans stay hidden)."""
    found = await CheckIn.get_or_none(id=scan_id, device_id=device.id)
    if found is None:
        raise NotFound()
    return found


def can_undo(scan: CheckIn, at: datetime | None = None) -> bool:
    at = at or now()
    return (
        scan.successful
        and scan.annulled_at is None
        and scan.created_at > at - timedelta(minutes=UNDO_MINUTES)
    )


async def undo(*, device: Device, scan_id: int) -> CheckIn:
    """Take back a mistaken scan: only the phone that made it, within 15 minutes."""
    at = now()
    async with in_transaction():
        annulled = await CheckIn.filter(
            id=scan_id,
            device_id=device.id,
            successful=True,
            annulled_at__isnull=True,
            created_at__gt=at - timedelta(minutes=UNDO_MINUTES),
        ).update(annulled_at=at)
        if not annulled:
            raise DomainError(
                "cannot_undo",
                f"This scan cannot be undone. Only the same phone can undo, "
                f"within {UNDO_MINUTES} minutes.",
            )
        scan = await CheckIn.get(id=scan_id)
        presence = Presence.filter(
            checkin_list_id=scan.checkin_list_id,  # type: ignore[attr-defined]
            ticket_id=scan.ticket_id,  # type: ignore[attr-defined]
        )
        if scan.direction == Direction.ENTRY:
            await presence.filter(inside=True).update(inside=False, changed_at=at)
            await presence.filter(entries__gt=0).update(entries=_minus_one())
        else:
            await presence.update(inside=True, changed_at=at)
    return scan


def _minus_one() -> Any:
    return F("entries") - 1
