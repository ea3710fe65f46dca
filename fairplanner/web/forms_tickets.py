"""Forms for booking a place, changing what you need, and the organisers' booking pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import (
    BooleanField,
    EmailField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from fairplanner.models.tickets import RegistrationSource
from fairplanner.services import catalogues
from fairplanner.services.tickets import MAX_COMPANIONS, MAX_PLACES, Booker
from fairplanner.web.forms import FixedRadioField, MultiCheckboxField, form_key, required

HEARD_FROM = [
    ("leaflet", "A leaflet or poster"),
    ("support", "A support worker, day centre or carer"),
    ("jobcentre", "The job centre"),
    ("online", "A website or social media"),
    ("friend", "A friend or family member"),
    ("other", "Somewhere else"),
    ("not_say", "I would rather not say"),
]

SOURCE_LABELS = {
    RegistrationSource.ONLINE: "Booked online",
    RegistrationSource.PHONE: "By phone",
    RegistrationSource.PAPER: "From a paper form",
    RegistrationSource.DOOR: "At the door",
}


def _pairs(items: list[tuple[str, str]]) -> Callable[[], list[tuple[str, str]]]:
    # WTForms 3.3 warns on tuple choices given directly; a callable is accepted by 3.2 and 3.3.
    return lambda: items


def _length(limit: int, what: str) -> Length:
    return Length(max=limit, message=f"{what} must be {limit} characters or fewer")


class NeedsForm(Form):
    access_need_keys = MultiCheckboxField(
        "What do you need?", choices=catalogues.need_choices, validators=[Optional()]
    )
    access_needs = TextAreaField(
        "Tell us anything else you need (optional)", [Optional(), _length(2000, "This")]
    )
    wants_call = BooleanField("Please contact me to talk about what I need")
    show_at_door = BooleanField(
        "Yes, the door team may see a short note, like \u201cneeds a quiet space\u201d"
    )

    def needs(self) -> dict[str, Any]:
        return {
            "access_needs": self.access_needs.data or "",
            "access_need_keys": tuple(self.access_need_keys.data or ()),
            "wants_call": bool(self.wants_call.data),
            "show_at_door": bool(self.show_at_door.data),
        }


class RegistrationForm(NeedsForm):
    name = StringField("Your name", [required("Enter your name"), _length(200, "Your name")])
    email = EmailField(
        "E-mail address (optional)",
        [
            Optional(),
            Email(
                message="Enter an e-mail address like name@example.com", check_deliverability=False
            ),
            _length(254, "The e-mail address"),
        ],
    )
    phone = StringField("Phone number (optional)", [Optional(), _length(40, "The phone number")])
    via_supporter = BooleanField("Contact me through my carer, support worker or organisation")
    supporter = StringField(
        "Who should we contact, and how? (optional)", [Optional(), _length(300, "This")]
    )
    places = IntegerField(
        "How many people are coming, including you?",
        [
            InputRequired("Enter how many people are coming, like 1"),
            NumberRange(1, MAX_PLACES, f"Enter a number from 1 to {MAX_PLACES}"),
        ],
        default=1,
    )
    group_name = StringField(
        "If you are booking for a group, the group's name (optional)",
        [Optional(), _length(200, "The group's name")],
    )
    companions = IntegerField(
        "How many carers or personal assistants are coming with you?",
        [
            InputRequired("Enter how many carers or assistants are coming, like 0"),
            NumberRange(0, MAX_COMPANIONS, f"Enter a number from 0 to {MAX_COMPANIONS}"),
        ],
        default=0,
    )
    heard_from = FixedRadioField(
        "How did you hear about the fair? (optional)", [Optional()], pairs=HEARD_FROM
    )
    submission_key = HiddenField(filters=[form_key])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.email.data or self.phone.data or self.via_supporter.data):
            # Reported on the e-mail box: the error summary links to the first contact field.
            self.email.errors = [
                *self.email.errors,
                "Tell us one way to contact you: e-mail, phone, or through a carer or organisation",
            ]
            ok = False
        return ok

    def booker(self) -> Booker:
        return Booker(
            name=self.name.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
            via_supporter=bool(self.via_supporter.data),
            supporter=self.supporter.data or "",
            group_name=self.group_name.data or "",
            places=self.places.data or 1,
            companions=self.companions.data or 0,
            heard_from=self.heard_from.data or "",
            **self.needs(),
        )


class OrganiserRegistrationForm(RegistrationForm):
    source = RadioField(
        "How did they book?",
        choices=_pairs(
            [
                (s.value, SOURCE_LABELS[s])
                for s in (
                    RegistrationSource.PHONE,
                    RegistrationSource.PAPER,
                    RegistrationSource.DOOR,
                )
            ]
        ),
        validators=[InputRequired("Choose how they booked")],
        default=RegistrationSource.PHONE.value,
    )


class CapacityForm(Form):
    capacity = IntegerField(
        "How many places are there? (leave empty for no limit)",
        [Optional(), NumberRange(1, 100_000, "Enter a number of places, like 150")],
    )
    offer_hours = IntegerField(
        "How many hours does someone on the waiting list have to say yes?",
        [
            InputRequired("Enter a number of hours, like 48"),
            NumberRange(1, 24 * 14, "Enter a number of hours from 1 to 336"),
        ],
        default=48,
    )


class ForgotTicketForm(Form):
    email = EmailField(
        "E-mail address you booked with",
        [
            required("Enter the e-mail address you booked with"),
            Email(
                message="Enter an e-mail address like name@example.com", check_deliverability=False
            ),
            _length(254, "The e-mail address"),
        ],
    )
