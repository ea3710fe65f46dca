"""Buddy pairing: profiles, runs of the matcher (stored with seed, settings and each pair's
explanation), organisers' overrides with their cost, publishing, and each person's answer."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import asdict, dataclass, field

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
from fairplanner.services import buddy_times, messaging
from fairplanner.services.buddy_explain import alternatives_for_all, explain
from fairplanner.services.buddy_matching import (
    DEFAULT_WEIGHTS,
    Pair,
    Partner,
    Result,
    Settings,
    Support,
    Supported,
    match,
    weight_problem,
)
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
    both = set(fields.get("named") or []) & set(fields.get("never") or [])  # type: ignore[call-overload]
    if both:
        raise DomainError(
            "contradiction",
            "You chose the same person to be with and never to be paired with. Choose one.",
            field="never",
        )
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


async def profile_note(*, fair: Fair, profile: BuddyProfile) -> str | None:
    """A plain warning when what someone asked for cannot happen yet, e.g. two people with
    them when fewer than two partner volunteers have said they can help."""
    if profile.side != Side.SUPPORTED or profile.support == SupportLevel.ON_MY_OWN:
        return None
    partners = await BuddyProfile.filter(fair_id=fair.id, side=Side.PARTNER, capacity__gt=0)
    wanted = 2 if profile.support == SupportLevel.TWO_PEOPLE else 1
    if len(partners) >= wanted:
        return None
    have = "no partner volunteers" if not partners else "only 1 partner volunteer"
    return (
        f"You asked for {'two people' if wanted == 2 else 'a buddy'}, but there are {have} "
        "so far. Your details are kept and organisers will try when more people offer to help."
    )


async def _inputs(fair: Fair, block: str = "") -> tuple[list[Supported], list[Partner]]:
    """Everyone with a profile, as the matcher sees them. Times are the profile's, else the
    person's shifts in hours. A run for one block keeps only times in that block and leaves
    out people with no time in it (and people with no times at all)."""
    people: list[Supported] = []
    partners: list[Partner] = []
    from_shifts = await buddy_times.shift_slots(fair)
    for p in await BuddyProfile.filter(fair_id=fair.id).prefetch_related("person"):
        named = frozenset(int(x) for x in p.named)
        never = frozenset(int(x) for x in p.never)
        place = p.meeting_point.strip().lower()
        given = list(ordered(p.times)) or from_shifts.get(p.person.id, [])
        slots = frozenset(s for s in given if buddy_times.in_block(s, block))
        if block and not slots:
            continue
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
                    slots=slots,
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
                    slots=slots,
                    named=named,
                    never=never,
                )
            )
    return people, partners


@dataclass(frozen=True)
class RunChoice:
    """What an organiser chose for a run: stored with it so it can be repeated exactly."""

    seed: int | None = None
    min_score: int = 0
    fairness: bool = False
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    block: str = ""


def check_choice(choice: RunChoice) -> None:
    problem = weight_problem(choice.weights)
    if problem:
        raise DomainError("bad_weights", problem[1], field=problem[0])
    if choice.block not in buddy_times.BLOCKS:
        raise DomainError("bad_block", "Choose the whole fair, morning or afternoon", field="block")


async def _kept(
    fair: Fair, block: str
) -> tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
    """Pairs a new run keeps: those locked in the newest run of this block, and those of the
    newest published run of this block. A published pair where someone asked for a change is
    neither kept nor proposed again (the second set)."""
    kept: set[tuple[int, int]] = set()
    asked: set[tuple[int, int]] = set()
    runs = PairingRun.filter(fair_id=fair.id, block=block).order_by("-number")
    last = await runs.first()
    if last is not None:
        kept |= {
            (int(a), int(b))
            for a, b in await BuddyPair.filter(run_id=last.id, locked=True).values_list(
                "supported_id", "partner_id"
            )
        }
    shown = await runs.filter(status=RunStatus.PUBLISHED).first()
    if shown is not None:
        published = await BuddyPair.filter(run_id=shown.id).values_list(
            "supported_id", "partner_id", "status"
        )
        kept |= {(int(a), int(b)) for a, b, st in published if st != PairStatus.CHANGE_ASKED}
        asked = {(int(a), int(b)) for a, b, st in published if st == PairStatus.CHANGE_ASKED}
    return frozenset(kept - asked), frozenset(asked)


async def _settings(fair: Fair, seed: int, choice: RunChoice) -> Settings:
    rows = await PairOverride.filter(fair_id=fair.id)
    kept, asked = await _kept(fair, choice.block)

    def pick(kind: OverrideKind) -> frozenset[tuple[int, int]]:
        return frozenset((o.supported_id, o.partner_id) for o in rows if o.kind == kind)  # type: ignore[attr-defined]

    return Settings(
        seed=seed,
        weights=dict(choice.weights),
        min_score=choice.min_score,
        fairness=choice.fairness,
        pinned=pick(OverrideKind.PIN),
        forbidden=pick(OverrideKind.FORBID) | asked,
        unmatched=frozenset(o.supported_id for o in rows if o.kind == OverrideKind.LEAVE_OUT),  # type: ignore[attr-defined]
        locked=kept,
    )


def choice_of(run_: PairingRun) -> RunChoice:
    """The choices a stored run was made with (older runs: the reference weights)."""
    stored = run_.settings or {}
    return RunChoice(
        seed=run_.seed,
        min_score=int(stored.get("min_score", 0)),
        fairness=bool(stored.get("fairness", False)),
        weights={**DEFAULT_WEIGHTS, **{k: int(v) for k, v in stored.get("weights", {}).items()}},
        block=run_.block,
    )


async def preview(*, fair: Fair, seed: int, choice: RunChoice | None = None) -> Result:
    choice = choice or RunChoice()
    people, partners = await _inputs(fair, choice.block)
    return await _matched(people, partners, await _settings(fair, seed, choice))


async def _matched(people: list[Supported], partners: list[Partner], settings: Settings) -> Result:
    # On a worker thread: a big fair's run takes seconds (benchmarks/pairing.py), and on the
    # event loop it would hold up every other request, a door scan included, until it ended.
    return await asyncio.to_thread(match, people, partners, settings)


async def run(
    *,
    fair: Fair,
    by: Person,
    seed: int | None = None,
    min_score: int = 0,
    fairness: bool = False,
    expected_number: int | None = None,
    weights: dict[str, int] | None = None,
    block: str = "",
) -> PairingRun:
    """Run the matcher and store it as a proposal. Nothing is published. `expected_number`
    is the run the organiser was looking at: if someone ran it meanwhile, they are told.
    Locked pairs and the newest published pairs of the block are kept; the rest is matched."""
    choice = RunChoice(
        seed=seed,
        min_score=min_score,
        fairness=fairness,
        weights=dict(DEFAULT_WEIGHTS if weights is None else weights),
        block=block,
    )
    check_choice(choice)
    seed = secrets.randbelow(2**31) if seed is None else seed
    people, partners = await _inputs(fair, block)
    settings = await _settings(fair, seed, choice)
    result = await _matched(people, partners, settings)
    if not result.pairs:
        raise DomainError("nobody_feasible", _nobody(people, partners, result, block))
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
                block=block,
                seed=seed,
                created_by=by,
                total=result.total,
                worst=result.worst,
                unmatched={str(k): v for k, v in result.unmatched.items()},
                settings={
                    "min_score": min_score,
                    "fairness": fairness,
                    "weights": dict(settings.weights),
                    "block": block,
                    "kept": sorted([a, b] for a, b in settings.locked),
                },
            )
            await BuddyPair.bulk_create(
                [
                    _pair_row(made, pair, by_person, by_partner, result, settings)
                    for pair in result.pairs
                ]
            )
            await PairingAudit.create(
                fair=fair,
                action="run",
                by=by,
                detail=f"Run {number}{_block_words(block)}, seed {seed}, "
                f"{len(result.pairs)} pairs, {sum(p.locked for p in result.pairs)} kept",
            )
    except IntegrityError as exc:
        raise DomainError(
            "run_changed",
            "Someone else ran the matcher at the same moment. Their run is kept: look at it first.",
        ) from exc
    return made


def _pair_row(
    made: PairingRun,
    pair: Pair,
    by_person: dict[int, Supported],
    by_partner: dict[int, Partner],
    result: Result,
    settings: Settings,
) -> BuddyPair:
    lines = explain(by_person[pair.supported], by_partner[pair.partner], settings.weights)
    backup = result.backups.get(pair.supported)
    return BuddyPair(
        run=made,
        supported_id=pair.supported,
        partner_id=pair.partner,
        score=pair.score,
        pinned=pair.pinned,
        locked=pair.locked,
        breakdown=[asdict(x) for x in lines],
        backup_id=backup.partner if backup else None,
        backup_why=backup.why[:300] if backup else "",
    )


def _block_words(block: str) -> str:
    return f" ({block})" if block else ""


async def repeat(*, run_: PairingRun, by: Person, expected_number: int | None = None) -> PairingRun:
    """Run again with exactly the seed, weights, minimum score, fairness and block of an
    earlier run. With the same profiles and overrides it gives the same pairs."""
    choice = choice_of(run_)
    return await run(
        fair=await Fair.get(id=run_.fair_id),  # type: ignore[attr-defined]
        by=by,
        seed=run_.seed,
        min_score=choice.min_score,
        fairness=choice.fairness,
        weights=choice.weights,
        block=choice.block,
        expected_number=expected_number,
    )


def _nobody(people: list[Supported], partners: list[Partner], result: Result, block: str) -> str:
    if block and not (people and partners):
        return (
            f"Nobody on one side has times in the {block}, so nothing was matched. "
            "Nothing has changed."
        )
    if not people:
        return "Nobody has asked for a buddy yet, so there is nothing to match."
    if not partners:
        return "There are no partner volunteers yet, so nobody can be matched."
    return "Nobody could be matched, so nothing has changed: " + next(
        iter(result.unmatched.values()), "no pair fits."
    )


@dataclass(frozen=True)
class Cost:
    total_change: int
    worst_change: int
    moved: list[int]  # supported people whose buddy changes
    applied: bool = False  # True when the run already shows it (a swap)


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
    after = await preview(fair=fair, seed=current.seed, choice=choice_of(current))
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
    """Tell both people in every pair by the channel each chose (in easy read where they
    asked for it): e-mail, text, or the organisers' list of people to contact.
    Pairs already published in the run before (kept pairs) are not told again."""
    async with in_transaction():
        before = (
            await PairingRun.filter(
                fair_id=run.fair_id,  # type: ignore[attr-defined]
                block=run.block,
                status=RunStatus.PUBLISHED,
            )
            .order_by("-number")
            .first()
        )
        done = await PairingRun.filter(id=run.id, status=RunStatus.PROPOSED).update(
            status=RunStatus.PUBLISHED, published_at=now()
        )
        if not done:
            raise DomainError("already_published", "This run is already published.")
        told = (
            {
                (int(a), int(b))
                for a, b in await BuddyPair.filter(run_id=before.id).values_list(
                    "supported_id", "partner_id"
                )
            }
            if before
            else set()
        )
        pairs = await BuddyPair.filter(run_id=run.id).prefetch_related("supported", "partner")
        for pair in pairs:
            if (pair.supported.id, pair.partner.id) in told:
                continue
            why = [line["sentence"] for line in pair.breakdown if line["points"]][:3]
            for me, them in ((pair.supported, pair.partner), (pair.partner, pair.supported)):
                await messaging.send(
                    to=messaging.Recipient.for_person(me),
                    subject="Your buddy for the fair",
                    body=_message(me, them, why),
                    fair_id=run.fair_id,  # type: ignore[attr-defined]
                    kind="buddy",
                )
        await PairingAudit.create(
            fair_id=run.fair_id,  # type: ignore[attr-defined]
            action="publish",
            by=by,
            detail=f"Run {run.number}{_block_words(run.block)}, {len(pairs)} pairs",
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
    """A person's pairs in the newest published run of each block."""
    latest: dict[str, int] = {}
    for r in await PairingRun.filter(fair_id=fair.id, status=RunStatus.PUBLISHED).order_by(
        "number"
    ):
        latest[r.block] = r.id
    if not latest:
        return []
    runs = list(latest.values())
    related = ("partner", "supported", "run", "backup")
    return await BuddyPair.filter(run_id__in=runs, supported_id=person.id).prefetch_related(
        *related
    ) + await BuddyPair.filter(run_id__in=runs, partner_id=person.id).prefetch_related(*related)


async def answer(*, pair: BuddyPair, person: Person, accept: bool) -> BuddyPair:
    if person.id not in (pair.supported_id, pair.partner_id):  # type: ignore[attr-defined]
        raise DomainError("not_your_pair", "This is not your pair.")
    pair.status = PairStatus.ACCEPTED if accept else PairStatus.CHANGE_ASKED
    await pair.save(update_fields=["status"])
    return pair


async def _proposed_latest(fair: Fair, run_: PairingRun) -> None:
    newest = await latest_run(fair=fair)
    if newest is None or newest.id != run_.id:
        raise DomainError("run_changed", "A newer run exists. Change the pairs in that one.")
    if run_.status != RunStatus.PROPOSED:
        raise DomainError(
            "already_published",
            "This run is published. Run the matcher again to change its pairs.",
        )


async def lock(*, fair: Fair, by: Person, run_: PairingRun, pair_ids: set[int]) -> int:
    """Keep exactly these pairs of the run when the matcher runs again; the others are free
    to change. Returns how many are kept."""
    await _proposed_latest(fair, run_)
    pairs = await BuddyPair.filter(run_id=run_.id).prefetch_related("supported", "partner")
    keep = [p for p in pairs if p.id in pair_ids]
    async with in_transaction():
        await BuddyPair.filter(run_id=run_.id).update(locked=False)
        if keep:
            await BuddyPair.filter(id__in=[p.id for p in keep]).update(locked=True)
        await PairingAudit.create(
            fair=fair,
            action="lock",
            by=by,
            detail=f"Run {run_.number}: keeping "
            + (", ".join(f"{p.supported.name} with {p.partner.name}" for p in keep) or "none")[
                :450
            ],
        )
    return len(keep)


async def swap(*, fair: Fair, by: Person, run_: PairingRun, first_id: int, second_id: int) -> Cost:
    """Swap the partners of two pairs in a proposed run: A-X and B-Y become A-Y and B-X.
    Both new pairs must pass the hard rules and the organisers' forbids. Both are then kept
    when the matcher runs again. Returns the cost (change in total and lowest score)."""
    await _proposed_latest(fair, run_)
    if first_id == second_id:
        raise DomainError("same_pair", "Choose two different pairs", field="second")
    found = {
        p.id: p
        for p in await BuddyPair.filter(
            run_id=run_.id, id__in=[first_id, second_id]
        ).prefetch_related("supported", "partner")
    }
    if len(found) != 2:
        raise DomainError("pair_missing", "Choose two pairs from this run", field="first")
    one, two = found[first_id], found[second_id]
    if one.supported.id == two.supported.id or one.partner.id == two.partner.id:
        raise DomainError(
            "same_person",
            "These two pairs share a person, so swapping changes nothing",
            field="second",
        )
    choice = choice_of(run_)
    people, partners = await _inputs(fair, choice.block)
    sup = {p.key: p for p in people}
    par = {q.key: q for q in partners}
    forbidden = set(
        await PairOverride.filter(fair_id=fair.id, kind=OverrideKind.FORBID).values_list(
            "supported_id", "partner_id"
        )
    )
    taken = set(await BuddyPair.filter(run_id=run_.id).values_list("supported_id", "partner_id"))
    new_rows: list[tuple[BuddyPair, Partner, int]] = []
    for pair, other in ((one, two), (two, one)):
        a, b = pair.supported.id, other.partner.id
        if a not in sup or b not in par:
            raise DomainError(
                "profile_missing", "One of these people no longer has a buddy profile."
            )
        lines = explain(sup[a], par[b], choice.weights)
        failed = [line.sentence for line in lines if not line.passed]
        if failed or (a, b) in forbidden:
            why = failed[0] if failed else "An organiser said never to pair them."
            raise DomainError(
                "swap_not_allowed",
                f"{pair.supported.name} cannot be paired with {other.partner.name}: {why}",
                field="second",
            )
        if (a, b) in taken:
            raise DomainError(
                "swap_not_allowed",
                f"{pair.supported.name} is already paired with {other.partner.name}.",
                field="second",
            )
        score = sum(line.points or 0 for line in lines)
        new_rows.append((pair, par[b], score))
    others = (
        await BuddyPair.filter(run_id=run_.id)
        .exclude(id__in=[one.id, two.id])
        .values_list("score", flat=True)
    )
    scores = [int(x) for x in others] + [score for _, _, score in new_rows]  # type: ignore[call-overload]
    async with in_transaction():
        for pair, partner, score in new_rows:
            lines = explain(sup[pair.supported.id], partner, choice.weights)
            await BuddyPair.filter(id=pair.id).update(
                partner_id=partner.key,
                score=score,
                breakdown=[asdict(x) for x in lines],
                locked=True,
                backup_id=None,
                backup_why="",
            )
        total = sum(scores)
        await PairingRun.filter(id=run_.id).update(total=total, worst=min(scores))
        await PairingAudit.create(
            fair=fair,
            action="swap",
            by=by,
            detail=f"Run {run_.number}: {one.supported.name} now with {two.partner.name}, "
            f"{two.supported.name} now with {one.partner.name}",
        )
    return Cost(
        total - run_.total,
        min(scores) - (run_.worst or 0),
        sorted([one.supported.id, two.supported.id]),
        applied=True,
    )


async def alternatives_for_run(*, fair: Fair, run_: PairingRun) -> dict[int, list[str]]:
    """For each supported person in a run: the next best partners and why each was not
    chosen, in sentences (for organisers only: it can mention a ruled-out pair)."""
    choice = choice_of(run_)
    people, partners = await _inputs(fair, choice.block)
    stored = await BuddyPair.filter(run_id=run_.id).values_list(
        "supported_id", "partner_id", "score"
    )
    pairs = [Pair(int(a), int(b), int(c)) for a, b, c in stored]
    found = alternatives_for_all(people, partners, pairs, choice.weights)
    return {key: [why for _, _, why in rows] for key, rows in found.items()}
