"""Every model, re-exported so Tortoise discovers them from one module."""

from fairplanner.models.access import PasswordReset, SignInCard, SignInFailure
from fairplanner.models.calendars import CalendarFeed, CalendarRevision
from fairplanner.models.fairs import Fair, Invitation, Membership
from fairplanner.models.notifications import OutboxMessage
from fairplanner.models.people import Organisation, OrganisationAdmin, Person
from fairplanner.models.tickets import BookingSettings, Registration, Ticket

__all__ = [
    "BookingSettings",
    "CalendarFeed",
    "CalendarRevision",
    "Fair",
    "Invitation",
    "Membership",
    "Organisation",
    "OrganisationAdmin",
    "OutboxMessage",
    "PasswordReset",
    "Person",
    "Registration",
    "SignInCard",
    "SignInFailure",
    "Ticket",
]
