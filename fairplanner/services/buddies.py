"""Buddy pairing: profiles, runs of the matcher (stored with seed, settings and each pair's
explanation), organisers' overrides with their cost, publishing, and each person's answer."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, NotFound
from fairplanner.models import Fair, Person
from fairplanner.models.buddies import (
    BuddyPair,
    BuddyProfile,
    OverrideKind,
    PairingAudit,
    PairingRun,
    PairOverride,
    PairStatus,
    RunStatus,
    Side,
    SupportLevel,
)
from fairplanner.services import notifications
from fairplanner.services.buddy_explain import explain
from fairplanner.services.buddy_matching import Partner, Result, Settings, Support, Supported, match
from fairplanner.services.clock import now

LEVELS = {
    SupportLevel.ON_MY_OWN: Support.ON_MY_OWN,
    SupportLevel.SOMEONE_NEARBY: Support.SOMEONE_NEARBY,
    SupportLevel.BUDDY_WITH_ME: Support.BUDDY_WITH_ME,
    SupportLevel.TWO_PEOPLE: Support.TWO_PEOPLE,
}


def words(text: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in text.split(",") if w.strip())


def ordered(text: str) -> tuple[str, ...]:
    return tuple(w.strip().lower() for w in text.split(",") if w.strip())


async def save_profile(
    *,
    fair: Fair,
    person: Person,
    side: Side,
    support: SupportLevel,
    capacity: int,
    filled_by: Person,
    **fields: object,
) -> BuddyProfile:
    if side == Side.PARTNER and capacity < 1:
        raise DomainError(
            "capacity", "Say how many people you can support: 1 or more", field="capacity"
        )
    if side == Side.PARTNER and capacity > 4:
        raise DomainError("capacity", "One partner can support 4 people at most", field="capacity")
    profile, _ = await BuddyProfile.get_or_create(
        fair_id=fair.id, person_id=person.id, defaults={"side": side}
    )
    profile.side, profile.support = side, support
    profile.capacity = capacity if side == Side.PARTNER else 0
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.filled_by = filled_by
    await profile.save()
    return profile


async def _inputs(fair: Fair) -> tuple[list[Supported], list[Partner]]:
    people: list[Supported] = []
    partners: list[Partner] = []
    for p in await BuddyProfile.filter(fair_id=fair.id).prefetch_related("person"):
        named = frozenset(int(x) for x in p.named)
        never = frozenset(int(x) for x in p.never)
        place = p.meeting_point.strip().lower()
        if p.side == Side.SUPPORTED:
            needs = words(p.communication)
            people.append(
                Supported(
                    key=p.person.id,
                    name=p.person.name,
                    support=LEVELS[p.support],
                    languages=ordered(p.languages),
                    needs=needs,
                    requires=needs & {"bsl"},
                    interests=words(p.interests),
                    meeting_point=place,
                    slots=words(p.times),
                    named=named,
                    never=never,
                )
            )
        else:
            partners.append(
                Partner(
                    key=p.person.id,
                    name=p.person.name,
                    capacity=p.capacity,
                    languages=ordered(p.languages),
                    skills=words(p.skills),
                    offers=words(p.communication),
                    interests=words(p.interests),
                    meeting_point=place,
                    slots=words(p.times),
                    named=named,
                    never=never,
                )
            )
    return people, partners


async def _settings(fair: Fair, seed: int, min_score: int, fairness: bool) -> Settings:
    rows = await PairOverride.filter(fair_id=fair.id)

    def pick(kind: OverrideKind) -> frozenset[tuple[int, int]]:
        return frozenset((o.supported_id, o.partner_id) for o in rows if o.kind == kind)  # type: ignore[attr-defined]

    return Settings(
        seed=seed,
        min_score=min_score,
        fairness=fairness,
        pinned=pick(OverrideKind.PIN),
        forbidden=pick(OverrideKind.FORBID),
        unmatched=frozenset(o.supported_id for o in rows if o.kind == OverrideKind.LEAVE_OUT),  # type: ignore[attr-defined]
    )


async def preview(*, fair: Fair, seed: int, min_score: int = 0, fairness: bool = False) -> Result:
    people, partners = await _inputs(fair)
    return match(people, partners, await _settings(fair, seed, min_score, fairness))


async def run(
    *,
    fair: Fair,
    by: Person,
    seed: int | None = None,
    min_score: int = 0,
    fairness: bool = False,
    expected_number: int | None = None,
) -> PairingRun:
    """Run the matcher and store it as a proposal. Nothing is published. `expected_number`
    is the run the organiser was looking at: if someone ran it meanwhile, they are told."""
    seed = secrets.randbelow(2**31) if seed is None else seed
    people, partners = await _inputs(fair)
    settings = await _settings(fair, seed, min_score, fairness)
    result = match(people, partners, settings)
    if not result.pairs:
        raise DomainError("nobody_feasible", _nobody(people, partners, result))
    last = await PairingRun.filter(fair_id=fair.id).order_by("-number").first()
    number = (last.number if last else 0) + 1
    if expected_number is not None and number != expected_number + 1:
        raise DomainError(
            "run_changed", "Someone else ran the matcher just now. Look at their run first."
        )
    by_person = {p.key: p for p in people}
    by_partner = {q.key: q for q in partners}
    try:
        async with in_transaction():
            made = await PairingRun.create(
                fair=fair,
                number=number,
                seed=seed,
                created_by=by,
                total=result.total,
                worst=result.worst,
                unmatched={str(k): v for k, v in result.unmatched.items()},
                settings={
                    "min_score": min_score,
                    "fairness": fairness,
                    "weights": dict(settings.weights),
                },
            )
            for pair in result.pairs:
                lines = explain(by_person[pair.supported], by_partner[pair.partner])
                await BuddyPair.create(
                    run=made,
                    supported_id=pair.supported,
                    partner_id=pair.partner,
                    score=pair.score,
                    pinned=pair.pinned,
                    breakdown=[asdict(x) for x in lines],
                )
            await PairingAudit.create(
                fair=fair,
                action="run",
                by=by,
                detail=f"Run {number}, seed {seed}, {len(result.pairs)} pairs",
            )
    except IntegrityError as exc:
        raise DomainError(
            "run_changed",
            "Someone else ran the matcher at the same moment. Their run is kept: look at it first.",
        ) from exc
    return made


def _nobody(people: list[Supported], partners: list[Partner], result: Result) -> str:
    if not people:
        return "Nobody has asked for a buddy yet, so there is nothing to match."
    if not partners:
        return "There are no partner volunteers yet, so nobody can be matched."
    return "Nobody could be matched: " + next(iter(result.unmatched.values()), "no pair fits.")


@dataclass(frozen=True)
class Cost:
    total_change: int
    worst_change: int
    moved: list[int]  # supported people whose buddy changes


async def override(
    *,
    fair: Fair,
    by: Person,
    kind: OverrideKind,
    supported_id: int,
    partner_id: int | None,
    current: PairingRun,
) -> Cost:
    """Record a pin, forbid or leave-out, and what it costs against the current run."""
    if kind != OverrideKind.LEAVE_OUT and partner_id is None:
        raise DomainError("partner_missing", "Choose the partner", field="partner")
    async with in_transaction():
        await PairOverride.create(
            fair=fair, kind=kind, supported_id=supported_id, partner_id=partner_id, created_by=by
        )
        await PairingAudit.create(
            fair=fair,
            action=kind.value,
            by=by,
            detail=f"person {supported_id}, partner {partner_id or '-'}",
        )
    after = await preview(
        fair=fair,
        seed=current.seed,
        min_score=int(current.settings.get("min_score", 0)),
        fairness=bool(current.settings.get("fairness", False)),
    )
    before = await BuddyPair.filter(run_id=current.id).values_list("supported_id", "partner_id")
    was = {(int(a), int(b)) for a, b in before}
    now_pairs = {(p.supported, p.partner) for p in after.pairs}
    moved = sorted({a for a, _ in was ^ now_pairs})
    return Cost(after.total - current.total, (after.worst or 0) - (current.worst or 0), moved)


async def latest_run(*, fair: Fair) -> PairingRun | None:
    return await PairingRun.filter(fair_id=fair.id).order_by("-number").first()


async def get_run(*, fair: Fair, run_id: int) -> PairingRun:
    found = await PairingRun.get_or_none(id=run_id, fair_id=fair.id)
    if found is None:
        raise NotFound()
    return found


async def publish(*, run: PairingRun, by: Person) -> int:
    """Tell both people in every pair, by e-mail (in easy read where they asked for it)."""
    async with in_transaction():
        done = await PairingRun.filter(id=run.id, status=RunStatus.PROPOSED).update(
            status=RunStatus.PUBLISHED, published_at=now()
        )
        if not done:
            raise DomainError("already_published", "This run is already published.")
        pairs = await BuddyPair.filter(run_id=run.id).prefetch_related("supported", "partner")
        for pair in pairs:
            why = [line["sentence"] for line in pair.breakdown if line["points"]][:3]
            for me, them in ((pair.supported, pair.partner), (pair.partner, pair.supported)):
                if me.email:
                    await notifications.queue_email(
                        to=me.email,
                        subject="Your buddy for the fair",
                        body=_message(me, them, why),
                    )
        await PairingAudit.create(
            fair_id=run.fair_id,  # type: ignore[attr-defined]
            action="publish",
            by=by,
            detail=f"Run {run.number}, {len(pairs)} pairs",
        )
    return len(pairs)


def _message(me: Person, them: Person, why: list[str]) -> str:
    if me.easy_read:
        return (
            f"Hello {me.name}.\n\nYour buddy is {them.name}.\n\nWhy we think you will get "
            "on:\n"
            + "\n".join(f"- {w}" for w in why)
            + "\n\nWhat happens next:\n1. Sign in to FairPlanner.\n2. Say yes, or ask for a "
            "change.\n"
        )
    return (
        f"Hello {me.name},\n\nYour buddy for the fair is {them.name}. Why we think you "
        "will get on: " + " ".join(why) + "\n\nPlease sign in to say yes or to ask for a "
        "change.\n"
    )


async def my_pairs(*, fair: Fair, person: Person) -> list[BuddyPair]:
    run_ = (
        await PairingRun.filter(fair_id=fair.id, status=RunStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if run_ is None:
        return []
    return await BuddyPair.filter(run_id=run_.id).filter(supported_id=person.id).prefetch_related(
        "partner", "supported"
    ) + await BuddyPair.filter(run_id=run_.id, partner_id=person.id).prefetch_related(
        "partner", "supported"
    )


async def answer(*, pair: BuddyPair, person: Person, accept: bool) -> BuddyPair:
    if person.id not in (pair.supported_id, pair.partner_id):  # type: ignore[attr-defined]
        raise DomainError("not_your_pair", "This is not your pair.")
    pair.status = PairStatus.ACCEPTED if accept else PairStatus.CHANGE_ASKED
    await pair.save(update_fields=["status"])
    return pair
