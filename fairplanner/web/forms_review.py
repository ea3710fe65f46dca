"""Forms for the review: the parts written together, and planning the next fair."""

from __future__ import annotations

from wtforms import Form, HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from fairplanner.services.review_writing import MAX_PART
from fairplanner.web.forms import FairForm

_LONG = Length(max=MAX_PART, message=f"Write {MAX_PART} characters or fewer")


class ReviewForm(Form):
    learned = TextAreaField("What we learned", [Optional(), _LONG])
    change = TextAreaField("What we will change next time", [Optional(), _LONG])
    easy_read_summary = TextAreaField("The review in easy read", [Optional(), _LONG])
    # The version the writer started from: a save over someone else's change is refused.
    version = HiddenField(validators=[InputRequired("Open the review again and try once more")])


class NextFairForm(FairForm):
    """The new fair's name and day; everything else is copied from this one."""

    summary = None  # type: ignore[assignment]
    easy_read_summary = None  # type: ignore[assignment]
    phase = None  # type: ignore[assignment]
