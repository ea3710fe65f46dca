"""Suggested questions a new feedback form starts with. The group changes them to suit."""

from __future__ import annotations

from dataclasses import dataclass

from fairplanner.models.feedback import Audience, QuestionKind

# The five points of the rating scale, worst to best: each face always has its word.
RATING_WORDS = {1: "Very bad", 2: "Bad", 3: "OK", 4: "Good", 5: "Very good"}

HEARD_CHOICES = "\n".join(
    [
        "A leaflet or poster",
        "My support worker or day centre",
        "The job centre",
        "A friend or family member",
        "Social media or a website",
        "Somewhere else",
    ]
)


@dataclass(frozen=True)
class StarterQuestion:
    kind: QuestionKind
    text: str
    easy_read_text: str
    choices: str = ""
    required: bool = False


@dataclass(frozen=True)
class Starter:
    intro: str
    easy_read_intro: str
    questions: tuple[StarterQuestion, ...]


def _rating(text: str, easy: str) -> StarterQuestion:
    return StarterQuestion(QuestionKind.RATING, text, easy)


def _text(text: str, easy: str) -> StarterQuestion:
    return StarterQuestion(QuestionKind.FREE_TEXT, text, easy)


STARTERS = {
    Audience.ATTENDEE: Starter(
        intro="Tell us what the fair was like for you. We will not ask for your name.",
        easy_read_intro="Tell us about the fair. You do not need to give your name.",
        questions=(
            _rating("Overall, how was the fair?", "Was the fair good?"),
            _rating(
                "How easy was it to get in and move around?",
                "Was it easy to get in and move around?",
            ),
            StarterQuestion(
                QuestionKind.CHOICE,
                "Did you find something you want to do next?",
                "Did you find a job, course or thing to do?",
                choices="Yes\nMaybe\nNo",
            ),
            _text("What should we change next time?", "What should we do better?"),
        ),
    ),
    Audience.VOLUNTEER: Starter(
        intro="Tell us what volunteering at the fair was like.",
        easy_read_intro="Tell us about helping at the fair.",
        questions=(
            _rating("How was volunteering at the fair?", "Was helping at the fair good?"),
            _rating("Did you get the support you needed?", "Did you get the help you needed?"),
            _text("What should we change next time?", "What should we do better?"),
        ),
    ),
    Audience.EXHIBITOR: Starter(
        intro="Tell us how the fair worked for your organisation.",
        easy_read_intro="Tell us how the fair went for your stall.",
        questions=(
            _rating("Overall, how was the fair for you?", "Was the fair good for your stall?"),
            StarterQuestion(
                QuestionKind.CHOICE,
                "About how many people did you talk to?",
                "How many people did you talk to?",
                choices="Fewer than 10\n10 to 30\nMore than 30",
            ),
            _text("What should we change next time?", "What should we do better?"),
        ),
    ),
}
