"""Forms (WTForms): parsing and checking what people type, with messages in plain words."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

# WTForms imports email_validator on the first address it checks, and that import compiles
# large patterns (about 0.1 s): done here, at start-up, not during someone's first booking.
import email_validator  # noqa: F401
from starlette.datastructures import FormData, QueryParams
from wtforms import (
    DecimalField,
    EmailField,
    Form,
    IntegerField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.form import BaseForm
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from fairplanner.models.enums import ContactChannel, Group, Phase, Role, TextSize
from fairplanner.numbers import is_whole_number
from fairplanner.web.labels import (
    CHANNEL_LABELS,
    FORMAT_LABELS,
    GROUP_LABELS,
    PHASE_LABELS,
    ROLE_LABELS,
)


def _pairs(items: list[tuple[str, str]]) -> Callable[[], list[tuple[str, str]]]:
    """Choices as (value, label) pairs, passed as a callable: WTForms 3.3 warns on tuple
    choices given directly (its SelectChoice does not exist in 3.2), and tests turn
    warnings into errors. The templates unpack these pairs."""
    return lambda: items


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FixedRadioField(RadioField):
    """Radio buttons with a fixed list of (value, label) pairs, for hot forms (booking a place).
    The answer is checked against a set: WTForms rebuilds every choice as two objects, and
    inspects the choices function, on each post, which was a fourteenth of a booking's time."""

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        *,
        pairs: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, choices=_pairs(pairs), **kwargs)
        self.allowed = frozenset(value for value, _ in pairs)

    def pre_validate(self, form: BaseForm) -> None:
        if self.process_errors or not self.validate_choice:
            return
        if self.data not in self.allowed:
            raise ValidationError(self.gettext("Not a valid choice."))


class NumberField(DecimalField):
    """A decimal number field: use it with a NumberRange, which refuses "NaN" and "Infinity".

    Decimal also reads "sNaN" (a signalling NaN), on which NumberRange's own NaN check raises
    instead of refusing, so a posted "sNaN" gave a server error: it is read as a plain NaN,
    which NumberRange then refuses with the field's message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and self.data.is_snan():
            self.data = Decimal("NaN")


def required(message: str) -> DataRequired:
    return DataRequired(message=message)


def _optional_email(message: str = "Enter an e-mail address like name@example.com") -> list[Any]:
    return [Optional(), Email(message=message, check_deliverability=False), Length(max=254)]


class SignInForm(Form):
    email = EmailField("E-mail address", [required("Enter your e-mail address")])
    password = PasswordField("Password", [required("Enter your password")])


class ForgotPasswordForm(Form):
    email = EmailField(
        "E-mail address",
        [
            required("Enter your e-mail address"),
            Email(
                message="Enter an e-mail address like name@example.com", check_deliverability=False
            ),
        ],
    )


class NewPasswordForm(Form):
    password = PasswordField(
        "New password",
        [
            required("Enter a new password"),
            Length(min=10, max=200, message="Your password must be at least 10 characters long"),
        ],
    )


class CardSignInForm(Form):
    code = StringField("The code on your card", [required("Enter the code on your card")])
    pin = PasswordField("PIN (if your card has one)", [Optional(), Length(max=8)])


class CardConfirmForm(Form):
    pin = PasswordField("PIN (if your card has one)", [Optional(), Length(max=8)])


class PreferencesForm(Form):
    easy_read = RadioField(
        "Do you want easy read pages?",
        choices=_pairs([("yes", "Yes, show easy read"), ("no", "No, show standard pages")]),
        validators=[InputRequired("Choose if you want easy read pages")],
    )
    text_size = RadioField(
        "Text size",
        choices=_pairs(
            [
                (TextSize.STANDARD.value, "Standard"),
                (TextSize.LARGE.value, "Large"),
                (TextSize.LARGER.value, "Larger"),
            ]
        ),
        validators=[InputRequired("Choose a text size")],
    )


class ContactForm(Form):
    contact_channel = RadioField(
        "How should we contact you?",
        choices=_pairs([(c.value, CHANNEL_LABELS[c]) for c in ContactChannel]),
        validators=[InputRequired("Choose how we should contact you")],
    )
    formats = MultiCheckboxField(
        "Formats you would like",
        choices=_pairs(list(FORMAT_LABELS.items())),
        validators=[Optional()],
    )


class DetailsForm(Form):
    name = StringField("Name", [required("Enter your name"), Length(max=200)])
    email = EmailField("E-mail address (optional)", _optional_email())
    phone = StringField(
        "Phone number (optional)",
        [Optional(), Length(max=40, message="Phone number must be 40 characters or fewer")],
    )
    pronouns = StringField("Pronouns (optional)", [Optional(), Length(max=40)])


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time:
    """10, 10:30, 10.30, 10am, 2:30pm, 14:30. Raises ValueError."""
    match = _TIME.match(text or "")
    if not match:
        raise ValueError(text)
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    return time(hour, minute)


def _time_check(label: str) -> Any:
    def check(form: Form, field: StringField) -> None:
        try:
            parse_time(field.data or "")
        except ValueError:
            raise ValidationError(f"{label} must be a time, like 10am or 14:30") from None

    return check


def date_fields() -> tuple[IntegerField, IntegerField, IntegerField]:
    """Day, month and year boxes (GOV.UK date input), made in that order so the error
    summary lists them as the page shows them."""
    return (
        IntegerField(
            "Day",
            [
                InputRequired("The date must include a day"),
                NumberRange(1, 31, "Day must be between 1 and 31"),
            ],
        ),
        IntegerField(
            "Month",
            [
                InputRequired("The date must include a month"),
                NumberRange(1, 12, "Month must be between 1 and 12"),
            ],
        ),
        IntegerField(
            "Year",
            [
                InputRequired("The date must include a year"),
                NumberRange(2000, 2100, "Year must be 4 numbers, like 2027"),
            ],
        ),
    )


def time_fields() -> tuple[StringField, StringField]:
    return (
        StringField("Start time", [required("Enter a start time"), _time_check("Start time")]),
        StringField("End time", [required("Enter an end time"), _time_check("End time")]),
    )


def check_real_date(form: Any, field: IntegerField) -> None:
    """Reported on the day: the error summary links to the first box of the date."""
    if field.data and form.month.data and form.year.data:
        try:
            date(form.year.data, form.month.data, field.data)
        except (ValueError, OverflowError):
            raise ValidationError("The date must be a real date") from None


def moments(form: Any, tz: str) -> tuple[datetime, datetime]:
    """The start and end of a one-day time span typed as a date and two times."""
    zone = ZoneInfo(tz)
    day = date(form.year.data or 0, form.month.data or 0, form.day.data or 0)
    start = datetime.combine(day, parse_time(form.start_time.data or ""), zone)
    end = datetime.combine(day, parse_time(form.end_time.data or ""), zone)
    return start, end


class FairForm(Form):
    title = StringField(
        "Name of the fair",
        [
            required("Enter the name of the fair"),
            Length(max=200, message="The name must be 200 characters or fewer"),
        ],
    )
    summary = TextAreaField("What is the fair about?", [Optional(), Length(max=5000)])
    easy_read_summary = TextAreaField("Easy read summary", [Optional(), Length(max=2000)])
    day, month, year = date_fields()
    start_time, end_time = time_fields()
    phase = RadioField(
        "Stage",
        choices=_pairs([(p.value, PHASE_LABELS[p]) for p in Phase]),
        default=Phase.PLANNING.value,
        validators=[InputRequired("Choose a stage")],
    )

    def validate_day(self, field: IntegerField) -> None:
        check_real_date(self, field)

    def moments(self, tz: str) -> tuple[datetime, datetime]:
        return moments(self, tz)


def _role_field() -> RadioField:
    return RadioField(
        "Role in this fair",
        choices=_pairs([(r.value, ROLE_LABELS[r]) for r in Role]),
        validators=[InputRequired("Choose a role")],
    )


def _group_field() -> RadioField:
    return RadioField(
        "Group",
        choices=_pairs([(g.value, GROUP_LABELS[g]) for g in Group]),
        validators=[InputRequired("Choose which group they belong to")],
    )


class InviteForm(Form):
    name = StringField("Their name", [required("Enter their name"), Length(max=200)])
    email = EmailField(
        "Their e-mail address",
        [
            required("Enter their e-mail address"),
            Email(
                message="Enter an e-mail address like name@example.com", check_deliverability=False
            ),
        ],
    )
    role = _role_field()
    group = _group_field()


class AddMemberForm(Form):
    name = StringField("Their name", [required("Enter their name"), Length(max=200)])
    phone = StringField("Phone number (optional)", [Optional(), Length(max=40)])
    role = _role_field()
    group = _group_field()


class MemberForm(Form):
    role = _role_field()
    group = _group_field()


class IssueCardForm(Form):
    pin = StringField(
        "PIN (optional)",
        [Optional(), Length(min=4, max=8, message="A PIN must be 4 to 8 numbers")],
    )

    def validate_pin(self, field: StringField) -> None:
        if field.data and not is_whole_number(field.data):
            raise ValidationError("A PIN must be 4 to 8 numbers")


class AcceptInvitationForm(Form):
    name = StringField("Your name", [required("Enter your name"), Length(max=200)])
    password = PasswordField(
        "Choose a password",
        [
            required("Choose a password"),
            Length(min=10, max=200, message="Your password must be at least 10 characters long"),
        ],
    )


def bind(form_class: type[Form], data: FormData | None = None, **initial: Any) -> Any:
    """A form filled from a request's form data (or from `initial` when showing it first)."""
    form = (
        form_class(formdata=without_nul(data), **initial)
        if data is not None
        else form_class(**initial)
    )
    return without_cycle(form)


def without_cycle(form: BaseForm) -> BaseForm:
    """The form, with each field's link back to it made weak.

    WTForms links form and fields both ways, so a finished form (about 90 objects) was freed
    only by the garbage collector, never as soon as the request let go of it. Under load those
    forms piled up through the collector's generations: a pass over them every 150 ms or so
    (about 5 ms each) and a full pass that grew to 18 ms, each pausing every request in flight
    (benchmarks/tickets.py). The link is still there (choices functions get the form through
    it) for as long as the view holds the form."""
    back = weakref.proxy(form)
    for field in form._fields.values():
        if getattr(field, "_form", None) is form:
            setattr(field, "_form", back)  # noqa: B010 - WTForms' own attribute, not typed
    return form


_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


def form_key(value: object) -> str | None:
    """A page's hidden key against double posts (secrets.token_urlsafe) as posted, when it
    can be one: 1 to 64 letters, digits, "-" or "_". Anything else reads as no key (None),
    and the view makes a new one: a 5000-character key was longer than the column."""
    text = value if isinstance(value, str) else ""
    return text if _FORM_KEY.fullmatch(text) else None


def query_text(query: QueryParams, name: str, *, most: int = 100) -> str:
    """Text typed into a search box (?q=...) as a database can look for it: without NUL,
    which PostgreSQL refuses (a server error for ?q=%00), at most `most` characters."""
    return query.get(name, "").replace("\x00", "").strip()[:most]


def without_nul(data: FormData) -> FormData:
    """The form data with NUL characters taken out of text. Nobody can type one, and
    PostgreSQL refuses to store one (a server error instead of a saved form); found by the
    hostile-input tests."""
    if not any(isinstance(v, str) and "\x00" in v for _, v in data.multi_items()):
        return data
    return FormData(
        [(k, v.replace("\x00", "") if isinstance(v, str) else v) for k, v in data.multi_items()]
    )


def first_errors(form: Form) -> dict[str, str]:
    """One message per field, in field order: what the error summary lists."""
    found: dict[str, str] = {}
    for name, messages in form.errors.items():
        if isinstance(messages, list | tuple) and messages:
            found[str(name)] = str(messages[0])
    return found
