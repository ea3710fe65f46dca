"""Co-planning notifications: new proposal, closing soon, decision made, task assigned.

Each is queued as a PendingNotice (in the same transaction as the change) and sent later by
`fairplanner notify` through the shared messaging service, so it goes by each person's own
channel (e-mail, text, or the organisers' list of people to phone or write to). People get at
most one digest a day per fair, unless they chose "every message" on their account page.
Keys are unique per person, so a reminder is never queued, or sent, twice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.models import (
    Fair,
    Membership,
    NoticeDigest,
    NoticePreference,
    PendingNotice,
    Person,
    Proposal,
    Vote,
)
from fairplanner.models.planning import Decision, Task
from fairplanner.models.planning_notices import NoticeKind
from fairplanner.services import messaging
from fairplanner.services.clock import now

# Reminders go out this long before a proposal closes.
CLOSING_SOON = timedelta(hours=24)
# Digests go out on the first run of `fairplanner notify` at or after this hour, fair time.
DIGEST_HOUR = 8


async def every_message(person: Person) -> bool:
    return await NoticePreference.exists(person_id=person.id, every_message=True)


async def set_every_message(*, person: Person, every_message: bool) -> None:
    async with in_transaction():
        updated = await NoticePreference.filter(person_id=person.id).update(
            every_message=every_message
        )
        if not updated:
            await NoticePreference.create(person=person, every_message=every_message)


async def _queue(
    *, fair_id: int, person_ids: list[int], kind: NoticeKind, key: str, text: str, link: str
) -> None:
    """One notice per person; a key already queued for someone is left as it was."""
    rows = [
        PendingNotice(person_id=pid, fair_id=fair_id, kind=kind, key=key, text=text, link=link)
        for pid in dict.fromkeys(person_ids)
    ]
    if rows:
        await PendingNotice.bulk_create(rows, ignore_conflicts=True)


async def _members_except(fair_id: int, *exclude: int | None) -> list[int]:
    rows = await Membership.filter(fair_id=fair_id).values("person_id")
    return [int(r["person_id"]) for r in rows if r["person_id"] not in exclude]


def _when(at: datetime, tz: str) -> str:
    local = at.astimezone(ZoneInfo(tz))
    return local.strftime("%-d %B at %-I:%M").replace(":00", "") + local.strftime("%p").lower()


async def proposal_raised(*, proposal: Proposal, fair: Fair, by: Person) -> None:
    await _queue(
        fair_id=fair.id,
        person_ids=await _members_except(fair.id, by.id),
        kind=NoticeKind.NEW_PROPOSAL,
        key=f"proposal:{proposal.id}",
        text=(
            f"{by.name} suggested something for the group to decide: {proposal.title}. "
            f"Vote by {_when(proposal.closes_at, fair.time_zone)}."
        ),
        link=f"/fairs/{fair.id}/proposals/{proposal.id}",
    )


async def decision_made(*, decision: Decision, proposal: Proposal, by: Person) -> None:
    fair_id: int = proposal.fair_id  # type: ignore[attr-defined]
    await _queue(
        fair_id=fair_id,
        person_ids=await _members_except(fair_id, by.id),
        kind=NoticeKind.DECISION,
        key=f"decision:{decision.id}",
        text=f"The group decided about {proposal.title}: {decision.outcome}",
        link=f"/fairs/{fair_id}/decisions/{decision.id}",
    )


async def task_assigned(*, task: Task, by: Person) -> None:
    owner_id: int | None = task.owner_id  # type: ignore[attr-defined]
    if owner_id is None or owner_id == by.id:
        return
    fair_id: int = task.fair_id  # type: ignore[attr-defined]
    due = f" It is due on {task.due_on.strftime('%-d %B %Y')}." if task.due_on else ""
    await _queue(
        fair_id=fair_id,
        person_ids=[owner_id],
        kind=NoticeKind.TASK,
        key=f"task:{task.id}",
        text=f"{by.name} asked you to do this: {task.title}.{due}",
        link=f"/fairs/{fair_id}/tasks?whose=mine",
    )


async def queue_closing_soon(*, at: datetime) -> int:
    """Remind everyone who has not voted on a proposal that closes within CLOSING_SOON.
    Returns how many reminders were newly queued (a second run queues none)."""
    before = await PendingNotice.filter(kind=NoticeKind.CLOSING_SOON).count()
    soon = await Proposal.filter(
        closed_at__isnull=True, opens_at__lte=at, closes_at__gt=at, closes_at__lte=at + CLOSING_SOON
    ).prefetch_related("fair")
    for proposal in soon:
        voted = [
            r["voter_id"] for r in await Vote.filter(proposal_id=proposal.id).values("voter_id")
        ]
        waiting = await _members_except(proposal.fair.id, *voted)
        await _queue(
            fair_id=proposal.fair.id,
            person_ids=waiting,
            kind=NoticeKind.CLOSING_SOON,
            key=f"closing:{proposal.id}",
            text=(
                f"Voting on {proposal.title} closes on "
                f"{_when(proposal.closes_at, proposal.fair.time_zone)}. You have not voted yet."
            ),
            link=f"/fairs/{proposal.fair.id}/proposals/{proposal.id}/vote",
        )
    return await PendingNotice.filter(kind=NoticeKind.CLOSING_SOON).count() - before


@dataclass
class NotifyReport:
    reminders_queued: int = 0
    digests: int = 0
    single_messages: int = 0
    notices_sent: int = 0


def _body(person: Person, fair: Fair, notices: list[PendingNotice], base_url: str) -> str:
    lines = [f"Hello {person.name},", "", f"News from planning {fair.title}:", ""]
    for notice in notices:
        lines.append(f"- {notice.text}")
        if notice.link:
            lines.append(f"  {base_url}{notice.link}")
    lines += [
        "",
        "You can choose to get one message a day, or one for each thing, on your account page:",
        f"{base_url}/account",
    ]
    return "\n".join(lines) + "\n"


_SUBJECTS = {
    NoticeKind.NEW_PROPOSAL: "Something new to vote on",
    NoticeKind.CLOSING_SOON: "A vote closes soon",
    NoticeKind.DECISION: "The group made a decision",
    NoticeKind.TASK: "A task for you",
}


async def _claim(ids: list[int], at: datetime) -> int:
    return await PendingNotice.filter(id__in=ids, sent_at__isnull=True).update(sent_at=at)


async def _send(
    person: Person, fair: Fair, notices: list[PendingNotice], subject: str, *, base_url: str
) -> None:
    await messaging.send(
        to=messaging.Recipient.for_person(person),
        subject=subject,
        body=_body(person, fair, notices, base_url),
        fair_id=fair.id,
        kind="planning",
    )


async def send_due(
    *, base_url: str, at: datetime | None = None, digest_hour: int = DIGEST_HOUR
) -> NotifyReport:
    """Queue closing-soon reminders, then send what is waiting: one message per notice to
    people who chose every message, one digest a day per fair to everyone else (from
    `digest_hour`, fair time). Each send claims its notices first (a conditional update in
    the same transaction), so two runs at once never send the same notice twice."""
    at = at or now()
    report = NotifyReport(reminders_queued=await queue_closing_soon(at=at))
    waiting = await PendingNotice.filter(sent_at__isnull=True).order_by("id")
    groups: dict[tuple[int, int], list[PendingNotice]] = defaultdict(list)
    for notice in waiting:
        groups[(notice.person_id, notice.fair_id)].append(notice)  # type: ignore[attr-defined]
    if not groups:
        return report
    people = {p.id: p for p in await Person.filter(id__in={k[0] for k in groups})}
    fairs = {f.id: f for f in await Fair.filter(id__in={k[1] for k in groups})}
    singles = {
        int(r["person_id"])
        for r in await NoticePreference.filter(
            person_id__in=list(people), every_message=True
        ).values("person_id")
    }
    for (person_id, fair_id), notices in groups.items():
        person, fair = people[person_id], fairs[fair_id]
        if person_id in singles:
            for notice in notices:
                async with in_transaction():
                    if await _claim([notice.id], at):
                        await _send(
                            person, fair, [notice], _SUBJECTS[notice.kind], base_url=base_url
                        )
                        report.single_messages += 1
                        report.notices_sent += 1
            continue
        local = at.astimezone(ZoneInfo(fair.time_zone))
        if local.hour < digest_hour:
            continue
        sent = await _send_digest(person, fair, notices, local.date(), at, base_url=base_url)
        if sent:
            report.digests += 1
            report.notices_sent += sent
    return report


async def _send_digest(
    person: Person,
    fair: Fair,
    notices: list[PendingNotice],
    day: date,
    at: datetime,
    *,
    base_url: str,
) -> int:
    """One digest for today, or nothing if today's has gone already."""
    try:
        async with in_transaction():
            await NoticeDigest.create(person=person, fair=fair, day=day, items=len(notices))
            claimed = await _claim([n.id for n in notices], at)
            if claimed != len(notices):
                # Another run took some of them: leave the rest for it, send nothing here.
                raise _Taken()
            subject = (
                _SUBJECTS[notices[0].kind]
                if len(notices) == 1
                else f"{len(notices)} things from planning {fair.title}"
            )
            await _send(person, fair, notices, subject, base_url=base_url)
    except (IntegrityError, _Taken):
        return 0
    return len(notices)


class _Taken(Exception):
    """Raised inside the digest transaction to undo it when another run claimed first."""
