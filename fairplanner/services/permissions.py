"""Who may do what in which fair: the one place these rules live.

Every view asks `require(...)` or `allowed(...)` before it reads or writes. A fair's data is
visible only to its members and to the admins of the organisation that owns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fairplanner.errors import NotFound, PermissionDenied
from fairplanner.models import Fair, Membership, OrganisationAdmin, Person
from fairplanner.models.enums import Role


class Action(StrEnum):
    # Tickets: organisers run bookings and see attendees' access needs; door volunteers check in.
    MANAGE_BOOKINGS = "manage_bookings"
    VIEW_ACCESS_NEEDS = "view_access_needs"
    MANAGE_CHECK_IN = "manage_check_in"
    CHECK_IN = "check_in"
    VIEW_FAIR = "view_fair"
    EDIT_FAIR = "edit_fair"
    VIEW_MEMBERS = "view_members"
    # Members' groups (service user, carer...) are sensitive: only organisers see them.
    VIEW_MEMBER_GROUPS = "view_member_groups"
    MANAGE_MEMBERS = "manage_members"
    ISSUE_CARDS = "issue_cards"
    # Venues: members who plan or visit see and assess venues; organisers choose one, set
    # thresholds and turn gaps into tasks. Gaps are counts of stated needs, never names.
    VIEW_VENUES = "view_venues"
    ASSESS_VENUES = "assess_venues"
    MANAGE_VENUES = "manage_venues"
    CHOOSE_VENUE = "choose_venue"
    VIEW_VENUE_GAPS = "view_venue_gaps"
    # Volunteering: any co-planner drafts a role; organisers approve it and run the shifts.
    DRAFT_ROLES = "draft_roles"
    MANAGE_SHIFTS = "manage_shifts"
    # Signing up oneself for shifts, recording one's own hours and choosing one's rewards.
    VOLUNTEER = "volunteer"
    # Reward choices and money are sensitive: only the person and organisers see them.
    MANAGE_REWARDS = "manage_rewards"
    # Running the buddy matcher, overriding it and publishing pairs.
    MANAGE_BUDDIES = "manage_buddies"
    # Co-planning: every member proposes, votes and comments as an equal partner.
    PLAN = "plan"
    # Recording a vote or comment given by phone, on paper or at a meeting.
    RECORD_FOR_OTHERS = "record_for_others"
    # Closing someone else's proposal (early only with a recorded reason).
    CLOSE_ANY_PROPOSAL = "close_any_proposal"
    MANAGE_PROGRAMME = "manage_programme"
    # Feedback and review: co-planners design forms with organisers and write the review
    # together; organisers type in paper and phone answers, share the review and plan again.
    DESIGN_FEEDBACK = "design_feedback"
    GIVE_FEEDBACK = "give_feedback"
    ENTER_FEEDBACK = "enter_feedback"
    VIEW_REVIEW = "view_review"
    EDIT_REVIEW = "edit_review"
    SHARE_REVIEW = "share_review"
    # The list of people to phone, write to or text by hand holds phone numbers: organisers.
    CONTACT_PEOPLE = "contact_people"


_EVERY_MEMBER = frozenset(Role)
_ORGANISERS = frozenset({Role.ORGANISER})

RULES: dict[Action, frozenset[Role]] = {
    Action.MANAGE_BOOKINGS: _ORGANISERS,
    Action.VIEW_ACCESS_NEEDS: _ORGANISERS,
    Action.MANAGE_CHECK_IN: _ORGANISERS,
    Action.CHECK_IN: frozenset({Role.ORGANISER, Role.DOOR}),
    Action.VIEW_FAIR: _EVERY_MEMBER,
    Action.EDIT_FAIR: _ORGANISERS,
    Action.VIEW_MEMBERS: _EVERY_MEMBER,
    Action.VIEW_MEMBER_GROUPS: _ORGANISERS,
    Action.MANAGE_MEMBERS: _ORGANISERS,
    Action.ISSUE_CARDS: _ORGANISERS,
    Action.VIEW_VENUES: frozenset({Role.ORGANISER, Role.CO_PLANNER, Role.VOLUNTEER}),
    Action.ASSESS_VENUES: frozenset({Role.ORGANISER, Role.CO_PLANNER, Role.VOLUNTEER}),
    Action.MANAGE_VENUES: frozenset({Role.ORGANISER, Role.CO_PLANNER}),
    Action.CHOOSE_VENUE: _ORGANISERS,
    Action.VIEW_VENUE_GAPS: frozenset({Role.ORGANISER, Role.CO_PLANNER}),
    Action.DRAFT_ROLES: frozenset({Role.ORGANISER, Role.CO_PLANNER}),
    Action.MANAGE_SHIFTS: _ORGANISERS,
    Action.VOLUNTEER: _EVERY_MEMBER,
    Action.MANAGE_REWARDS: _ORGANISERS,
    Action.MANAGE_BUDDIES: _ORGANISERS,
    Action.PLAN: _EVERY_MEMBER,
    Action.RECORD_FOR_OTHERS: frozenset({Role.ORGANISER, Role.CO_PLANNER}),
    Action.CLOSE_ANY_PROPOSAL: _ORGANISERS,
    Action.MANAGE_PROGRAMME: frozenset({Role.ORGANISER, Role.CO_PLANNER}),
    Action.DESIGN_FEEDBACK: frozenset({Role.ORGANISER, Role.CO_PLANNER}),
    Action.GIVE_FEEDBACK: _EVERY_MEMBER,
    Action.ENTER_FEEDBACK: _ORGANISERS,
    Action.VIEW_REVIEW: _EVERY_MEMBER,
    Action.EDIT_REVIEW: frozenset({Role.ORGANISER, Role.CO_PLANNER}),
    Action.SHARE_REVIEW: _ORGANISERS,
    Action.CONTACT_PEOPLE: _ORGANISERS,
}


@dataclass(frozen=True)
class FairAccess:
    """What one person is to one fair: their role, or organiser rights as an organisation admin."""

    fair: Fair
    person: Person
    membership: Membership | None
    org_admin: bool

    @property
    def role(self) -> Role | None:
        return self.membership.role if self.membership else None

    def allows(self, action: Action) -> bool:
        if self.org_admin:
            return True
        return self.role is not None and self.role in RULES[action]


async def fair_access(*, fair_id: int, person: Person) -> FairAccess:
    """Load a fair as seen by `person`. People outside it are refused before anything is read."""
    fair = await Fair.get_or_none(id=fair_id).prefetch_related("organisation")
    if fair is None:
        raise NotFound()
    membership = await Membership.get_or_none(fair_id=fair.id, person_id=person.id)
    org_admin = await is_org_admin(person=person, organisation_id=fair.organisation_id)  # type: ignore[attr-defined]
    access = FairAccess(fair=fair, person=person, membership=membership, org_admin=org_admin)
    if membership is None and not org_admin:
        raise PermissionDenied("Only people taking part in this fair can see it.")
    return access


def require(access: FairAccess, action: Action) -> None:
    if not access.allows(action):
        raise PermissionDenied()


async def is_org_admin(*, person: Person, organisation_id: int) -> bool:
    return await OrganisationAdmin.exists(person_id=person.id, organisation_id=organisation_id)


async def admin_organisation_ids(*, person: Person) -> list[int]:
    rows = await OrganisationAdmin.filter(person_id=person.id).values_list(
        "organisation_id", flat=True
    )
    return [int(str(r)) for r in rows]
