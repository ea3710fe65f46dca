"""Short notes the door team may see about an attendee, only when the attendee said yes.

Each note is a few plain words, never the attendee's own description of their needs.
"""

from __future__ import annotations

from fairplanner.models import Registration

# Catalogue codes (fairplanner/data/access_needs.toml) that change how the door greets someone.
DOOR_NOTES = {
    "Q": "Needs a quiet space",
    "W": "Uses a wheelchair",
    "S": "Cannot use steps",
    "V": "Blind or partially sighted",
    "HL": "Uses a hearing loop",
    "BSL": "Uses British Sign Language",
    "LR": "Lipreads",
    "AD": "Has an assistance dog",
    "MEET": "Would like to be met",
    "EV": "May need help in an emergency",
}
COMPANION_NOTE = "Coming with a carer"


def door_notes(registration: Registration) -> list[str]:
    if not registration.show_at_door:
        return []
    notes = [DOOR_NOTES[k] for k in registration.access_need_list if k in DOOR_NOTES]
    if registration.companions or "PA" in registration.access_need_list:
        notes.append(COMPANION_NOTE)
    return notes


def need_counts(registrations: list[Registration]) -> dict[str, int]:
    """How many people have each catalogue need: counts only, for organisers' planning."""
    counts: dict[str, int] = {}
    for registration in registrations:
        for key in registration.access_need_list:
            counts[key] = counts.get(key, 0) + 1
    return counts
