"""The check-in rules as pure functions: what a scan means, given what is known about it.

No database here, so the rules can be tested on their own and exported (as a table of
facts and answers) to the scanner page: the same table decides online and offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fairplanner.export import tokens
from fairplanner.models.checkin import Direction


class Result(StrEnum):
    """The fixed set of answers a scan can get. The values are stable API codes."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_INSIDE = "not_inside"
    NO_REENTRY = "no_reentry"
    UNKNOWN_TICKET = "unknown_ticket"
    CANCELLED = "cancelled"
    NOT_BOOKED = "not_booked"
    WRONG_LIST = "wrong_list"
    LIST_CLOSED = "list_closed"
    REVOKED = "revoked"


class Tone(StrEnum):
    """How the door screen shows a result: never by colour alone (icon and words too)."""

    OK = "ok"
    WARNING = "warning"
    INVALID = "invalid"


@dataclass(frozen=True)
class Meaning:
    tone: Tone
    headline: str
    advice: str


MEANINGS: dict[Result, Meaning] = {
    Result.OK: Meaning(Tone.OK, "Welcome in", "The ticket is fine."),
    Result.ALREADY_CHECKED_IN: Meaning(
        Tone.WARNING,
        "Already inside",
        "This ticket was used already. Ask a supervisor if the person has just arrived.",
    ),
    Result.NOT_INSIDE: Meaning(
        Tone.WARNING, "Not inside", "This ticket has not come in through this door."
    ),
    Result.NO_REENTRY: Meaning(
        Tone.WARNING, "No coming back in", "This door does not let people back in once they left."
    ),
    Result.UNKNOWN_TICKET: Meaning(
        Tone.INVALID, "Ticket not found", "Check the code, or ask for their name."
    ),
    Result.CANCELLED: Meaning(
        Tone.INVALID, "Ticket cancelled", "This ticket does not work any more. Ask a supervisor."
    ),
    Result.NOT_BOOKED: Meaning(
        Tone.INVALID, "No place booked", "This person is on the waiting list. Ask a supervisor."
    ),
    Result.WRONG_LIST: Meaning(
        Tone.INVALID, "Ticket for another event", "This ticket is not for this fair."
    ),
    Result.LIST_CLOSED: Meaning(
        Tone.WARNING, "This door is not open now", "Check the opening times."
    ),
    Result.REVOKED: Meaning(
        Tone.INVALID, "This phone is not paired", "Ask an organiser to pair this phone again."
    ),
}

# Results a supervisor may override: the ticket is real, only the moment or the door is wrong.
FORCEABLE = frozenset({Result.ALREADY_CHECKED_IN, Result.NO_REENTRY, Result.LIST_CLOSED})
SECRET_LENGTH = 26
REFERENCE_LENGTH = 10
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


@dataclass(frozen=True)
class Code:
    """What was scanned or typed, read as a ticket secret or a ticket reference."""

    secret: str = ""
    reference: str = ""

    @property
    def usable(self) -> bool:
        return bool(self.secret or self.reference)

    @property
    def hint(self) -> str:
        # Enough to recognise a typo in the log; a whole secret is never stored.
        return (self.reference or self.secret[:4])[:12]


def read_code(text: str) -> Code:
    """A secret (26 base32 characters, from the QR code) or a reference (10 characters with a
    check character, typed). Anything else, however long or strange, reads as unusable."""
    raw = text.strip()[:80]
    compact = "".join(ch for ch in raw.upper() if ch not in " -")
    if len(compact) == SECRET_LENGTH and set(compact) <= _BASE32:
        return Code(secret=compact)
    if not raw.isascii():
        return Code()
    reference = tokens.normalise_code(raw)
    if len(reference) == REFERENCE_LENGTH and tokens.code_is_well_formed(reference):
        return Code(reference=reference)
    return Code()


@dataclass(frozen=True)
class ListFacts:
    fair_id: int
    opens_at: datetime | None
    closes_at: datetime | None
    allow_reentry: bool


@dataclass(frozen=True)
class TicketFacts:
    fair_id: int
    ticket_status: str
    registration_status: str
    # None: never came in through this list.
    inside: bool | None
    entries: int


def is_open(door: ListFacts, at: datetime) -> bool:
    return (door.opens_at is None or door.opens_at <= at) and (
        door.closes_at is None or at < door.closes_at
    )


# The rules as data: the first row whose facts all match gives the answer. The server runs
# this table (`decide`) and exports it to the scanner page, which runs the same rows offline
# (static/js/scanner.js), so online and offline cannot disagree.
RULES: tuple[tuple[dict[str, bool], Result], ...] = (
    ({"known": False}, Result.UNKNOWN_TICKET),
    ({"same_fair": False}, Result.WRONG_LIST),
    ({"ticket_valid": False}, Result.CANCELLED),
    ({"registration_cancelled": True}, Result.CANCELLED),
    ({"booked": False}, Result.NOT_BOOKED),
    ({"exit": True, "inside": True}, Result.OK),
    ({"exit": True}, Result.NOT_INSIDE),
    ({"open": False}, Result.LIST_CLOSED),
    ({"inside": True}, Result.ALREADY_CHECKED_IN),
    ({"entered_before": True, "reentry": False}, Result.NO_REENTRY),
    ({}, Result.OK),
)


def facts(
    *, door: ListFacts, ticket: TicketFacts | None, direction: Direction, at: datetime
) -> dict[str, bool]:
    """The plain yes/no facts the rule table reads (the page works out the same ones)."""
    if ticket is None:
        return {"known": False}
    return {
        "known": True,
        "same_fair": ticket.fair_id == door.fair_id,
        "ticket_valid": ticket.ticket_status == "valid",
        "registration_cancelled": ticket.registration_status == "cancelled",
        "booked": ticket.registration_status == "booked",
        "exit": direction == Direction.EXIT,
        "inside": bool(ticket.inside),
        "open": is_open(door, at),
        "entered_before": bool(ticket.entries),
        "reentry": door.allow_reentry,
    }


def apply_rules(known: dict[str, bool], force: bool = False) -> Result:
    for when, result in RULES:
        if all(known.get(name, False) == wanted for name, wanted in when.items()):
            return Result.OK if force and result in FORCEABLE else result
    return Result.OK  # not reached: the last row matches everything


def exported_rules() -> dict[str, object]:
    """The table and the words for each answer, as JSON for the scanner page."""
    return {
        "rules": [{"when": when, "result": result.value} for when, result in RULES],
        "forceable": sorted(r.value for r in FORCEABLE),
        "meanings": {
            r.value: {"tone": m.tone.value, "headline": m.headline, "message": m.advice}
            for r, m in MEANINGS.items()
        },
    }


def decide(
    *,
    door: ListFacts,
    ticket: TicketFacts | None,
    direction: Direction,
    at: datetime,
    force: bool = False,
) -> Result:
    """The answer for one scan. `force` (supervisors) admits a real ticket at the wrong
    moment, but never an unknown, cancelled or other fair's ticket."""
    return apply_rules(facts(door=door, ticket=ticket, direction=direction, at=at), force)
