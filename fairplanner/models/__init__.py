"""Every model, re-exported so Tortoise discovers them from one module."""

from fairplanner.models.access import PasswordReset, SignInCard, SignInFailure
from fairplanner.models.audit import SensitiveRead
from fairplanner.models.buddies import (
    BuddyPair,
    BuddyProfile,
    PairingAudit,
    PairingRun,
    PairOverride,
)
from fairplanner.models.calendars import CalendarFeed, CalendarRevision
from fairplanner.models.checkin import CheckIn, CheckInList, DoorDevice, Presence
from fairplanner.models.fairs import Fair, Invitation, Membership
from fairplanner.models.feedback import (
    FeedbackAnswer,
    FeedbackForm,
    FeedbackQuestion,
    FeedbackReceipt,
    FeedbackResponse,
)
from fairplanner.models.notifications import ContactMessage, OutboxAttachment, OutboxMessage
from fairplanner.models.people import Organisation, OrganisationAdmin, Person
from fairplanner.models.planning import (
    AgendaItem,
    Comment,
    Decision,
    Option,
    PlanningAudit,
    Proposal,
    Task,
    Vote,
)
from fairplanner.models.planning_notices import NoticeDigest, NoticePreference, PendingNotice
from fairplanner.models.review import Review, ReviewEdit
from fairplanner.models.rewards import (
    Contribution,
    ExpenseClaim,
    FollowUp,
    RewardChoice,
)
from fairplanner.models.stalls import Opportunity, Stall
from fairplanner.models.tickets import BookingSettings, Registration, Ticket
from fairplanner.models.venues import Answer, Assessment, Photo, Venue, VenueThreshold
from fairplanner.models.volunteering import (
    Briefing,
    RoleVersion,
    Shift,
    Signup,
    VolunteeringSettings,
    VolunteerLimit,
    VolunteerRole,
    WaitlistEntry,
)

__all__ = [
    "AgendaItem",
    "Answer",
    "Assessment",
    "BookingSettings",
    "Briefing",
    "BuddyPair",
    "BuddyProfile",
    "CalendarFeed",
    "CalendarRevision",
    "CheckIn",
    "CheckInList",
    "Comment",
    "ContactMessage",
    "Contribution",
    "Decision",
    "DoorDevice",
    "ExpenseClaim",
    "Fair",
    "FeedbackAnswer",
    "FeedbackForm",
    "FeedbackQuestion",
    "FeedbackReceipt",
    "FeedbackResponse",
    "FollowUp",
    "Invitation",
    "Membership",
    "NoticeDigest",
    "NoticePreference",
    "Opportunity",
    "Option",
    "Organisation",
    "OrganisationAdmin",
    "OutboxAttachment",
    "OutboxMessage",
    "PairOverride",
    "PairingAudit",
    "PairingRun",
    "PasswordReset",
    "PendingNotice",
    "Person",
    "Photo",
    "PlanningAudit",
    "Presence",
    "Proposal",
    "Registration",
    "Review",
    "ReviewEdit",
    "RewardChoice",
    "RoleVersion",
    "SensitiveRead",
    "Shift",
    "SignInCard",
    "SignInFailure",
    "Signup",
    "Stall",
    "Task",
    "Ticket",
    "Venue",
    "VenueThreshold",
    "VolunteerLimit",
    "VolunteerRole",
    "VolunteeringSettings",
    "Vote",
    "WaitlistEntry",
]
