"""A person's data: export finds everything linked to them; erasure removes identity, keeps counts."""

from __future__ import annotations

import pytest

from fairplanner.errors import PermissionDenied
from fairplanner.models import (
    BuddyPair,
    Membership,
    PairingAudit,
    PendingNotice,
    Person,
    SignInCard,
)
from fairplanner.models.audit import SensitiveRead
from fairplanner.models.buddies import Side
from fairplanner.models.enums import Group, Role
from fairplanner.services import buddies, cards, personal_data
from tests import factories
from tests.helpers import rows_holding
from tests.volunteering_factories import buddy_profile
from tests.web.planning_setup import open_proposal


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


async def test_erasure_takes_the_name_out_of_others_buddy_reasons_and_planning_notices(
    db: str,
) -> None:
    fair, boss, (sam, alex, priya, jo) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    name = "Priya Zephyrine-Okafor"
    await Person.filter(id=priya.id).update(name=name)
    priya = await Person.get(id=priya.id)
    # Sam and Alex want a buddy; Priya (asked for by Sam) has a place to spare for a backup.
    usual = {"languages": "English", "times": "10:00-11:00"}
    for person in (sam, alex):
        await buddy_profile(fair, person, Side.SUPPORTED, **usual)
    for person, capacity, named in ((priya, 2, [sam.id]), (jo, 1, [alex.id])):
        await buddy_profile(fair, person, Side.PARTNER, capacity, named=named, **usual)
    run = await buddies.run(fair=fair, by=boss, seed=1)
    with_sam = await BuddyPair.get(run_id=run.id, supported_id=sam.id)
    with_alex = await BuddyPair.get(run_id=run.id, supported_id=alex.id)
    await buddies.lock(fair=fair, by=boss, run_=run, pair_ids={with_sam.id})
    await open_proposal(fair, priya)
    # Before: Priya is named in Sam's reasons, as Alex's backup, and in the others' notices.
    assert with_sam.partner_id == priya.id  # type: ignore[attr-defined]
    assert any(name in line["sentence"] for line in with_sam.breakdown)
    assert with_alex.backup_id == priya.id  # type: ignore[attr-defined]
    assert name in with_alex.backup_why
    told = await PendingNotice.filter(text__contains=name).values_list("person_id", flat=True)
    assert set(told) >= {sam.id, alex.id, jo.id}
    assert name in (await PairingAudit.get(action="lock")).detail
    assert await rows_holding(name)

    await personal_data.erase_person(person=priya)

    assert await rows_holding(name) == []
    assert await rows_holding("Zephyrine") == []
    sentences = [line["sentence"] for line in (await BuddyPair.get(id=with_sam.id)).breakdown]
    assert any("Former member" in sentence for sentence in sentences)
    assert (await BuddyPair.get(id=with_alex.id)).backup_why.startswith("Former member still")
    assert (await PairingAudit.get(action="lock")).detail.endswith("with Former member")
    notices = await PendingNotice.filter(person_id__in=[sam.id, alex.id, jo.id])
    assert len(notices) >= 3
    assert all(
        n.text.startswith("Former member suggested") for n in notices if n.kind == "new_proposal"
    )
    # The pairs and notices are kept: only the name went.
    assert await BuddyPair.filter(run_id=run.id).count() == 2
