"""Every model, re-exported so Tortoise discovers them from one module."""

from fairplanner.models.access import PasswordReset, SignInCard, SignInFailure
from fairplanner.models.fairs import Fair, Invitation, Membership
from fairplanner.models.notifications import OutboxMessage
from fairplanner.models.people import Organisation, OrganisationAdmin, Person

__all__ = [
    "Fair",
    "Invitation",
    "Membership",
    "Organisation",
    "OrganisationAdmin",
    "OutboxMessage",
    "PasswordReset",
    "Person",
    "SignInCard",
    "SignInFailure",
]
