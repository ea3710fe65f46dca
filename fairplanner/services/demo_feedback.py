"""Demo feedback and review: the group's feedback forms, and a review being written together."""

from __future__ import annotations

from fairplanner.models import Fair, Person
from fairplanner.models.feedback import Audience, QuestionKind
from fairplanner.models.review import ReviewPart
from fairplanner.services import feedback, review_writing


async def extend(fair: Fair, people: dict[str, Person]) -> None:
    # The volunteers' form first: the crawler opens the first form's pages as every member.
    volunteers = await feedback.create_form(fair=fair, audience=Audience.VOLUNTEER)
    await feedback.add_question(
        form=volunteers,
        draft=feedback.QuestionDraft(
            kind=QuestionKind.CHOICE,
            text="Would you volunteer at the next fair?",
            easy_read_text="Would you help at the next fair?",
            choices="Yes\nMaybe\nNo",
        ),
    )
    await feedback.create_form(fair=fair, audience=Audience.ATTENDEE)
    await feedback.create_form(fair=fair, audience=Audience.EXHIBITOR)
    written = await review_writing.review_of(fair=fair)
    written = await review_writing.save_parts(
        review=written,
        person=people["Priya Shah"],
        version=written.version,
        texts={
            ReviewPart.LEARNED: (
                "Booking by phone mattered: many people booked through their day centre."
            )
        },
    )
    organiser = next(p for p in people.values() if p.email == "organiser@example.org")
    await review_writing.save_parts(
        review=written,
        person=organiser,
        version=written.version,
        texts={
            ReviewPart.CHANGE: "Open the quiet room from the start of the day.",
            ReviewPart.EASY_READ: "Many people booked by phone. We will open the quiet room early.",
        },
    )
