"""Forms for the programme of the day and the stalls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from wtforms import (
    Field,
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from fairplanner.models import Fair, Person
from fairplanner.models.stalls import OpportunityKind
from fairplanner.web.forms import parse_time, required
from fairplanner.web.labels_planning import ACCESS_FEATURE_LABELS, OPPORTUNITY_ONE


def _pairs(items: list[tuple[str, str]]) -> Callable[[], list[tuple[str, str]]]:
    """Choices as a callable (WTForms 3.3 warns on tuples given directly)."""
    return lambda: items


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _time_check(label: str) -> Any:
    def check(form: Form, field: Field) -> None:
        try:
            parse_time(field.data or "")
        except ValueError:
            raise ValidationError(f"{label} must be a time, like 10am or 14:30") from None

    return check


class AgendaForm(Form):
    title = StringField("What happens?", [required("Say what happens"), Length(max=200)])
    start_time = StringField(
        "Start time", [required("Enter a start time"), _time_check("Start time")]
    )
    end_time = StringField("End time", [required("Enter an end time"), _time_check("End time")])
    place = StringField("Where? (room or zone, optional)", [Optional(), Length(max=200)])
    description = TextAreaField("More about it (optional)", [Optional(), Length(max=5000)])
    easy_read = TextAreaField("Easy read version (optional)", [Optional(), Length(max=2000)])
    access_features = _Checkboxes(
        "Access features",
        choices=_pairs(list(ACCESS_FEATURE_LABELS.items())),
        validators=[Optional()],
    )

    def moments(self, fair: Fair) -> tuple[datetime, datetime]:
        """On the fair's day, in the fair's time zone."""
        zone = ZoneInfo(fair.time_zone)
        day = fair.starts_at.astimezone(zone).date()
        start = datetime.combine(day, parse_time(self.start_time.data or ""), zone)
        end = datetime.combine(day, parse_time(self.end_time.data or ""), zone)
        return start, end


def stall_form_class(exhibitors: Sequence[Person], *, choose_exhibitor: bool) -> type[Form]:
    fields: dict[str, Field] = {
        "name": StringField(
            "Organisation's name", [required("Enter the organisation's name"), Length(max=200)]
        ),
        "description": TextAreaField("What they do (optional)", [Optional(), Length(max=5000)]),
        "easy_read": TextAreaField("Easy read version (optional)", [Optional(), Length(max=2000)]),
    }
    if choose_exhibitor:
        fields["exhibitor"] = SelectField(
            "Who runs the stall? (optional)",
            choices=_pairs([("", "Nobody yet")] + [(str(p.id), p.name) for p in exhibitors]),
            validators=[Optional()],
        )
    return type("StallForm", (Form,), fields)


class OpportunityForm(Form):
    kind = RadioField(
        "What kind of opportunity?",
        choices=_pairs([(k.value, OPPORTUNITY_ONE[k]) for k in OpportunityKind]),
        validators=[InputRequired("Choose what kind of opportunity it is")],
    )
    title = StringField("Name of the opportunity", [required("Say what it is"), Length(max=200)])
    description = TextAreaField("More about it (optional)", [Optional(), Length(max=5000)])
    easy_read = TextAreaField("Easy read version (optional)", [Optional(), Length(max=2000)])
