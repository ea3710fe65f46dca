"""Demo venues: three candidate places, two visits that disagree on a door, one photo, and
the hall the group chose (the demo fair's summary says it is at Riverside Community Hall)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from fairplanner.models import Fair, Person
from fairplanner.models.venues import AnswerState
from fairplanner.services import venue_photos, venues
from fairplanner.services.catalogues import ChecklistItem, checklist
from fairplanner.settings import Settings

# What Priya found at the hall; every other item gets a plausible "good" answer below.
HALL = {
    "GT01": "120",
    "GT02": "Routes 5 and 12 stop outside, every 15 minutes until 7pm",
    "GT03": "900",
    "PK01": "4",
    "PK02": "360",
    "PK03": "25",
    "EN02": "2",
    "EN04": "permanent",
    "EN05": "82",
    "EN06": "1",
    "MR06": "58",
    "HE01": "portable_loop",
    "CP01": "no",
    "CP02": "650",
    "FD01": "allergies,religious",
    "CM01": "https://example.org/riverside-hall-access",
    "EV04": "Staff check the toilets and the quiet room when the alarm sounds",
}
NOT_CHECKED = {"EV03", "TL03"}
# No Changing Places toilet in the hall, and no car park barrier: nothing to describe.
NOT_APPLICABLE = {"CP03", "PK05"}
LIBRARY = {
    "EN02": "0",
    "EN05": "76",
    "CI01": "no",
    "CI02": "yes",
    "CI03": "80",
    "HE01": "none",
    "ND01": "yes",
    "TL01": "1",
    "MR06": "42",
}


def _plausible(item: ChecklistItem) -> str:
    limits = checklist().thresholds
    if item.kind == "yes_no":
        return item.good[0] if item.good else "yes"
    if item.kind == "choice":
        return item.good[0] if item.good else item.choices[0][0]
    if item.kind == "multi":
        fine = [v for v, _ in item.choices if v not in item.bad_any]
        return ",".join(item.need_all or item.good_any[:2] or fine[:2])
    if item.min:
        return f"{(limits[item.min].default or 0) + 20:g}"
    if item.max:
        return f"{limits[item.max].default or 40:g}"
    return {"text": "Checked on the visit", "url": "https://example.org/access"}.get(
        item.kind, "30"
    )


async def _assess(venue: object, person: Person, answers: dict[str, str], *, full: bool) -> None:
    assessment = await venues.start_assessment(venue=venue, person=person)  # type: ignore[arg-type]
    for item in checklist().items:
        if full and item.code in NOT_CHECKED:
            state, value = AnswerState.NOT_CHECKED, ""
        elif full and item.code in NOT_APPLICABLE:
            state, value = AnswerState.NOT_APPLICABLE, ""
        elif item.code in answers:
            state, value = AnswerState.ANSWERED, answers[item.code]
        elif full:
            state, value = AnswerState.ANSWERED, _plausible(item)
        else:
            continue
        await venues.save_answer(
            assessment=assessment,
            item_code=item.code,
            state=state,
            value=value.split(",") if item.kind == "multi" else value,
        )


def _ramp_picture() -> bytes:
    """A simple drawing of a ramp up to a door, so the demo has a photo with alt text."""
    image = Image.new("RGB", (480, 320), (225, 235, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 60, 400, 260), fill=(11, 85, 99))
    draw.polygon([(40, 260), (300, 200), (300, 260)], fill=(150, 150, 150))
    draw.line([(40, 230), (300, 170)], fill=(40, 40, 40), width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def extend(fair: Fair, people: dict[str, Person]) -> None:
    organiser = await Person.get(email="organiser@example.org")
    hall = await venues.add_venue(
        fair=fair,
        details=venues.VenueDetails(
            name="Riverside Community Hall",
            address="12 Mill Lane, Riverside",
            postcode="RV1 4HL",
            contact="Jo at the hall office, 01632 960123",
            capacity=250,
            transport_notes="Buses 5 and 12 stop outside. Car park behind the hall.",
            access_info_url="https://example.org/riverside-hall-access",
            description="A bright main hall with a side room that can be the quiet room.",
            easy_read="A big hall with a quiet room. The bus stops outside.",
        ),
        by=organiser,
    )
    library = await venues.add_venue(
        fair=fair,
        details=venues.VenueDetails(
            name="Town Library Meeting Rooms",
            address="Market Square, Riverside",
            postcode="RV1 1AA",
            capacity=120,
        ),
        by=organiser,
    )
    await venues.add_venue(
        fair=fair,
        details=venues.VenueDetails(name="St Mark's Church Hall", postcode="RV2 7SM"),
        by=organiser,
    )
    await _assess(hall, people["Priya Shah"], HALL, full=True)
    # A second visit measured the door differently: the comparison shows both.
    await _assess(
        hall, people["Daniel Mensah"], {"EN05": "78", "HE01": "portable_loop"}, full=False
    )
    await _assess(library, people["Aisha Rahman"], LIBRARY, full=False)
    assessment = await venues.start_assessment(venue=hall, person=people["Priya Shah"])
    await venue_photos.add_photo(
        assessment=assessment,
        item_code="EN04",
        data=_ramp_picture(),
        alt="Drawing of a grey ramp with a handrail, leading up to the hall's blue door",
        data_dir=Settings.from_env().data_dir,
    )
    await venues.set_thresholds(fair=fair, values={"noise_max_db": 65})
    await venues.choose_venue(venue=hall)
