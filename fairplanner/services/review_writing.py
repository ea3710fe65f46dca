"""The words of a review, written together: saving a part without losing someone else's
change, the history of who changed what, telling everyone it is ready, and planning the next
fair from this one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError
from fairplanner.models import (
    AgendaItem,
    Fair,
    FeedbackForm,
    FeedbackQuestion,
    Membership,
    Person,
    Registration,
    Review,
    ReviewEdit,
)
from fairplanner.models.enums import Phase, Role
from fairplanner.models.review import ReviewPart
from fairplanner.models.tickets import RegistrationStatus
from fairplanner.models.venues import VenueThreshold
from fairplanner.models.volunteering import RoleStatus, VolunteerRole
from fairplanner.services import fairs, feedback_invites, messaging, volunteering
from fairplanner.services.clock import now
from fairplanner.services.feedback_invites import Reached

MAX_PART = 10_000
PART_FIELDS = {
    ReviewPart.LEARNED: "learned",
    ReviewPart.CHANGE: "change",
    ReviewPart.EASY_READ: "easy_read_summary",
}
# Who plans the next fair with the organiser: the planning group carries on.
CARRIED_ROLES = (Role.CO_PLANNER, Role.ORGANISER)


async def review_of(*, fair: Fair) -> Review:
    """The fair's review; an unsaved, empty one until someone writes (reading never writes)."""
    return await Review.get_or_none(fair_id=fair.id) or Review(fair_id=fair.id, version=1)


async def _stored(review: Review) -> Review:
    if review.id is not None:
        return review
    try:
        await review.save()
    except IntegrityError:  # someone else wrote first: their version decides below
        return await Review.get(fair_id=review.fair_id)
    return review


async def save_parts(
    *, review: Review, person: Person, version: int, texts: dict[ReviewPart, str]
) -> Review:
    """Save changed parts as one edit. Refused if someone saved since `version` was read."""
    for part, text in texts.items():
        if len(text) > MAX_PART:
            raise DomainError(
                "too_long", f"Write {MAX_PART} characters or fewer", field=PART_FIELDS[part]
            )
    changes = {
        part: text.strip()
        for part, text in texts.items()
        if text.strip() != getattr(review, PART_FIELDS[part])
    }
    if not changes:
        return review
    review = await _stored(review)
    async with in_transaction():
        saved = await Review.filter(id=review.id, version=version).update(
            version=version + 1, **{PART_FIELDS[p]: t for p, t in changes.items()}
        )
        if not saved:
            raise DomainError(
                "edited_by_someone_else",
                "Someone else saved the review while you were writing. Your words are below: "
                "copy them, then open the review again to see their changes.",
                field="learned",
            )
        await ReviewEdit.bulk_create(
            [
                ReviewEdit(
                    review=review,
                    person=person,
                    part=part,
                    before=getattr(review, PART_FIELDS[part]),
                    after=text,
                )
                for part, text in changes.items()
            ]
        )
    return await Review.get(id=review.id)


async def history(*, review: Review, limit: int = 50) -> list[ReviewEdit]:
    return (
        await ReviewEdit.filter(review_id=review.id)
        .prefetch_related("person")
        .order_by("-id")
        .limit(limit)
    )


# How many were told each way (the same counts as asking for feedback).
Shared = Reached


async def share(
    *,
    fair: Fair,
    review: Review,
    member_url: str,
    public_url: str,
    attachment: messaging.Attachment | None = None,
) -> Shared:
    """Tell every member and every booked attendee that the review is ready, each by their own
    channel (services/messaging). Members' e-mails carry `attachment` (the review as a file).

    `public_url` has `{secret}` for an attendee's ticket secret: their own link to the summary.
    """
    if not (review.learned or review.change):
        raise DomainError(
            "review_empty",
            "Write what we learned or what we will change before you share the review.",
        )
    members = await Membership.filter(fair_id=fair.id).prefetch_related("person")
    bookings = await Registration.filter(
        fair_id=fair.id, status=RegistrationStatus.BOOKED
    ).prefetch_related("tickets")
    subject = f"What we learned from {fair.title}"
    routes: list[str] = []
    async with in_transaction():
        await Review.filter(id=review.id).update(shared_at=now())
        for m in members:
            person = m.person
            delivery = await messaging.send(
                to=messaging.Recipient.for_person(person),
                subject=subject,
                body=(
                    f"Hello {person.name},\n\nThank you for taking part in {fair.title}. "
                    "The review is ready: what happened, what we learned and what we will "
                    f"change next time.\n\nRead it here:\n\n{member_url}\n"
                ),
                fair_id=fair.id,
                kind="review_ready",
                attachments=(attachment,) if attachment else (),
            )
            routes.append(delivery.route)
        for booking in bookings:
            lead = next((t for t in booking.tickets if t.lead), None)
            if lead is None:
                continue
            link = public_url.format(secret=lead.secret)
            delivery = await messaging.send(
                to=feedback_invites.attendee(booking),
                subject=subject,
                body=(
                    f"Hello,\n\nThank you for coming to {fair.title}. We have written down "
                    "what we learned and what we will change next time.\n\n"
                    f"Read it here (easy read too):\n\n{link}\n"
                ),
                fair_id=fair.id,
                kind="review_ready",
            )
            routes.append(delivery.route)
    return Reached.count(routes)


@dataclass(frozen=True)
class NextFair:
    fair: Fair
    copied: list[str]
    not_copied: list[str]


async def plan_next_fair(
    *, fair: Fair, by: Person, title: str, starts_at: datetime, ends_at: datetime
) -> NextFair:
    """A new fair in planning with this one's planning group, programme shape, volunteer
    roles, venue checklist thresholds, feedback questions and lessons.

    Active roles are copied as drafts: the new fair's group agrees them again (through its own
    decisions when it has a proposal on roles), because the people and the day have changed.
    What is not copied (venues, shifts, bookings) is listed in `not_copied`."""
    review = await review_of(fair=fair)
    group = await Membership.filter(fair_id=fair.id, role__in=CARRIED_ROLES).exclude(
        person_id=by.id
    )
    forms = await FeedbackForm.filter(fair_id=fair.id).order_by("id")
    agenda = await AgendaItem.filter(fair_id=fair.id).order_by("starts_at", "id")
    questions = await FeedbackQuestion.filter(form__fair_id=fair.id).order_by("position", "id")
    roles = await VolunteerRole.filter(fair_id=fair.id, status=RoleStatus.ACTIVE).order_by("id")
    limits = await VenueThreshold.filter(fair_id=fair.id).order_by("key")
    async with in_transaction():
        new = await fairs.create_fair(
            organisation_id=fair.organisation_id,  # type: ignore[attr-defined]
            details=fairs.FairDetails(
                title=title.strip(),
                summary=fair.summary,
                easy_read_summary=fair.easy_read_summary,
                starts_at=starts_at,
                ends_at=ends_at,
                time_zone=fair.time_zone,
                phase=Phase.PLANNING,
            ),
            organiser=by,
        )
        await Membership.bulk_create(
            [Membership(fair=new, person_id=m.person_id, role=m.role, group=m.group) for m in group]  # type: ignore[attr-defined]
        )
        # The programme keeps its shape: each part moves with the day, same times of day.
        shift = starts_at - fair.starts_at
        await AgendaItem.bulk_create(
            [
                AgendaItem(
                    fair=new,
                    starts_at=item.starts_at + shift,
                    ends_at=item.ends_at + shift,
                    place=item.place,
                    title=item.title,
                    description=item.description,
                    easy_read=item.easy_read,
                    access_features=item.access_features,
                )
                for item in agenda
            ]
        )
        for role in roles:
            await volunteering.draft_role(
                fair=new,
                details=volunteering.RoleDetails(
                    **{k: getattr(role, k) for k in volunteering.RoleDetails.__dataclass_fields__}
                ),
                by=by,
            )
        await VenueThreshold.bulk_create(
            [VenueThreshold(fair=new, key=t.key, value=t.value) for t in limits]
        )
        for form in forms:
            copy = await FeedbackForm.create(
                fair=new,
                audience=form.audience,
                intro=form.intro,
                easy_read_intro=form.easy_read_intro,
            )
            await FeedbackQuestion.bulk_create(
                [
                    FeedbackQuestion(
                        form=copy,
                        position=q.position,
                        kind=q.kind,
                        text=q.text,
                        easy_read_text=q.easy_read_text,
                        choices=q.choices,
                        required=q.required,
                    )
                    for q in questions
                    if q.form_id == form.id  # type: ignore[attr-defined]
                ]
            )
        lessons = "\n\n".join(
            part
            for part in (
                f"What we learned at {fair.title}:\n{review.learned}" if review.learned else "",
                f"What we said we would change:\n{review.change}" if review.change else "",
            )
            if part
        )
        await Review.create(fair=new, carried_lessons=lessons)
    return NextFair(
        fair=new,
        copied=[
            f"{len(group) + 1} people in the planning group (organisers and co-planners)",
            f"{len(agenda)} parts of the programme of the day, at the same times",
            f"{len(roles)} volunteer roles, as drafts for the new group to agree",
            f"{len(limits)} venue checklist levels the group set",
            f"{len(forms)} feedback forms with their questions",
            "what we learned and what we will change, as lessons to start from",
        ],
        not_copied=["venues and their checks", "volunteer shifts", "bookings"],
    )
