"""Members of a fair: invitations by e-mail link, people added with a sign-in card, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, LinkExpired, NotFound
from fairplanner.export import tokens
from fairplanner.models import Fair, Invitation, Membership, Person
from fairplanner.models.enums import ContactChannel, Group, Role
from fairplanner.services import notifications
from fairplanner.services.clock import now
from fairplanner.services.people import checked_hash, create_person, normalise_email

INVITATION_DAYS = 14


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    person: Person


async def members_of(*, fair: Fair) -> list[MemberRow]:
    rows = await Membership.filter(fair_id=fair.id).prefetch_related("person").order_by("id")
    return [MemberRow(membership=m, person=m.person) for m in rows]


async def membership(*, fair: Fair, membership_id: int) -> Membership:
    found = await Membership.get_or_none(id=membership_id, fair_id=fair.id).prefetch_related(
        "person"
    )
    if found is None:
        raise NotFound()
    return found


async def invite(
    *,
    fair: Fair,
    name: str,
    email: str,
    role: Role,
    group: Group,
    invited_by: Person,
    accept_url: str,
) -> Invitation:
    """Write an invitation and e-mail its link. `accept_url` has `{token}` for the token."""
    address = normalise_email(email) or ""
    if await Membership.exists(fair_id=fair.id, person__email=address):
        raise DomainError(
            "already_member", "That person is already taking part in this fair.", field="email"
        )
    token = tokens.link_token()
    async with in_transaction():
        invitation = await Invitation.create(
            fair=fair,
            name=name.strip(),
            email=address,
            role=role,
            group=group,
            token_digest=tokens.digest(token),
            invited_by=invited_by,
            expires_at=now() + timedelta(days=INVITATION_DAYS),
        )
        await notifications.queue_email(
            to=address,
            subject=f"You are invited to help plan {fair.title}",
            body=(
                f"Hello {invitation.name},\n\n"
                f"{invited_by.name} has invited you to take part in planning {fair.title} "
                "on FairPlanner.\n\n"
                f"To say yes, open this link within {INVITATION_DAYS} days:\n\n"
                f"{accept_url.format(token=token)}\n\n"
                "If you would like help, reply to this e-mail or phone the organiser.\n"
            ),
        )
    return invitation


async def open_invitation(*, token: str) -> Invitation:
    invitation = await Invitation.get_or_none(token_digest=tokens.digest(token)).prefetch_related(
        "fair"
    )
    if invitation is None or invitation.withdrawn_at is not None:
        raise LinkExpired(
            "This invitation link does not work. It may have been copied wrongly or withdrawn. "
            "Please ask the organiser to send a new one."
        )
    if invitation.accepted_at is not None:
        raise LinkExpired(
            "This invitation has been used already. If that was you, sign in to see the fair."
        )
    if invitation.expires_at < now():
        raise LinkExpired(
            "This invitation has expired. Please ask the organiser to send a new one."
        )
    return invitation


async def accept_invitation(
    *, token: str, person: Person | None, name: str = "", password: str = ""
) -> tuple[Person, Fair]:
    """Join the fair: as the signed-in person, or as a new account made from the invitation."""
    invitation = await open_invitation(token=token)
    password_hash = "" if person else await checked_hash(password)  # before the transaction
    async with in_transaction():
        taken = await Invitation.filter(id=invitation.id, accepted_at__isnull=True).update(
            accepted_at=now()
        )
        if not taken:
            raise LinkExpired("This invitation has been used already.")
        if person is None:
            person = await create_person(
                name=name or invitation.name, email=invitation.email, password_hash=password_hash
            )
        await _add(
            fair=invitation.fair, person=person, role=invitation.role, group=invitation.group
        )
    return person, invitation.fair


async def add_member_without_email(
    *, fair: Fair, name: str, phone: str, role: Role, group: Group
) -> Membership:
    """A member who signs in with a card the organiser prints (no e-mail needed)."""
    async with in_transaction():
        person = await create_person(
            name=name,
            phone=phone,
            contact_channel=ContactChannel.PHONE if phone else ContactChannel.SUPPORTER,
        )
        return await _add(fair=fair, person=person, role=role, group=group)


async def _add(*, fair: Fair, person: Person, role: Role, group: Group) -> Membership:
    try:
        return await Membership.create(fair=fair, person=person, role=role, group=group)
    except IntegrityError as exc:
        raise DomainError("already_member", "You are already taking part in this fair.") from exc


async def change_member(*, member: Membership, role: Role, group: Group) -> Membership:
    if member.role == Role.ORGANISER and role != Role.ORGANISER:
        await _keep_one_organiser(member)
    member.role = role
    member.group = group
    await member.save(update_fields=["role", "group"])
    return member


async def remove_member(*, member: Membership) -> None:
    if member.role == Role.ORGANISER:
        await _keep_one_organiser(member)
    await member.delete()


async def _keep_one_organiser(member: Membership) -> None:
    fair_id = member.fair_id  # type: ignore[attr-defined]
    others = (
        await Membership.filter(fair_id=fair_id, role=Role.ORGANISER).exclude(id=member.id).count()
    )
    if not others:
        raise DomainError(
            "last_organiser",
            "A fair needs at least one organiser. Make someone else an organiser first.",
            field="role",
        )


async def pending_invitations(*, fair: Fair) -> list[Invitation]:
    return await Invitation.filter(
        fair_id=fair.id, accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now()
    ).order_by("-id")
