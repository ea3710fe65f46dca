"""Feedback results for the review: every rating, choice and free-text question of a fair's
forms, counted with a fixed number of GROUP BY queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tortoise.functions import Count

from fairplanner.models import (
    Fair,
    FeedbackAnswer,
    FeedbackForm,
    FeedbackQuestion,
    FeedbackResponse,
)
from fairplanner.models.feedback import Channel, QuestionKind
from fairplanner.services.feedback_starters import RATING_WORDS
from fairplanner.services.review_parts import AUDIENCE_LABELS, CHANNEL_LABELS, Chart

COMMENTS_SHOWN = 300  # free-text answers read into the page, newest first, all questions


@dataclass(frozen=True)
class QuestionResult:
    question: FeedbackQuestion
    chart: Chart | None
    average: float | None = None
    answered: int = 0
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FormResult:
    form: FeedbackForm
    label: str
    responses: int
    channels: Chart
    questions: list[QuestionResult]


async def feedback_results(fair: Fair) -> list[FormResult]:
    forms = await FeedbackForm.filter(fair_id=fair.id).order_by("id")
    questions = await FeedbackQuestion.filter(form__fair_id=fair.id).order_by("position", "id")
    in_fair = {"question__form__fair_id": fair.id}
    ratings = await (
        FeedbackAnswer.filter(**in_fair, rating__isnull=False)
        .annotate(n=Count("id"))
        .group_by("question_id", "rating")
        .values_list("question_id", "rating", "n")
    )
    choices = await (
        FeedbackAnswer.filter(**in_fair)
        .exclude(choice="")
        .annotate(n=Count("id"))
        .group_by("question_id", "choice")
        .values_list("question_id", "choice", "n")
    )
    texts = await (
        FeedbackAnswer.filter(**in_fair)
        .exclude(text="")
        .annotate(n=Count("id"))
        .group_by("question_id")
        .values_list("question_id", "n")
    )
    comments = await (
        FeedbackAnswer.filter(**in_fair)
        .exclude(text="")
        .order_by("-id")
        .limit(COMMENTS_SHOWN)
        .values_list("question_id", "text")
    )
    channels = await (
        FeedbackResponse.filter(form__fair_id=fair.id)
        .annotate(n=Count("id"))
        .group_by("form_id", "channel")
        .values_list("form_id", "channel", "n")
    )
    by_rating: dict[int, Counter[int]] = {}
    for qid, rating, n in ratings:
        by_rating.setdefault(int(qid), Counter())[int(rating)] += int(n)
    by_choice: dict[int, Counter[str]] = {}
    for qid, choice, n in choices:
        by_choice.setdefault(int(qid), Counter())[str(choice)] += int(n)
    text_counts = {int(qid): int(n) for qid, n in texts}
    said: dict[int, list[str]] = {}
    for qid, text in comments:
        said.setdefault(int(qid), []).append(str(text))
    by_channel: dict[int, Counter[str]] = {}
    for fid, channel, n in channels:
        by_channel.setdefault(int(fid), Counter())[str(channel)] += int(n)

    results = []
    for form in forms:
        mine = [q for q in questions if q.form_id == form.id]  # type: ignore[attr-defined]
        counted = by_channel.get(form.id, Counter())
        results.append(
            FormResult(
                form=form,
                label=AUDIENCE_LABELS[form.audience],
                responses=sum(counted.values()),
                channels=Chart(
                    f"channels-{form.id}",
                    f"How {AUDIENCE_LABELS[form.audience].lower()} gave feedback",
                    [(CHANNEL_LABELS[c], counted[c]) for c in Channel],
                ),
                questions=[_result(q, by_rating, by_choice, text_counts, said) for q in mine],
            )
        )
    return results


def _result(
    q: FeedbackQuestion,
    by_rating: dict[int, Counter[int]],
    by_choice: dict[int, Counter[str]],
    text_counts: dict[int, int],
    said: dict[int, list[str]],
) -> QuestionResult:
    if q.kind == QuestionKind.RATING:
        counts = by_rating.get(q.id, Counter())
        answered = sum(counts.values())
        total = sum(r * n for r, n in counts.items())
        return QuestionResult(
            question=q,
            chart=Chart(f"q{q.id}", q.text, [(w, counts[r]) for r, w in RATING_WORDS.items()]),
            average=round(total / answered, 1) if answered else None,
            answered=answered,
        )
    if q.kind == QuestionKind.CHOICE:
        counts_c = by_choice.get(q.id, Counter())
        options = q.choice_list + [c for c in counts_c if c not in q.choice_list]
        return QuestionResult(
            question=q,
            chart=Chart(f"q{q.id}", q.text, [(c, counts_c[c]) for c in options]),
            answered=sum(counts_c.values()),
        )
    return QuestionResult(
        question=q, chart=None, answered=text_counts.get(q.id, 0), comments=said.get(q.id, [])
    )
