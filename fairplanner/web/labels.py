"""Words shown for stored values. Plain English; stored values stay stable."""

from __future__ import annotations

from fairplanner.models.enums import ContactChannel, Group, Phase, Role

ROLE_LABELS = {
    Role.ORGANISER: "Organiser",
    Role.CO_PLANNER: "Co-planner",
    Role.VOLUNTEER: "Volunteer",
    Role.DOOR: "Door volunteer",
    Role.EXHIBITOR: "Exhibitor",
}

GROUP_LABELS = {
    Group.SERVICE_USER: "Person who uses services",
    Group.CARER: "Carer",
    Group.PARTNER: "Partner organisation",
    Group.STAFF: "Staff",
}

PHASE_LABELS = {
    Phase.PLANNING: "Planning",
    Phase.PUBLISHED: "Published",
    Phase.LIVE: "On the day",
    Phase.REVIEW: "Review",
    Phase.CLOSED: "Closed",
}

CHANNEL_LABELS = {
    ContactChannel.EMAIL: "E-mail",
    ContactChannel.TEXT: "Text message",
    ContactChannel.PHONE: "Phone call",
    ContactChannel.POST: "Letter by post",
    ContactChannel.SUPPORTER: "Through my supporter or organisation",
}

FORMAT_LABELS = {
    "easy_read": "Easy read",
    "large_print": "Large print",
    "bsl": "British Sign Language (BSL)",
    "audio": "Audio",
}
