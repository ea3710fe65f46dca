"""Forms for the door: lists, pairing phones, scanning by typed code, walk-ins."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from wtforms import BooleanField, EmailField, Form, IntegerField, RadioField, StringField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from fairplanner.models.checkin import Direction, DoorRole
from fairplanner.web.forms import required

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.I)


def parse_time(text: str) -> time | None:
    """9:30, 09.30, 2pm or 14:00 (empty means no limit)."""
    if not text.strip():
        return None
    match = _TIME.match(text)
    if not match:
        raise ValidationError("Enter a time like 9:30 or 2pm")
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValidationError("Enter a time like 9:30 or 2pm")
    return time(hour, minute)


def _check_time(form: Form, field: StringField) -> None:
    parse_time(field.data or "")


class ListForm(Form):
    name = StringField(
        "Name of the door or session",
        [required("Enter a name, like Main entrance"), Length(max=100)],
    )
    opens = StringField("Opens at (leave empty to open all day)", [_check_time])
    closes = StringField("Closes at (leave empty to stay open)", [_check_time])
    allow_reentry = BooleanField("People can leave and come back in", default=True)

    def moment(self, text: str, day: datetime, tz: str) -> datetime | None:
        at = parse_time(text)
        if at is None:
            return None
        local = day.astimezone(ZoneInfo(tz)).date()
        return datetime.combine(local, at, ZoneInfo(tz))


ROLE_LABELS = {
    DoorRole.STEWARD: "Steward: can scan tickets and type codes",
    DoorRole.SUPERVISOR: "Supervisor: can also search names, undo, let people in anyway and book walk-ins",
}


class PhoneForm(Form):
    list_id = RadioField(
        "Which door is this phone for?", [InputRequired("Choose a door")], coerce=int
    )
    label = StringField(
        "Whose phone is it?",
        [required("Enter whose phone this is, like Sam's phone"), Length(max=100)],
    )
    role = RadioField(
        "What can they do?",
        [InputRequired("Choose what they can do")],
        choices=lambda: [(r.value, label) for r, label in ROLE_LABELS.items()],
        default=DoorRole.STEWARD.value,
    )
    hours = IntegerField(
        "How many hours should the pairing last?",
        [
            InputRequired("Enter a number of hours, like 8"),
            NumberRange(1, 24, "Enter 1 to 24 hours"),
        ],
        default=8,
    )
    pin = StringField("PIN (optional, 4 to 8 digits)", [Optional(), Length(max=8)])


class PairForm(Form):
    pin = StringField("PIN", [Optional(), Length(max=8)])


class ScanForm(Form):
    code = StringField(
        "Ticket reference",
        [required("Type the reference from the ticket, like ABCDE-FGHJK"), Length(max=80)],
    )
    direction = RadioField(
        "Coming in or going out?",
        choices=lambda: [(Direction.ENTRY.value, "Coming in"), (Direction.EXIT.value, "Going out")],
        default=Direction.ENTRY.value,
    )


class WalkInForm(Form):
    name = StringField("Their full name", [required("Enter their name"), Length(max=200)])
    email = EmailField(
        "E-mail address",
        [
            Optional(),
            Email("Enter an e-mail address like name@example.com", check_deliverability=False),
            Length(max=254),
        ],
    )
    phone = StringField("Phone number", [Optional(), Length(max=40)])
    companions = IntegerField(
        "Carers or assistants with them",
        [Optional(), NumberRange(0, 3, "Enter a number from 0 to 3")],
        default=0,
    )
