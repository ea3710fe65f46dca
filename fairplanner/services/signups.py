"""Signing up for shifts, withdrawing, organisers assigning and moving people, the waiting
list with its expiring offers, and reminders the day before."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, LinkExpired, PermissionDenied
from fairplanner.export import tokens
from fairplanner.models import Person
from fairplanner.models.volunteering import (
    Briefing,
    Shift,
    Signup,
    VolunteerLimit,
    WaitlistEntry,
    WaitStatus,
)
from fairplanner.services import messaging, signup_rules
from fairplanner.services.clock import now
from fairplanner.services.signup_rules import SignupFacts, Span
from fairplanner.services.volunteering import local_text, settings_for

ATTEMPTS = 3


async def _held_offers(shift: Shift, *, except_person: Person | None) -> int:
    query = WaitlistEntry.filter(
        shift_id=shift.id, status=WaitStatus.OFFERED, offer_expires_at__gt=now()
    )
    if except_person is not None:
        query = query.exclude(person_id=except_person.id)
    return await query.count()


async def facts_for(*, shift: Shift, person: Person, holding_offer: bool = False) -> SignupFacts:
    """Load what the rules need. A place offered to someone on the waiting list is held."""
    role = shift.role
    fair = shift.fair
    others = (
        await Signup.filter(person_id=person.id, shift__fair_id=fair.id)
        .exclude(shift_id=shift.id)
        .prefetch_related("shift")
    )
    limit = await VolunteerLimit.get_or_none(fair_id=fair.id, person_id=person.id)
    taken = await Signup.filter(shift_id=shift.id).count()
    held = await _held_offers(shift, except_person=person if holding_offer else None)
    return SignupFacts(
        now=now(),
        shift=Span(shift.starts_at, shift.ends_at),
        time_zone=fair.time_zone,
        places=shift.people_needed,
        taken=taken + (0 if holding_offer else held),
        already_signed_up=await Signup.exists(shift_id=shift.id, person_id=person.id),
        needs_briefing=role.needs_briefing,
        briefed=await Briefing.exists(role_id=role.id, person_id=person.id),
        my_shifts=tuple(Span(o.shift.starts_at, o.shift.ends_at) for o in others),
        max_minutes_per_day=limit.max_minutes_per_day if limit else None,
    )


async def _load(shift: Shift) -> Shift:
    await shift.fetch_related("role", "fair")
    return shift


async def sign_up(
    *,
    shift: Shift,
    person: Person,
    by: Person | None = None,
    over_fill_reason: str = "",
    holding_offer: bool = False,
) -> Signup:
    """Sign `person` up. Organisers (`by`) may over-fill a full shift with a reason.
    Two people after the last place: the unique (shift, place) lets exactly one in; the other
    looks again, finds the shift full and is offered the waiting list."""
    await _load(shift)
    await expire_offers(shift=shift)
    for _ in range(ATTEMPTS):
        facts = await facts_for(shift=shift, person=person, holding_offer=holding_offer)
        refusal = signup_rules.check(facts)
        over_fill = False
        if refusal and refusal.code == "full" and by is not None and over_fill_reason.strip():
            over_fill = True
            refusal = signup_rules.check(
                SignupFacts(**{**facts.__dict__, "places": facts.taken + 1})
            )
        if refusal:
            raise DomainError(refusal.code, refusal.reason)
        places = await Signup.filter(shift_id=shift.id).values_list("place", flat=True)
        used = {int(str(p)) for p in places}
        free = [p for p in range(1, shift.people_needed + 1) if p not in used]
        if over_fill:
            place = max(used, default=0) + 1
        elif free:
            place = free[0]
        else:
            # The last place went between the check and now (seen on PostgreSQL, where the
            # other sign-up commits in between): never take a place past the number needed.
            continue
        try:
            async with in_transaction():
                signup = await Signup.create(
                    shift=shift,
                    person=person,
                    place=place,
                    assigned_by=by,
                    over_fill_reason=over_fill_reason.strip() if over_fill else "",
                )
                if holding_offer:
                    await WaitlistEntry.filter(shift_id=shift.id, person_id=person.id).update(
                        status=WaitStatus.ACCEPTED, token_digest=None
                    )
                else:
                    await WaitlistEntry.filter(shift_id=shift.id, person_id=person.id).delete()
            return signup
        except IntegrityError:
            continue  # someone took that place a moment ago: look at the shift again
    raise DomainError("full", "This shift is full. You can join the waiting list.")


def withdraw_deadline(shift: Shift, cutoff_hours: int) -> datetime:
    return shift.starts_at - timedelta(hours=cutoff_hours)


async def withdraw(*, signup: Signup, by: Person, organiser: bool, offer_url: str) -> None:
    """Stop doing a shift. Volunteers can until the organiser's cut-off; organisers any time.
    The freed place goes to the next person on the waiting list."""
    await signup.fetch_related("shift__fair", "shift__role", "person")
    shift = signup.shift
    if signup.person.id != by.id and not organiser:
        raise PermissionDenied("You can only change your own shifts.")
    settings = await settings_for(fair=shift.fair)
    if not organiser and now() >= withdraw_deadline(shift, settings.withdraw_cutoff_hours):
        raise DomainError(
            "past_cutoff",
            "It is too close to the shift to withdraw here. Please phone or tell an organiser.",
        )
    async with in_transaction():
        await signup.delete()
        await offer_next(shift=shift, offer_url=offer_url)


MAX_REASON = 300


async def move(
    *, signup: Signup, to: Shift, by: Person, reason: str, over_fill: bool, offer_url: str
) -> Signup:
    """An organiser moves someone to another shift, for a reason that is kept. The sign-up
    rules apply to the new shift (briefing, clash, own limit...); a full shift takes them only
    when the organiser asks for an extra place. Their old place is offered on."""
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("reason_missing", "Say why they are moving", field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(
            "reason_long", "Keep the reason to 300 characters or fewer", field="reason"
        )
    await signup.fetch_related("shift__fair", "shift__role", "person")
    old_shift, person = signup.shift, signup.person
    if to.id == old_shift.id:
        raise DomainError(
            "same_shift", "Choose a different shift from the one they are on", field="to"
        )
    was = f"{old_shift.role.title}, {local_text(old_shift.starts_at, old_shift.fair.time_zone)}"
    async with in_transaction():
        await signup.delete()
        moved = await sign_up(
            shift=to, person=person, by=by, over_fill_reason=reason if over_fill else ""
        )
        moved.move_reason = f"Moved from {was}: {reason}"[:MAX_REASON]
        await moved.save(update_fields=["move_reason"])
        await offer_next(shift=old_shift, offer_url=offer_url)
    return moved


async def join_waitlist(*, shift: Shift, person: Person) -> WaitlistEntry:
    if await Signup.exists(shift_id=shift.id, person_id=person.id):
        raise DomainError("already_signed_up", "You are already signed up for this shift.")
    try:
        entry, _ = await WaitlistEntry.get_or_create(shift_id=shift.id, person_id=person.id)
    except IntegrityError as exc:
        raise DomainError("already_waiting", "You are already on the waiting list.") from exc
    if entry.status in (WaitStatus.EXPIRED, WaitStatus.ACCEPTED):
        entry.status = WaitStatus.WAITING
        entry.created_at = now()
        await entry.save()
    return entry


async def offer_next(*, shift: Shift, offer_url: str) -> WaitlistEntry | None:
    """Offer a free place to the first person waiting, by their own channel, with a link
    that expires."""
    await _load(shift)
    if shift.starts_at <= now():
        return None
    taken = await Signup.filter(shift_id=shift.id).count()
    if taken + await _held_offers(shift, except_person=None) >= shift.people_needed:
        return None
    entry = (
        await WaitlistEntry.filter(shift_id=shift.id, status=WaitStatus.WAITING)
        .order_by("created_at", "id")
        .prefetch_related("person")
        .first()
    )
    if entry is None:
        return None
    settings = await settings_for(fair=shift.fair)
    token = tokens.link_token()
    expires = min(now() + timedelta(hours=settings.offer_hours), shift.starts_at)
    when = local_text(shift.starts_at, shift.fair.time_zone)
    async with in_transaction():
        # Claimed on the status it expects, so two freed places never offer one entry twice.
        claimed = await WaitlistEntry.filter(id=entry.id, status=WaitStatus.WAITING).update(
            status=WaitStatus.OFFERED,
            token_digest=tokens.digest(token),
            offered_at=now(),
            offer_expires_at=expires,
        )
        if not claimed:
            return None
        entry.status, entry.offer_expires_at = WaitStatus.OFFERED, expires
        # By the person's own channel: e-mail, a text, or the organisers' list of people to
        # phone (for phone, post and supporter), with the same link and time.
        await messaging.send(
            to=messaging.Recipient.for_person(entry.person),
            subject=f"A place is free: {shift.role.title}",
            body=(
                f"Hello {entry.person.name},\n\n"
                f"A place is free on the {shift.role.title} shift at {shift.fair.title}, "
                f"{when}.\n\nTo take it, open this link before "
                f"{local_text(expires, shift.fair.time_zone)}:\n\n"
                f"{offer_url.format(token=token)}\n\n"
                "If you do not want it, you do not need to do anything.\n"
            ),
            fair_id=shift.fair.id,
            kind="shift_offer",
        )
    return entry


async def expire_offers(*, shift: Shift, offer_url: str = "") -> int:
    """Offers past their time lapse; the place is then offered to the next person."""
    expired = await WaitlistEntry.filter(
        shift_id=shift.id, status=WaitStatus.OFFERED, offer_expires_at__lte=now()
    ).update(status=WaitStatus.EXPIRED, token_digest=None)
    if expired and offer_url:
        await offer_next(shift=shift, offer_url=offer_url)
    return expired


async def pass_on_expired_offers(*, offer_url: str) -> int:
    """Every offer (in any fair) whose time ran out lapses, and its place is offered to the
    next person waiting. Run by `fairplanner send-reminders`. Returns how many lapsed."""
    shift_ids = await (
        WaitlistEntry.filter(status=WaitStatus.OFFERED, offer_expires_at__lte=now())
        .distinct()
        .values_list("shift_id", flat=True)
    )
    lapsed = 0
    for shift in await Shift.filter(id__in=list(shift_ids)).order_by("id"):
        lapsed += await expire_offers(shift=shift, offer_url=offer_url)
    return lapsed


async def open_offer(*, token: str) -> WaitlistEntry:
    entry = await WaitlistEntry.get_or_none(token_digest=tokens.digest(token)).prefetch_related(
        "shift__role", "shift__fair", "person"
    )
    if entry is None or entry.status != WaitStatus.OFFERED:
        raise LinkExpired("This link does not work any more. The place may have gone.")
    if entry.offer_expires_at is None or entry.offer_expires_at <= now():
        raise LinkExpired("This offer has run out of time. You are still welcome on other shifts.")
    return entry


async def accept_offer(*, token: str, person: Person) -> Signup:
    entry = await open_offer(token=token)
    if entry.person.id != person.id:
        raise PermissionDenied("This offer was sent to someone else.")
    return await sign_up(shift=entry.shift, person=person, holding_offer=True)
