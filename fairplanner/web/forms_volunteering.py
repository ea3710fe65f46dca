"""Forms for volunteer roles, shifts, contributions, reward choices and expenses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from wtforms import (
    BooleanField,
    Form,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from fairplanner.models.rewards import Activity, ExpenseKind, RewardKind
from fairplanner.web.forms import (
    NumberField,
    check_real_date,
    date_fields,
    moments,
    required,
    time_fields,
)

ACTIVITY_LABELS = {
    Activity.PLANNING_MEETING: "Planning meeting",
    Activity.VENUE_VISIT: "Venue visit",
    Activity.SHIFT: "Shift at the fair",
    Activity.OTHER: "Something else",
}
REWARD_LABELS = {
    RewardKind.NONE: "Nothing, thank you",
    RewardKind.TIME_CREDITS: "Time credits (one for each hour; never money)",
    RewardKind.VOUCHER: "A voucher",
    RewardKind.FEE: "A fee",
    RewardKind.REDUCED_FEE: "A smaller fee than usual",
    RewardKind.DONATION: "Give the money to a group I name instead",
    RewardKind.EXPENSES_ONLY: "Only my expenses paid back",
}
EXPENSE_LABELS = {
    ExpenseKind.TRAVEL: "Travel",
    ExpenseKind.CARER: "Carer costs",
    ExpenseKind.ASSISTANT: "Personal assistant costs",
    ExpenseKind.OTHER: "Something else",
}


def _pairs(labels: dict[Any, str]) -> Callable[[], list[tuple[str, str]]]:
    """(value, label) choices through a callable: WTForms 3.3 warns on tuple choices given
    directly, and 3.2 has no SelectChoice yet."""
    pairs = [(str(k.value), v) for k, v in labels.items()]
    return lambda: pairs


class RoleForm(Form):
    title = StringField(
        "Name of the role", [required("Enter a name for the role"), Length(max=200)]
    )
    purpose = TextAreaField("Why the role matters", [Optional(), Length(max=2000)])
    responsibilities = TextAreaField("What the person does", [Optional(), Length(max=4000)])
    skills = TextAreaField("Skills that help", [Optional(), Length(max=2000)])
    support_offered = TextAreaField("Support we give", [Optional(), Length(max=2000)])
    access_notes = TextAreaField("Access notes", [Optional(), Length(max=2000)])
    easy_read = TextAreaField("Easy read description", [Optional(), Length(max=2000)])
    people_needed = IntegerField(
        "How many people",
        [
            InputRequired("Enter how many people the role needs, like 2"),
            NumberRange(1, 500, "How many people must be between 1 and 500"),
        ],
        default=1,
    )
    needs_briefing = BooleanField("People need a short briefing before their first shift")


class ShiftForm(Form):
    day, month, year = date_fields()
    start_time, end_time = time_fields()
    people_needed = IntegerField(
        "People needed",
        [
            InputRequired("Enter how many people, like 2"),
            NumberRange(1, 500, "People needed must be between 1 and 500"),
        ],
        default=1,
    )

    def validate_day(self, field: IntegerField) -> None:
        check_real_date(self, field)

    def moments(self, tz: str) -> tuple[datetime, datetime]:
        return moments(self, tz)


class AssignForm(Form):
    person = RadioField("Who", choices=[], validators=[InputRequired("Choose a person")])
    reason = StringField("Reason, if the shift is full", [Optional(), Length(max=300)])


class BriefingForm(Form):
    person = RadioField(
        "Who has had the briefing", choices=[], validators=[InputRequired("Choose a person")]
    )


class MoveForm(Form):
    to = RadioField(
        "Move them to", choices=[], validators=[InputRequired("Choose the shift to move them to")]
    )
    reason = StringField(
        "Why are they moving",
        [required("Say why they are moving"), Length(max=300, message="Keep it to 300 characters")],
    )
    over_fill = BooleanField("If that shift is full, add an extra place for them")


class LimitForm(Form):
    hours = NumberField(
        "Most hours I want to do in one day",
        [
            Optional(),
            NumberRange(
                Decimal("0.5"), Decimal(24), "Enter a number of hours between half an hour and 24"
            ),
        ],
        places=1,
    )


class ContributionForm(Form):
    person = RadioField("Whose time is it", choices=[], validators=[Optional()])
    activity = RadioField(
        "What was it",
        choices=_pairs(ACTIVITY_LABELS),
        validators=[InputRequired("Choose what the time was for")],
    )
    day, month, year = date_fields()
    hours = NumberField(
        "Hours",
        [
            InputRequired("Enter the hours, like 2 or 1.5"),
            NumberRange(Decimal("0.1"), Decimal(24), "Hours must be more than 0 and 24 or fewer"),
        ],
    )
    skills_used = StringField("Skills you used (optional)", [Optional(), Length(max=300)])
    note = StringField("Note (optional)", [Optional(), Length(max=300)])

    validate_day = ShiftForm.validate_day

    def given_on(self) -> date:
        return date(self.year.data or 0, self.month.data or 0, self.day.data or 0)


class RewardChoiceForm(Form):
    activity = RadioField(
        "For which activity",
        choices=_pairs(ACTIVITY_LABELS),
        validators=[InputRequired("Choose an activity")],
    )
    kind = RadioField(
        "What would you like back",
        choices=_pairs(REWARD_LABELS),
        validators=[InputRequired("Choose what you would like back")],
    )
    pounds_per_hour = NumberField(
        "Pounds for each hour (for a fee or voucher)",
        [
            Optional(),
            # NumberRange also refuses "NaN" and "Infinity", which Decimal would accept.
            NumberRange(Decimal(0), Decimal(1000), "Enter an amount between £0 and £1,000"),
        ],
        places=2,
    )
    donation_group = StringField("Group to give the money to", [Optional(), Length(max=200)])
    read_benefits_note = BooleanField("I have read the note about benefits")


class ExpenseForm(Form):
    kind = RadioField(
        "What did you pay for",
        choices=_pairs(EXPENSE_LABELS),
        validators=[InputRequired("Choose what you paid for")],
    )
    amount = NumberField(
        "Amount in pounds",
        [
            InputRequired("Enter the amount, like 4.50"),
            NumberRange(Decimal("0.01"), Decimal(1000), "Enter an amount between 1p and £1,000"),
        ],
        places=2,
    )
    day, month, year = date_fields()
    receipt = StringField(
        "Your receipt", [required("Tell us about your receipt, like 'bus ticket'"), Length(max=300)]
    )

    validate_day = ShiftForm.validate_day
    given_on = ContributionForm.given_on


class SettingsForm(Form):
    withdraw_cutoff_hours = IntegerField(
        "Hours before a shift when volunteers can no longer withdraw themselves",
        [
            InputRequired("Enter a number of hours, like 24"),
            NumberRange(0, 336, "Enter a number of hours between 0 and 336"),
        ],
    )
    offer_hours = IntegerField(
        "Hours a waiting-list offer is kept",
        [
            InputRequired("Enter a number of hours, like 24"),
            NumberRange(1, 168, "Enter a number of hours between 1 and 168"),
        ],
    )
    weekly_limit = NumberField(
        "Weekly limit for fees and vouchers, in pounds (optional)",
        [Optional(), NumberRange(Decimal(0), Decimal(10000), "Enter an amount up to £10,000")],
        places=2,
    )
    monthly_limit = NumberField(
        "Monthly limit for fees and vouchers, in pounds (optional)",
        [Optional(), NumberRange(Decimal(0), Decimal(40000), "Enter an amount up to £40,000")],
        places=2,
    )
    named_worker = RadioField(
        "Worker who is told about limits", choices=[], validators=[Optional()]
    )
    welfare_advice = StringField(
        "Where people can get free welfare rights advice",
        [required("Enter where people can get advice"), Length(max=300)],
    )
