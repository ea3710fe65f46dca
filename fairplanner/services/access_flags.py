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
    return notes_for(
        show_at_door=registration.show_at_door,
        keys=registration.access_need_keys,
        companions=registration.companions,
    )


def notes_for(*, show_at_door: bool, keys: str, companions: int) -> list[str]:
    """The same notes from the raw columns (the check-in scan reads them without a model)."""
    if not show_at_door:
        return []
    needs = [k for k in keys.split(",") if k]
    notes = [DOOR_NOTES[k] for k in needs if k in DOOR_NOTES]
    if companions or "PA" in needs:
        notes.append(COMPANION_NOTE)
    return notes


def need_counts(registrations: list[Registration]) -> dict[str, int]:
    """How many people have each catalogue need: counts only, for organisers' planning."""
    counts: dict[str, int] = {}
    for registration in registrations:
        for key in registration.access_need_list:
            counts[key] = counts.get(key, 0) + 1
    return counts
