"""A person's data: export finds everything linked to them; erasure removes identity, keeps counts."""

from __future__ import annotations

import pytest

from fairplanner.errors import PermissionDenied
from fairplanner.models import Membership, Person, SignInCard
from fairplanner.models.audit import SensitiveRead
from fairplanner.models.enums import Group, Role
from fairplanner.services import cards, personal_data
from tests import factories


async def test_export_includes_account_and_memberships_but_no_secrets(db: str) -> None:
    organisation, organiser = await factories.organiser()
    fair = await factories.fair(by=organiser, organisation=organisation)
    member = await factories.member(fair, Role.CO_PLANNER, Group.CARER)
    await cards.issue_card(person=member, issued_by=organiser, pin="1234")

    data = await personal_data.export_person(person=member)

    assert data["account"]["name"] == member.name
    assert data["account"]["email"] == member.email
    assert "password_hash" not in data["account"]
    memberships = data["records"]["Membership (person)"]
    assert [(m["fair_id"], m["role"], m["group"]) for m in memberships] == [
        (fair.id, "co_planner", "carer")
    ]
    card_rows = data["records"]["SignInCard (person)"]
    assert set(card_rows[0]) >= {"last_four", "created_at"}
    assert not any("digest" in key or "pin_hash" in key for key in card_rows[0])


async def test_erasure_removes_identity_and_private_rows_but_keeps_membership(db: str) -> None:
    organisation, organiser = await factories.organiser()
    fair = await factories.fair(by=organiser, organisation=organisation)
    member = await factories.member(fair, Role.VOLUNTEER)
    await cards.issue_card(person=member, issued_by=organiser)
    version_before = member.session_version

    await personal_data.erase_person(person=member)

    erased = await Person.get(id=member.id)
    assert (erased.name, erased.email, erased.phone, erased.password_hash) == (
        "Former member",
        None,
        "",
        "",
    )
    assert erased.session_version == version_before + 1
    assert await SignInCard.filter(person_id=member.id).count() == 0
    assert await Membership.filter(person_id=member.id, fair_id=fair.id).count() == 1


async def test_organiser_cannot_erase_someone_who_is_also_in_another_organisations_fair(
    db: str,
) -> None:
    riverside, olivia = await factories.organiser("Riverside Council")
    hillside, hana = await factories.organiser("Hillside Charity")
    ours = await factories.fair(by=olivia, organisation=riverside)
    theirs = await factories.fair(by=hana, organisation=hillside)
    shared = await factories.member(ours, Role.CO_PLANNER)
    await Membership.create(
        fair=theirs, person=shared, role=Role.VOLUNTEER, group=Group.SERVICE_USER
    )
    membership = await Membership.get(fair_id=ours.id, person_id=shared.id)

    with pytest.raises(PermissionDenied):
        await personal_data.erase_member(organiser=olivia, member=membership)
    assert (await Person.get(id=shared.id)).name == shared.name


async def test_sensitive_reads_are_logged_per_fair(db: str) -> None:
    organisation, organiser = await factories.organiser()
    fair = await factories.fair(by=organiser, organisation=organisation)

    await personal_data.record_sensitive_read(
        reader=organiser, fair=fair, what="Access needs of bookings"
    )

    reads = await personal_data.sensitive_reads(fair=fair)
    assert [(r.reader.id, r.what) for r in reads] == [(organiser.id, "Access needs of bookings")]  # type: ignore[union-attr]
    assert await SensitiveRead.filter(fair_id=fair.id).count() == 1
