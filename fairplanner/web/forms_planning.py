"""Forms for co-planning: raising a proposal, voting, commenting, closing, tasks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from wtforms import (
    BooleanField,
    Field,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError

from fairplanner.models import Person, Venue
from fairplanner.models.planning import Channel, Method, Option, TaskStatus, Topic
from fairplanner.numbers import is_whole_number, whole_number
from fairplanner.services.decisions import SCORE_MAX, TIME_ANSWERS, Stance
from fairplanner.services.planning import DEFAULT_DOTS, MAX_DOTS
from fairplanner.web.forms import parse_time, required
from fairplanner.web.labels_planning import (
    CHANNEL_LABELS,
    METHOD_LABELS,
    TASK_STATUS_LABELS,
    TOPIC_LABELS,
)

OPTION_SLOTS = 6


def _pairs(items: list[tuple[Any, str]]) -> Callable[[], list[tuple[Any, str]]]:
    """Choices passed as a callable: WTForms 3.3 warns on tuple choices given directly (and
    tests turn warnings into errors); 3.2 has no SelectChoice. Templates unpack the pairs."""
    return lambda: items


def _date_fields(prefix: str, what: str, *, needed: bool) -> dict[str, Field]:
    """Day, month and year boxes named `<prefix>_day`... Text boxes, checked together on the
    day box (where the error summary links), so one message covers the whole date."""
    return {
        f"{prefix}_day": StringField("Day", [_check_date(prefix, what, needed=needed)]),
        f"{prefix}_month": StringField("Month", [Optional(), Length(max=4)]),
        f"{prefix}_year": StringField("Year", [Optional(), Length(max=6)]),
    }


def read_date(form: Form, prefix: str, what: str, *, needed: bool = False) -> date | None:
    """The date in the three boxes, or None when all are empty. Raises ValidationError."""
    parts = [(form[f"{prefix}_{p}"].data or "").strip() for p in ("year", "month", "day")]
    if not any(parts):
        if needed:
            raise ValidationError(f"Enter {what.lower()}")
        return None
    if not all(parts):
        raise ValidationError(f"{what} must include a day, month and year")
    if not all(is_whole_number(p) for p in parts):
        raise ValidationError(f"{what} must be written in numbers, like 14 6 2027")
    year, month, day = (int(p) for p in parts)
    if not 2000 <= year <= 2100:
        raise ValidationError("The year must be 4 numbers, like 2027")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"{what} must be a real date") from None


def _check_date(prefix: str, what: str, *, needed: bool) -> Any:
    def check(form: Form, field: Field) -> None:
        read_date(form, prefix, what, needed=needed)

    return check


class ProposalForm(Form):
    title = StringField(
        "What should we decide?",
        [required("Say what the group should decide"), Length(max=200)],
    )
    topic = RadioField(
        "Topic",
        choices=_pairs([(t.value, TOPIC_LABELS[t]) for t in Topic]),
        validators=[InputRequired("Choose a topic")],
    )
    description = TextAreaField("More about it (optional)", [Optional(), Length(max=5000)])
    easy_read = TextAreaField("Easy read version (optional)", [Optional(), Length(max=2000)])
    method = RadioField(
        "How should we decide?",
        choices=_pairs([(m.value, METHOD_LABELS[m]) for m in Method]),
        validators=[InputRequired("Choose how the group should decide")],
    )
    dots = IntegerField(
        "Dots for each person (dot vote only)",
        [Optional(), NumberRange(1, MAX_DOTS, f"Give between 1 and {MAX_DOTS} dots")],
        default=DEFAULT_DOTS,
    )
    close_time = StringField("Time", [required("Enter a closing time")])

    def validate_close_time(self, field: StringField) -> None:
        try:
            parse_time(field.data or "")
        except ValueError:
            raise ValidationError("Closing time must be a time, like 5pm or 17:00") from None

    def closes_at(self, tz: str) -> datetime:
        # Validation has made sure the date is there and real.
        day = read_date(self, "close", "The closing date") or date.min
        return datetime.combine(day, parse_time(self.close_time.data or ""), ZoneInfo(tz))


def proposal_form_class(
    venues: Sequence[Venue] = (), slots: int = OPTION_SLOTS
) -> type[ProposalForm]:
    """The proposal form. When the fair has venues, each choice can also name one (for a
    venue proposal: deciding on that choice makes it the fair's chosen venue)."""
    extra: dict[str, Field] = _date_fields("close", "The closing date", needed=True)
    venue_choices = [("", "None")] + [(str(v.id), v.name) for v in venues]
    for n in range(1, slots + 1):
        extra[f"option_{n}_title"] = StringField(f"Choice {n}", [Optional(), Length(max=200)])
        extra[f"option_{n}_meaning"] = TextAreaField(
            f"What choice {n} means (optional)", [Optional(), Length(max=2000)]
        )
        extra[f"option_{n}_easy_read"] = StringField(
            f"Choice {n} in easy read (optional)", [Optional(), Length(max=300)]
        )
        if venues:
            extra[f"option_{n}_venue"] = SelectField(
                f"Venue for choice {n} (venue proposals only)",
                choices=_pairs(venue_choices),
                validators=[Optional()],
                # The service checks the venue is this fair's, with a plain message.
                validate_choice=False,
            )
    return type("ProposalFormWithOptions", (ProposalForm,), extra)


def proposal_edit_form_class(venues: Sequence[Venue], slots: int) -> type[ProposalForm]:
    """The proposal form for changing one: its words and closing time only. The topic, the
    method and the dots stay (setting a field to None removes it in WTForms)."""
    base = proposal_form_class(venues, slots)
    return type("ProposalEditForm", (base,), {"topic": None, "method": None, "dots": None})


def option_venue_id(form: Form, n: int) -> int | None:
    """The venue chosen for choice `n`, if the form has venue boxes and one was picked."""
    name = f"option_{n}_venue"
    value = (form[name].data or "") if name in form else ""
    return whole_number(value)


def ballot_form_class(
    method: Method,
    options: Sequence[Option],
    dots: int,
    *,
    members: Sequence[Person] = (),
    record: bool = False,
) -> type[Form]:
    """The vote form for one proposal. Field names are `option_<id>` so errors link to them.
    With `record`, it also asks whose vote it is and how they gave it, and takes a comment."""
    fields: dict[str, Field] = {}
    if record:
        fields["voter"] = SelectField(
            "Whose vote is this?",
            choices=_pairs([("", "Choose a person")] + [(str(p.id), p.name) for p in members]),
            validators=[required("Choose whose vote you are recording")],
        )
        fields["channel"] = RadioField(
            "How did they tell you?",
            choices=_pairs([(c.value, CHANNEL_LABELS[c]) for c in Channel if c != Channel.ONLINE]),
            validators=[InputRequired("Choose how they gave their vote")],
        )
    if method == Method.CONSENT:
        fields["stance"] = RadioField(
            "What do you think of this plan?",
            choices=_pairs(list(Stance.LABELS.items())),
            validators=[InputRequired("Choose OK with me, I have a concern, or I object")],
        )
        fields["reason"] = TextAreaField(
            "Your reason (needed if you object)", [Optional(), Length(max=2000)]
        )
    for option in options:
        name = f"option_{option.id}"
        if method == Method.DOT_VOTE:
            fields[name] = IntegerField(
                option.title,
                [Optional(), NumberRange(0, dots, f"Give between 0 and {dots} dots")],
            )
        elif method == Method.SCORE:
            fields[name] = RadioField(
                option.title,
                choices=_pairs([(n, str(n)) for n in range(SCORE_MAX + 1)]),
                coerce=int,
                validators=[Optional()],
            )
        elif method == Method.TIME_POLL:
            fields[name] = RadioField(
                option.title,
                choices=_pairs([(v, TIME_ANSWERS[v]) for v in TIME_ANSWERS]),
                coerce=int,
                validators=[Optional()],
            )
    if method == Method.TIME_POLL:
        fields["needs_support"] = BooleanField("I would need transport or support to come")
    if record:
        fields["comment"] = TextAreaField(
            "Anything else they said (optional)", [Optional(), Length(max=5000)]
        )
    return type("BallotForm", (Form,), fields)


def ballot_values(form: Form, options: Sequence[Option]) -> dict[str, int]:
    found: dict[str, int] = {}
    for option in options:
        value = form[f"option_{option.id}"].data if f"option_{option.id}" in form else None
        if value is not None:
            found[str(option.id)] = int(value)
    return found


class CommentForm(Form):
    body = TextAreaField("Your comment", [required("Write your comment"), Length(max=5000)])


def close_form_class(members: Sequence[Person]) -> type[Form]:
    fields: dict[str, Field] = {
        "outcome": TextAreaField(
            "What did the group decide?",
            [required("Say what was decided, in plain words"), Length(max=5000)],
        ),
        "easy_read": TextAreaField("Easy read version (optional)", [Optional(), Length(max=2000)]),
        "owner": SelectField(
            "Who will make it happen? (optional)",
            choices=_pairs([("", "Nobody yet")] + [(str(p.id), p.name) for p in members]),
            validators=[Optional()],
        ),
        "reason": TextAreaField(
            "Why are you closing it now? (needed when closing someone else's proposal early)",
            [Optional(), Length(max=2000)],
        ),
        **_date_fields("review", "The review date", needed=False),
    }
    return type("CloseForm", (Form,), fields)


def task_form_class(members: Sequence[Person]) -> type[Form]:
    fields: dict[str, Field] = {
        "title": StringField(
            "What needs doing?", [required("Say what needs doing"), Length(max=200)]
        ),
        "owner": SelectField(
            "Who will do it? (optional)",
            choices=_pairs([("", "Nobody yet")] + [(str(p.id), p.name) for p in members]),
            validators=[Optional()],
        ),
        **_date_fields("due", "The date it is due", needed=False),
    }
    return type("TaskForm", (Form,), fields)


class TaskStatusForm(Form):
    status = RadioField(
        "Progress",
        choices=_pairs([(s.value, TASK_STATUS_LABELS[s]) for s in TaskStatus]),
        validators=[InputRequired("Choose how the task is going")],
    )


class PlanningMessagesForm(Form):
    """On the account page: how often to hear about co-planning."""

    how_often = RadioField(
        "How often should we tell you about planning?",
        choices=_pairs(
            [
                ("digest", "Once a day at most: one message with everything new"),
                ("every", "Every time: one message for each new thing"),
            ]
        ),
        validators=[
            InputRequired("Choose how often we should tell you"),
            AnyOf(("digest", "every"), "Choose how often we should tell you"),
        ],
        validate_choice=False,
    )
