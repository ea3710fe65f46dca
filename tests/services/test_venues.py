"""Venues against a real database: answers, thresholds, gaps counts, tasks, open data, photos."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image

from fairplanner.errors import DomainError
from fairplanner.models import Answer, Fair, Person, Photo, Registration, Task, Venue
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.models.venues import AnswerState
from fairplanner.services import venue_opendata, venue_photos, venue_reports, venues
from fairplanner.services.venue_scoring import Status
from tests import factories
from tests.helpers import loop_turns_while

ANSWERED = AnswerState.ANSWERED


async def _fair() -> tuple[Fair, Person]:
    org, organiser = await factories.organiser()
    return await factories.fair(by=organiser, organisation=org), organiser


async def _venue(fair: Fair, by: Person, name: str = "Riverside Hall") -> Venue:
    return await venues.add_venue(
        fair=fair, details=venues.VenueDetails(name=name, postcode="rv1 2ab"), by=by
    )


async def _register(fair: Fair, needs: str, status: RegistrationStatus, n: int) -> None:
    await Registration.bulk_create(
        [
            Registration(
                fair=fair,
                name=f"Attendee {i}",
                access_need_keys=needs,
                source=RegistrationSource.ONLINE,
                status=status,
                submission_key=f"{needs}-{status}-{i}",
            )
            for i in range(n)
        ]
    )


async def test_a_venue_name_is_unique_in_a_fair(db: str) -> None:
    fair, organiser = await _fair()
    venue = await _venue(fair, organiser)
    assert venue.postcode == "RV1 2AB"
    with pytest.raises(DomainError) as error:
        await _venue(fair, organiser)
    assert error.value.code == "venue_name_taken"
    assert error.value.field == "name"


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("EN05", "-5", "Enter a measurement in centimetres (cm) between 0 and 1000"),
        ("EN05", "7600", "Enter a measurement in centimetres (cm) between 0 and 1000"),
        ("PK03", "far", "Enter a distance in metres (m) between 0 and 50000"),
        ("TL01", "1.5", "Enter a whole number between 0 and 10000"),
        ("MR06", "200", "Enter a sound level in dB(A) between 0 and 140"),
        ("CM01", "example.org", "Enter a web address that starts with https://"),
        ("HE01", "loud", "Choose an answer"),
    ],
)
async def test_implausible_answers_are_refused_with_the_unit_and_nothing_changes(
    db: str, code: str, value: str, message: str
) -> None:
    fair, organiser = await _fair()
    assessment = await venues.start_assessment(
        venue=await _venue(fair, organiser), person=organiser
    )
    await venues.save_answer(assessment=assessment, item_code="EN01", state=ANSWERED, value="yes")
    with pytest.raises(DomainError) as error:
        await venues.save_answer(assessment=assessment, item_code=code, state=ANSWERED, value=value)
    assert error.value.message == message
    assert error.value.field == "value"
    assert [a.item_code for a in await Answer.filter(assessment_id=assessment.id)] == ["EN01"]


async def test_answers_are_saved_one_at_a_time_and_can_be_changed(db: str) -> None:
    fair, organiser = await _fair()
    venue = await _venue(fair, organiser)
    assessment = await venues.start_assessment(venue=venue, person=organiser)
    again = await venues.start_assessment(venue=venue, person=organiser)
    assert again.id == assessment.id  # resumed, not a second assessment
    await venues.save_answer(
        assessment=assessment, item_code="EN05", state=ANSWERED, value="76 cm", note="Left leaf"
    )
    await venues.save_answer(assessment=assessment, item_code="EN05", state=ANSWERED, value="81")
    answers = await venues.answers_of(assessment=assessment)
    assert answers["EN05"].value == "81"
    assert venues.first_unanswered(answers).code == "GT01"  # type: ignore[union-attr]
    await venues.save_answer(
        assessment=assessment, item_code="CP03", state=ANSWERED, value=["bench", "hoist"]
    )
    await venues.save_answer(
        assessment=assessment,
        item_code="HE01",
        state=ANSWERED,
        value="fixed_loop",
        extra="3/2/2027",
    )
    answers = await venues.answers_of(assessment=assessment)
    assert answers["CP03"].value == "hoist,bench"  # catalogue order
    assert answers["HE01"].extra == "2027-02-03"


async def test_choosing_a_venue_unchooses_the_last_one(db: str) -> None:
    fair, organiser = await _fair()
    first, second = await _venue(fair, organiser), await _venue(fair, organiser, "Town Library")
    await venues.choose_venue(venue=first)
    await venues.choose_venue(venue=second)
    assert (await venues.chosen_venue(fair=fair)).id == second.id  # type: ignore[union-attr]
    assert await Venue.filter(fair_id=fair.id, chosen=True).count() == 1


async def test_thresholds_are_per_fair(db: str) -> None:
    fair, _ = await _fair()
    other, _ = await _fair()
    await venues.set_thresholds(fair=fair, values={"door_width_min_cm": 90})
    assert await venues.threshold_overrides(fair=fair) == {"door_width_min_cm": 90}
    assert await venues.threshold_overrides(fair=other) == {}
    await venues.set_thresholds(fair=fair, values={"door_width_min_cm": None})
    assert await venues.threshold_overrides(fair=fair) == {}
    with pytest.raises(DomainError):
        await venues.set_thresholds(fair=fair, values={"door_width_min_cm": -1})


async def test_gaps_count_stated_needs_of_bookings_only(db: str) -> None:
    fair, organiser = await _fair()
    venue = await _venue(fair, organiser)
    assessment = await venues.start_assessment(venue=venue, person=organiser)
    await venues.save_answer(assessment=assessment, item_code="HE01", state=ANSWERED, value="none")
    await venues.save_answer(assessment=assessment, item_code="MR07", state=ANSWERED, value="yes")
    await venues.save_answer(assessment=assessment, item_code="HE02", state=ANSWERED, value="yes")
    await _register(fair, "HL,BSL", RegistrationStatus.BOOKED, 3)
    await _register(fair, "HL", RegistrationStatus.OFFERED, 1)
    await _register(fair, "HL", RegistrationStatus.CANCELLED, 5)  # not coming: not counted
    await _register(fair, "", RegistrationStatus.BOOKED, 2)
    report = await venue_reports.gaps(fair=fair, venue=venue)
    assert report.registrations == 6
    rows = {g.result.need.code: g for g in report.rows}
    assert set(rows) == {"HL", "BSL"}
    assert rows["HL"].people == 4
    assert rows["HL"].result.status == Status.BARRIER
    assert rows["HL"].is_gap
    assert rows["BSL"].people == 3
    assert rows["BSL"].result.status == Status.MET
    assert not rows["BSL"].is_gap


async def test_a_gap_becomes_a_task_once(db: str) -> None:
    fair, organiser = await _fair()
    venue = await _venue(fair, organiser)
    task = await venue_reports.make_task(fair=fair, venue=venue, need_code="HL", by=organiser)
    assert (
        task.title
        == "Riverside Hall: Hire a portable hearing loop and test it before the doors open."
    )
    assert await venue_reports.tasks_made(fair=fair, venue=venue) == {"HL"}
    with pytest.raises(DomainError) as error:
        await venue_reports.make_task(fair=fair, venue=venue, need_code="HL", by=organiser)
    assert error.value.code == "task_exists"
    assert await Task.filter(fair_id=fair.id).count() == 1


async def test_export_and_import_round_trip(db: str) -> None:
    fair, organiser = await _fair()
    venue = await _venue(fair, organiser)
    assessment = await venues.start_assessment(venue=venue, person=organiser)
    for code, value in [("EN05", "76"), ("EN02", "2"), ("AD01", "yes"), ("MR06", "55")]:
        await venues.save_answer(assessment=assessment, item_code=code, state=ANSWERED, value=value)
    await venues.save_answer(
        assessment=assessment, item_code="HE01", state=ANSWERED, value="portable_loop"
    )
    await venues.save_answer(assessment=assessment, item_code="TL01", state=AnswerState.NOT_CHECKED)
    data, tags = await venue_opendata.export(venue=venue)
    access = data["properties"]["accessibility"]
    assert access["entrances"][0]["door"]["width"] == {"value": 76, "unit": "cm"}
    assert access["entrances"][0]["stairs"]["count"] == 2
    assert access["animalPolicy"]["allowsAssistanceDogs"] is True
    assert access["hasInductionLoop"] is True
    assert access["ambientNoiseLevel"] == {"value": 55, "unit": "dB(A)"}
    assert tags == {"door:width": "0.76", "hearing_loop": "yes"}

    other, other_organiser = await _fair()
    imported = await venue_opendata.import_venue(fair=other, data=data, by=other_organiser)
    assert imported.name == "Riverside Hall"
    again, again_tags = await venue_opendata.export(venue=imported)
    assert again == data
    assert again_tags == tags


async def test_import_refuses_a_file_that_is_not_an_export_or_has_bad_values(db: str) -> None:
    fair, organiser = await _fair()
    with pytest.raises(DomainError) as error:
        await venue_opendata.import_venue(fair=fair, data={"type": "Feature"}, by=organiser)
    assert error.value.code == "bad_import"
    bad = {
        "properties": {
            "name": "Bad Hall",
            "x-fairplanner": {"answers": {"EN05": {"state": "answered", "value": "9000"}}},
        }
    }
    with pytest.raises(DomainError) as error:
        await venue_opendata.import_venue(fair=fair, data=bad, by=organiser)
    assert "EN05" in error.value.message
    assert not await Venue.filter(fair_id=fair.id).exists()


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (60, 40), "teal")
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo: where the photo was taken
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


async def test_photos_are_reencoded_without_metadata(db: str, tmp_path: Path) -> None:
    fair, organiser = await _fair()
    assessment = await venues.start_assessment(
        venue=await _venue(fair, organiser), person=organiser
    )
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    photo = await venue_photos.add_photo(
        assessment=assessment, item_code="EN04", data=original, alt="Ramp", data_dir=tmp_path
    )
    stored = (venue_photos.photo_dir(tmp_path) / photo.filename).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert image.size == (60, 40)
    assert b"PhoneMaker" not in stored


async def test_a_big_photo_is_reencoded_without_holding_up_other_requests(
    db: str, tmp_path: Path
) -> None:
    fair, organiser = await _fair()
    assessment = await venues.start_assessment(
        venue=await _venue(fair, organiser), person=organiser
    )
    # A phone-sized photo of noise (noise does not compress, so the work is real).
    out = io.BytesIO()
    Image.frombytes("RGB", (3000, 2000), random.Random(7).randbytes(3000 * 2000 * 3)).save(
        out, format="JPEG", quality=90
    )

    turns = await loop_turns_while(
        venue_photos.add_photo(
            assessment=assessment,
            item_code="EN04",
            data=out.getvalue(),
            alt="Hall",
            data_dir=tmp_path,
        )
    )

    # About 0.2 s of decoding, scaling and encoding: on the event loop, nothing else would run.
    assert turns >= 5
    photo = await Photo.get(assessment_id=assessment.id)
    assert (photo.width, photo.height) == (2000, 1333)


@pytest.mark.parametrize(
    ("data", "alt", "code"),
    [
        (b"GIF89a" + b"\0" * 100, "A door", "photo_type"),
        (b"not an image at all", "A door", "photo_type"),
        (b"x" * (venue_photos.MAX_BYTES + 1), "A door", "photo_too_big"),
        (_jpeg_with_gps(), "  ", "alt_missing"),
    ],
)
async def test_wrong_photos_are_refused_before_anything_is_stored(
    db: str, tmp_path: Path, data: bytes, alt: str, code: str
) -> None:
    fair, organiser = await _fair()
    assessment = await venues.start_assessment(
        venue=await _venue(fair, organiser), person=organiser
    )
    with pytest.raises(DomainError) as error:
        await venue_photos.add_photo(
            assessment=assessment, item_code="EN04", data=data, alt=alt, data_dir=tmp_path
        )
    assert error.value.code == code
    assert not await Photo.exists()
    assert not venue_photos.photo_dir(tmp_path).exists()
