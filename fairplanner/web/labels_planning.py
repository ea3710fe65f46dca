"""Words shown for co-planning's stored values, in plain English."""

from __future__ import annotations

from fairplanner.models.planning import Channel, Method, TaskStatus, Topic
from fairplanner.models.stalls import OpportunityKind

TOPIC_LABELS = {
    Topic.VENUE: "Venue",
    Topic.DAY_STRUCTURE: "How the day runs",
    Topic.MARKETING: "Telling people about the fair",
    Topic.ROLES: "Volunteer roles",
    Topic.OTHER: "Something else",
}

METHOD_LABELS = {
    Method.CONSENT: "Consent: is everyone OK with one plan?",
    Method.DOT_VOTE: "Dot vote: spread some dots over the choices",
    Method.TIME_POLL: "Time poll: which times can people come?",
    Method.SCORE: "Score: give each choice 0 to 5",
}

METHOD_SHORT = {
    Method.CONSENT: "Consent",
    Method.DOT_VOTE: "Dot vote",
    Method.TIME_POLL: "Time poll",
    Method.SCORE: "Score",
}

METHOD_HINTS = {
    Method.CONSENT.value: "Fill in one choice: the plan. An objection stops it until it is solved.",
    Method.DOT_VOTE.value: "Like sticky dots at a meeting. Give at least 2 choices.",
    Method.TIME_POLL.value: "Each choice is a date and time. People answer yes, maybe or no.",
    Method.SCORE.value: "Good for comparing places or ideas. Give at least 2 choices.",
}

CHANNEL_LABELS = {
    Channel.ONLINE: "Online",
    Channel.PHONE: "By phone",
    Channel.PAPER: "On paper",
    Channel.MEETING: "At a meeting",
}

STATUS_LABELS = {
    "not_open": "Not open yet",
    "open": "Open for votes",
    "ended": "Voting ended: waiting for the decision",
    "closed": "Decided",
}

TASK_STATUS_LABELS = {
    TaskStatus.TO_DO: "Not started",
    TaskStatus.DOING: "In progress",
    TaskStatus.DONE: "Done",
}

ACCESS_FEATURE_LABELS = {
    "bsl": "BSL interpreted",
    "captioned": "Captioned",
    "quiet": "Quiet space",
    "hearing_loop": "Hearing loop",
}

OPPORTUNITY_LABELS = {
    OpportunityKind.JOB: "Jobs",
    OpportunityKind.COURSE: "Courses",
    OpportunityKind.VOLUNTEERING: "Volunteering",
    OpportunityKind.ACTIVITY: "Activities",
}

AUDIT_LABELS = {
    "vote": "Voted",
    "vote_changed": "Changed their vote",
    "comment": "Commented",
    "closed": "Closed the proposal",
    "edited": "Changed the proposal before anyone voted",
}

OPPORTUNITY_ONE = {
    OpportunityKind.JOB: "A job",
    OpportunityKind.COURSE: "A course",
    OpportunityKind.VOLUNTEERING: "Volunteering",
    OpportunityKind.ACTIVITY: "An activity",
}
