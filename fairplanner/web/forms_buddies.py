"""Forms for buddy profiles and the organiser's review of a pairing run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from wtforms import BooleanField, Form, IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from fairplanner.models.buddies import OverrideKind, Side, SupportLevel
from fairplanner.numbers import is_whole_number
from fairplanner.services.buddy_matching import DEFAULT_WEIGHTS, WEIGHT_WORDS
from fairplanner.services.buddy_times import BLOCKS
from fairplanner.web.forms import MultiCheckboxField

SIDE_LABELS = {
    Side.SUPPORTED: "I would like a buddy (I use services or I am a carer)",
    Side.PARTNER: "I can be a buddy (partner volunteer)",
}
SUPPORT_LABELS = {
    SupportLevel.ON_MY_OWN: "I am fine on my own",
    SupportLevel.SOMEONE_NEARBY: "Someone nearby I can find",
    SupportLevel.BUDDY_WITH_ME: "A buddy with me",
    SupportLevel.TWO_PEOPLE: "Two people with me",
}
OVERRIDE_LABELS = {
    OverrideKind.PIN: "Always pair these two",
    OverrideKind.FORBID: "Never pair these two",
    OverrideKind.LEAVE_OUT: "Leave this person without a buddy for now",
}


def _pairs(labels: Mapping[Any, str]) -> Callable[[], list[tuple[str, str]]]:
    pairs = [(str(k), v) for k, v in labels.items()]
    return lambda: pairs


def _words(label: str) -> StringField:
    return StringField(label, [Optional(), Length(max=300)])


class ProfileForm(Form):
    side = RadioField(
        "Which are you?",
        choices=_pairs(SIDE_LABELS),
        validators=[InputRequired("Choose which you are")],
    )
    support = RadioField(
        "How much support would you like?", choices=_pairs(SUPPORT_LABELS), validators=[Optional()]
    )
    capacity = IntegerField(
        "How many people can you support? (partners)",
        [Optional(), NumberRange(0, 4, "Enter a number from 1 to 4")],
    )
    languages = _words("Languages you speak, the one you like best first")
    communication = _words("How you like to communicate")
    skills = _words("Skills you have (partners), like BSL or first aid")
    interests = _words("Stalls or roles you are interested in")
    times = _words("Times you will be there, like 10:00-11:00, 11:00-12:00")
    meeting_point = StringField("Where you would like to meet", [Optional(), Length(max=200)])
    named = MultiCheckboxField(
        "People you would like to be with", choices=[], validators=[Optional()]
    )
    never = MultiCheckboxField(
        "People you do not want to be paired with (private)", choices=[], validators=[Optional()]
    )


class RunForm(Form):
    seed = IntegerField(
        "Seed (optional, to repeat an earlier run)",
        [Optional(), NumberRange(0, 2**31 - 1, "Enter a whole number")],
    )
    min_score = IntegerField(
        "Lowest score to propose",
        [Optional(), NumberRange(0, 100, "Enter a number from 0 to 100")],
        default=0,
    )
    fairness = BooleanField("Raise the worst pair's score first")
    block = RadioField(
        "Which part of the fair", choices=_pairs(BLOCKS), default="", validators=[Optional()]
    )


class WholeNumberField(IntegerField):
    """A number field whose message for letters or decimals is in plain words."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and is_whole_number(str(valuelist[0]).strip()):
            self.data = int(str(valuelist[0]).strip())
        elif valuelist and str(valuelist[0]).strip():
            self.data = None
            raise ValueError(f"{self.label.text}: enter a whole number from 0 to 100")
        else:
            self.data = None


def _weight(key: str) -> WholeNumberField:
    return WholeNumberField(
        WEIGHT_WORDS[key],
        [
            Optional(),
            NumberRange(0, 100, f"{WEIGHT_WORDS[key]}: enter a whole number from 0 to 100"),
        ],
        default=DEFAULT_WEIGHTS[key],
    )


# One number field per soft criterion, named w_<criterion>, defaults from the reference.
for _key in DEFAULT_WEIGHTS:
    setattr(RunForm, f"w_{_key}", _weight(_key))


def weights_of(form: RunForm) -> dict[str, int]:
    """The weights typed; an empty box means the suggested (reference) weight."""
    typed = {key: getattr(form, f"w_{key}").data for key in DEFAULT_WEIGHTS}
    return {key: DEFAULT_WEIGHTS[key] if v is None else int(v) for key, v in typed.items()}


def weight_fields(form: RunForm) -> list[Any]:
    return [getattr(form, f"w_{key}") for key in DEFAULT_WEIGHTS]


class OverrideForm(Form):
    kind = RadioField(
        "What to do",
        choices=_pairs(OVERRIDE_LABELS),
        validators=[InputRequired("Choose what to do")],
    )
    supported = RadioField(
        "Person who wants a buddy", choices=[], validators=[InputRequired("Choose the person")]
    )
    partner = RadioField("Partner", choices=[], validators=[Optional()])


class SwapForm(Form):
    # The service checks that both are pairs of the newest run, with a plain message.
    first = RadioField(
        "First pair",
        choices=[],
        validators=[InputRequired("Choose a pair")],
        validate_choice=False,
    )
    second = RadioField(
        "Second pair",
        choices=[],
        validators=[InputRequired("Choose the other pair")],
        validate_choice=False,
    )


class LockForm(Form):
    keep = MultiCheckboxField(
        "Pairs to keep when you run the matcher again", choices=[], validators=[Optional()]
    )
