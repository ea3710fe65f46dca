"""Forms for venues: the venue's details, one checklist item, a photo, thresholds, import.

The checklist item form is built from the catalogue entry, so each of the 80 items gets the
right input (radios, a number with its unit, checkboxes) without 80 hand-written classes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from wtforms import (
    FileField,
    Form,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from fairplanner.models.venues import AnswerState
from fairplanner.numbers import is_whole_number
from fairplanner.services.catalogues import ChecklistItem, checklist
from fairplanner.web.forms import MultiCheckboxField, required

NOT_SURE = (AnswerState.NOT_CHECKED.value, "Not sure, or not checked")
NOT_APPLICABLE = (AnswerState.NOT_APPLICABLE.value, "Not applicable")
ANSWER_STATES = [(AnswerState.ANSWERED.value, "Yes, my answer is above"), NOT_SURE, NOT_APPLICABLE]
UNIT_HINTS = {
    "cm": "In centimetres (cm), for example 80",
    "m": "In metres (m), for example 50",
    "count": "A whole number, for example 2",
    "decibels": "In dB(A), for example 55",
    "date": "For example 14 3 2027",
    "url": "A web address that starts with https://",
}


class VenueForm(Form):
    name = StringField(
        "Name of the venue",
        [
            required("Enter the name of the venue"),
            Length(max=200, message="Keep the name to 200 characters"),
        ],
    )
    address = TextAreaField("Address", [Optional(), Length(max=1000)])
    postcode = StringField(
        "Postcode", [Optional(), Length(max=12, message="A postcode is 12 characters or fewer")]
    )
    contact = StringField("Who to contact at the venue (optional)", [Optional(), Length(max=300)])
    capacity = StringField("How many people fit (optional)", [Optional()])
    transport_notes = TextAreaField("Buses, trains and parking (optional)", [Optional()])
    access_info_url = StringField(
        "Link to the venue's own access information (optional)",
        [Optional(), Length(max=500)],
    )
    description = TextAreaField("About the venue (optional)", [Optional(), Length(max=3000)])
    easy_read = TextAreaField("About the venue in easy read", [Optional(), Length(max=1500)])

    def validate_capacity(self, field: StringField) -> None:
        text = (field.data or "").strip()
        if text and not (is_whole_number(text) and 1 <= int(text) <= 100_000):
            raise ValidationError("Enter how many people fit, as a number like 200")

    @property
    def capacity_number(self) -> int | None:
        text = (self.capacity.data or "").strip()
        return int(text) if text else None


def _pairs(items: list[tuple[str, str]]) -> Callable[[], list[tuple[str, str]]]:
    """Choices passed as a callable: WTForms 3.3 warns on tuple choices given directly, and
    the tests turn warnings into errors. Templates unpack the (value, label) pairs."""
    return lambda: items


@cache
def answer_form_class(code: str) -> type[Form]:
    """A form for one checklist item. yes/no and choice items put "not sure" and "not
    applicable" beside the answers; other kinds ask for the state and the value apart."""
    item = checklist().by_code[code]
    attrs: dict[str, Any] = {}
    if item.kind in {"yes_no", "choice"}:
        choices = [("yes", "Yes"), ("no", "No")] if item.kind == "yes_no" else list(item.choices)
        attrs["answer"] = RadioField(
            item.question,
            choices=_pairs([*choices, NOT_SURE, NOT_APPLICABLE]),
            validators=[InputRequired("Choose an answer, or choose not sure")],
        )
    else:
        attrs["state"] = RadioField(
            item.question,
            choices=_pairs(ANSWER_STATES),
            default=AnswerState.ANSWERED.value,
            validators=[InputRequired("Choose if you have an answer")],
        )
        if item.kind == "multi":
            attrs["value"] = MultiCheckboxField(
                "Choose all that are there",
                choices=_pairs(list(item.choices)),
                validators=[Optional()],
            )
        else:
            label = {"cm": "Measurement", "m": "Distance", "count": "Number"}.get(
                item.kind, "Answer"
            )
            attrs["value"] = StringField(label, [Optional()])
    if item.also:
        attrs["extra"] = StringField(f"{item.also.label} (optional)", [Optional()])
    attrs["note"] = TextAreaField(
        "Notes (optional)",
        [Optional(), Length(max=2000, message="Keep notes to 2000 characters")],
    )
    return type(f"AnswerForm{code}", (Form,), attrs)


def answer_parts(item: ChecklistItem, form: Any) -> tuple[AnswerState, str | list[str]]:
    """The state and value a filled item form stands for."""
    if item.kind in {"yes_no", "choice"}:
        picked = form.answer.data or ""
        if picked in {AnswerState.NOT_CHECKED.value, AnswerState.NOT_APPLICABLE.value}:
            return AnswerState(picked), ""
        return AnswerState.ANSWERED, picked
    return AnswerState(form.state.data), form.value.data or ("" if item.kind != "multi" else [])


class PhotoForm(Form):
    photo = FileField("Photo (JPEG, PNG or WebP, up to 10 MB)")
    alt = StringField(
        "What does the photo show?",
        [required("Describe what the photo shows, for people who cannot see it")],
    )


class ImportForm(Form):
    file = FileField("Venue file (.json) exported from FairPlanner")


def threshold_form_class() -> type[Form]:
    attrs: dict[str, Any] = {}
    for key, threshold in checklist().thresholds.items():
        attrs[key] = StringField(f"{threshold.label} ({threshold.unit})", [Optional()])
    return type("ThresholdForm", (Form,), attrs)
