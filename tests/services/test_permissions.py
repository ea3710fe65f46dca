"""Who may do what in which fair: members by role, organisation admins, and outsiders."""

from __future__ import annotations

import pytest

from fairplanner.errors import NotFound, PermissionDenied
from fairplanner.models.enums import Role
from fairplanner.services.permissions import RULES, Action, fair_access, require
from tests import factories

ORGANISER_ONLY = {
    Action.EDIT_FAIR,
    Action.VIEW_MEMBER_GROUPS,
    Action.MANAGE_MEMBERS,
    Action.ISSUE_CARDS,
}


def test_every_action_has_a_rule() -> None:
    assert set(RULES) == set(Action)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ORGANISER])
async def test_members_who_are_not_organisers_see_the_fair_but_do_not_run_it(
    db: str, role: Role
) -> None:
    fair, _, (person,) = await factories.light_fair_with(role)

    access = await fair_access(fair_id=fair.id, person=person)

    assert access.role == role
    assert access.allows(Action.VIEW_FAIR)
    assert access.allows(Action.VIEW_MEMBERS)
    for action in ORGANISER_ONLY:
        with pytest.raises(PermissionDenied):
            require(access, action)


async def test_organiser_may_do_everything_in_their_fair(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()

    access = await fair_access(fair_id=fair.id, person=organiser)

    assert access.role == Role.ORGANISER
    assert all(access.allows(a) for a in Action)


async def test_organisation_admin_who_is_not_a_member_has_organiser_rights(db: str) -> None:
    fair, _, _ = await factories.light_fair_with()
    _, colleague = await factories.light_organiser("Riverside Council")

    access = await fair_access(fair_id=fair.id, person=colleague)

    assert access.membership is None
    assert access.org_admin
    assert access.allows(Action.MANAGE_MEMBERS)


async def test_organiser_of_another_organisation_is_refused(db: str) -> None:
    fair, _, _ = await factories.light_fair_with()
    _, outsider = await factories.light_organiser("Hillside Council")

    with pytest.raises(PermissionDenied, match="Only people taking part"):
        await fair_access(fair_id=fair.id, person=outsider)


async def test_person_with_no_part_in_the_fair_is_refused(db: str) -> None:
    fair, _, _ = await factories.light_fair_with()
    stranger = await factories.light_person()

    with pytest.raises(PermissionDenied):
        await fair_access(fair_id=fair.id, person=stranger)


async def test_fair_that_does_not_exist_is_not_found(db: str) -> None:
    fair, organiser, _ = await factories.light_fair_with()

    with pytest.raises(NotFound):
        await fair_access(fair_id=fair.id + 1000, person=organiser)
