"""Members of a fair: invitations, people added without e-mail, roles, and removal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fairplanner.errors import DomainError, LinkExpired
from fairplanner.models import Fair, Invitation, Membership, OutboxMessage, Person
from fairplanner.models.enums import ContactChannel, Group, Role
from fairplanner.services import members
from fairplanner.services.clock import now
from fairplanner.services.passwords import verify_password
from tests import factories
from tests.helpers import links_in

ACCEPT_URL = "http://testserver/invitations/{token}"


async def _invite(fair: Fair, by: Person, email: str = "new@example.org") -> str:
    """Invite someone as a co-planner; returns the token from the e-mail's link."""
    await members.invite(
        fair=fair,
        name="Nadia New",
        email=email,
        role=Role.CO_PLANNER,
        group=Group.CARER,
        invited_by=by,
        accept_url=ACCEPT_URL,
    )
    message = await OutboxMessage.filter(to_address=email.lower()).order_by("-id").first()
    assert message is not None
    return links_in(message.body)[0].rsplit("/", 1)[1]


async def test_invite_stores_the_invitation_and_queues_an_email_with_its_link(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()

    token = await _invite(fair, organiser, email="New@Example.org")

    invitation = await Invitation.get(fair_id=fair.id)
    assert invitation.email == "new@example.org"
    assert (invitation.role, invitation.group) == (Role.CO_PLANNER, Group.CARER)
    assert invitation.token_digest != token
    assert invitation.expires_at - now() <= timedelta(days=members.INVITATION_DAYS)
    message = await OutboxMessage.get(to_address="new@example.org")
    assert message.subject == f"You are invited to help plan {fair.title}"
    assert organiser.name in message.body


async def test_invite_refuses_someone_already_in_the_fair(db: str) -> None:
    fair, organiser, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)

    with pytest.raises(DomainError) as caught:
        await _invite(fair, organiser, email=planner.email or "")

    assert (caught.value.code, caught.value.field) == ("already_member", "email")
    assert await Invitation.all().count() == 0
    assert await OutboxMessage.all().count() == 0


async def test_accept_invitation_as_a_new_account_joins_the_fair(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    token = await _invite(fair, organiser)

    person, joined = await members.accept_invitation(
        token=token, person=None, name="Nadia Newton", password="a good long password"
    )

    assert joined.id == fair.id
    assert person.email == "new@example.org"
    assert person.name == "Nadia Newton"
    assert verify_password(person.password_hash, "a good long password")
    membership = await Membership.get(fair_id=fair.id, person_id=person.id)
    assert (membership.role, membership.group) == (Role.CO_PLANNER, Group.CARER)
    assert (await Invitation.get(fair_id=fair.id)).accepted_at is not None


async def test_accept_invitation_as_a_signed_in_person_uses_their_account(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    existing = await factories.light_person(email="new@example.org")
    token = await _invite(fair, organiser)

    person, _ = await members.accept_invitation(token=token, person=existing)

    assert person.id == existing.id
    assert await Person.all().count() == 2
    assert await Membership.exists(fair_id=fair.id, person_id=existing.id)


async def test_used_invitation_link_is_refused(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    token = await _invite(fair, organiser)
    await members.accept_invitation(token=token, person=await factories.light_person())

    with pytest.raises(LinkExpired, match="used already"):
        await members.open_invitation(token=token)


async def test_expired_invitation_link_is_refused(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    token = await _invite(fair, organiser)
    await Invitation.all().update(expires_at=now() - timedelta(seconds=1))

    with pytest.raises(LinkExpired, match="expired"):
        await members.accept_invitation(token=token, person=await factories.light_person())

    assert await Membership.filter(fair_id=fair.id).count() == 1  # only the organiser


async def test_garbled_invitation_link_is_refused(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    token = await _invite(fair, organiser)

    with pytest.raises(LinkExpired, match="copied wrongly"):
        await members.open_invitation(token=token + "x")


async def test_accept_invitation_with_a_weak_password_changes_nothing(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    token = await _invite(fair, organiser)

    with pytest.raises(DomainError, match="at least 10 characters"):
        await members.accept_invitation(token=token, person=None, name="Nadia", password="short")

    # The transaction rolled back: the link still works and nobody joined.
    assert (await members.open_invitation(token=token)).accepted_at is None
    assert await Person.filter(email="new@example.org").count() == 0


async def test_pending_invitations_lists_only_open_ones(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await _invite(fair, organiser, email="open@example.org")
    used = await _invite(fair, organiser, email="used@example.org")
    await members.accept_invitation(token=used, person=await factories.light_person())

    pending = await members.pending_invitations(fair=fair)

    assert [i.email for i in pending] == ["open@example.org"]


async def test_add_member_without_email_makes_a_card_only_account(db: str) -> None:
    fair, _, _ = await factories.light_fair_with()

    membership = await members.add_member_without_email(
        fair=fair, name="Tom Fielding", phone="07700 900123", role=Role.VOLUNTEER, group=Group.CARER
    )

    person = await Person.get(id=membership.person.id)
    assert (person.email, person.password_hash) == (None, "")
    assert person.contact_channel == ContactChannel.PHONE
    assert (membership.role, membership.group) == (Role.VOLUNTEER, Group.CARER)


async def test_change_member_sets_role_and_group(db: str) -> None:
    fair, _, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    row = await Membership.get(fair_id=fair.id, person_id=volunteer.id)

    await members.change_member(member=row, role=Role.DOOR, group=Group.PARTNER)

    stored = await Membership.get(id=row.id)
    assert (stored.role, stored.group) == (Role.DOOR, Group.PARTNER)


async def test_last_organiser_cannot_be_demoted(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    row = await Membership.get(fair_id=fair.id, person_id=organiser.id)

    with pytest.raises(DomainError) as caught:
        await members.change_member(member=row, role=Role.CO_PLANNER, group=Group.STAFF)

    assert caught.value.code == "last_organiser"
    assert (await Membership.get(id=row.id)).role == Role.ORGANISER


async def test_last_organiser_cannot_be_removed(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    row = await Membership.get(fair_id=fair.id, person_id=organiser.id)

    with pytest.raises(DomainError, match="at least one organiser"):
        await members.remove_member(member=row)

    assert await Membership.exists(id=row.id)


async def test_an_organiser_can_step_down_when_another_remains(db: str) -> None:
    fair, organiser, (second,) = await factories.light_fair_with(Role.ORGANISER)
    row = await Membership.get(fair_id=fair.id, person_id=organiser.id)

    await members.change_member(member=row, role=Role.CO_PLANNER, group=Group.STAFF)

    assert [m.person_id for m in await Membership.filter(fair_id=fair.id, role=Role.ORGANISER)] == [  # type: ignore[attr-defined]
        second.id
    ]


async def test_membership_from_another_fair_is_not_found(db: str) -> None:
    fair, _, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    other, _, _ = await factories.light_fair_with()
    row = await Membership.get(fair_id=fair.id, person_id=volunteer.id)

    with pytest.raises(DomainError) as caught:
        await members.membership(fair=other, membership_id=row.id)

    assert caught.value.status == 404
