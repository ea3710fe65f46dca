"""Venue pages over HTTP: adding, assessing item by item, photos, comparison, gaps, guide,
thresholds, export and import, and who may see what."""

from __future__ import annotations

import io
import json
import re

from PIL import Image

from fairplanner.models import Answer, Fair, Person, Photo, Registration, Task, Venue
from fairplanner.models.enums import Phase, Role
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus
from fairplanner.models.venues import AnswerState
from fairplanner.services import venues
from fairplanner.settings import Settings
from tests import factories
from tests.helpers import Browser, error_messages, field_value, new_browser
from tests.helpers import text_of as page_text


def text_of(response: object) -> str:
    """The page's text, without the spaces get_text puts before punctuation after a tag."""
    return re.sub(r"\s+([:.,)])", r"\1", page_text(response))  # type: ignore[arg-type]


async def _setup(browser: Browser) -> tuple[Fair, Person, Venue]:
    org, organiser = await factories.organiser()
    fair = await factories.fair(by=organiser, organisation=org)
    await browser.sign_in(organiser.email or "", factories.PASSWORD)
    venue = await venues.add_venue(
        fair=fair, details=venues.VenueDetails(name="Riverside Hall"), by=organiser
    )
    return fair, organiser, venue


async def test_an_organiser_adds_a_venue_and_bad_input_is_shown_again(browser: Browser) -> None:
    fair, _, _ = await _setup(browser)
    url = f"/fairs/{fair.id}/venues/new"
    page = await browser.post(
        url, {"name": "", "capacity": "lots", "access_info_url": "example.org", "postcode": "X1"}
    )
    assert page.status_code == 422
    assert error_messages(page) == {
        "name": "Enter the name of the venue",
        "capacity": "Enter how many people fit, as a number like 200",
    }
    assert field_value(page, "postcode") == "X1"
    page = await browser.post(url, {"name": "Town Library", "access_info_url": "example.org"})
    assert page.status_code == 422
    assert error_messages(page) == {
        "access_info_url": "Enter a web address that starts with https://"
    }
    assert not await Venue.filter(name="Town Library").exists()
    page = await browser.post(url, {"name": "Riverside Hall"})
    assert error_messages(page) == {"name": "This fair already has a venue with that name."}
    page = await browser.post(url, {"name": "Town Library", "capacity": "120"})
    assert page.status_code == 303
    detail = await browser.get(page.headers["location"])
    assert "Town Library" in text_of(detail)


async def test_an_assessment_goes_item_by_item_and_keeps_answers(browser: Browser) -> None:
    fair, _, venue = await _setup(browser)
    start = await browser.post(f"/fairs/{fair.id}/venues/{venue.id}/assess")
    assert start.status_code == 303
    overview = start.headers["location"]
    first = await browser.get(overview)
    assert "0 of 80 questions answered" in text_of(first)
    item = f"{overview}/items/EN05"
    page = await browser.get(item)
    assert "What is the clear opening width of the entrance door" in text_of(page)
    page = await browser.post(item, {"state": "answered", "value": "7600", "note": "Left leaf"})
    assert page.status_code == 422
    assert error_messages(page) == {
        "value": "Enter a measurement in centimetres (cm) between 0 and 1000"
    }
    assert field_value(page, "value") == "7600"
    assert field_value(page, "note") == "Left leaf"
    page = await browser.post(item, {"state": "answered", "value": "76", "note": "Left leaf"})
    assert page.status_code == 303
    assert page.headers["location"].endswith("/items/EN06")
    page = await browser.post(f"{overview}/items/EN01", {"answer": "not_checked"})
    assert page.status_code == 303
    page = await browser.post(f"{overview}/items/CP03", {"state": "answered", "value": ["hoist"]})
    assert page.status_code == 303
    back = await browser.get(overview)
    text = text_of(back)
    assert "3 of 80 questions answered" in text
    assert "Entrance door width: 76 cm" in text
    assert "Step-free entrance is the main entrance: not sure or not checked" in text
    assert "Continue where you left off" in text
    again = await browser.get(item)
    assert field_value(again, "value") == "76"


async def test_numbers_and_dates_no_one_could_measure_are_refused_with_the_answer_shown(
    browser: Browser,
) -> None:
    # float() reads "nan" and "inf", which the whole-number check then could not round (a
    # server error); a date with a 20-digit year overflowed date(), 5000 digits overflowed int().
    fair, _, venue = await _setup(browser)
    start = await browser.post(f"/fairs/{fair.id}/venues/{venue.id}/assess")
    overview = start.headers["location"]
    for value in ("nan", "inf", "-Infinity"):
        page = await browser.post(f"{overview}/items/PK01", {"state": "answered", "value": value})
        assert page.status_code == 422
        assert error_messages(page) == {"value": "Enter a whole number between 0 and 10000"}
        assert field_value(page, "value") == value
    for extra in ("1 1 99999999999999999999", "1 1 " + "9" * 5000):
        page = await browser.post(f"{overview}/items/HE01", {"answer": "none", "extra": extra})
        assert page.status_code == 422
        assert error_messages(page) == {"extra": "Enter a real date, like 14 3 2027"}
    assert not await Answer.exists(item_code__in=["PK01", "HE01"])


async def test_a_photo_needs_alt_text_and_the_right_type(browser: Browser) -> None:
    fair, organiser, venue = await _setup(browser)
    assessment = await venues.start_assessment(venue=venue, person=organiser)
    url = f"/fairs/{fair.id}/venues/{venue.id}/assessments/{assessment.id}/items/EN04/photos"
    token = await browser.token()
    png = io.BytesIO()
    Image.new("RGB", (30, 20), "navy").save(png, format="PNG")
    no_alt = await browser.client.post(
        url, data={"csrftoken": token, "alt": ""}, files={"photo": ("ramp.png", png.getvalue())}
    )
    assert no_alt.status_code == 422
    assert "alt" in error_messages(no_alt)
    wrong = await browser.client.post(
        url, data={"csrftoken": token, "alt": "A ramp"}, files={"photo": ("ramp.txt", b"hello")}
    )
    assert wrong.status_code == 422
    assert error_messages(wrong) == {"photo": "The photo must be a JPEG, PNG or WebP file"}
    assert field_value(wrong, "alt") == "A ramp"
    good = await browser.client.post(
        url, data={"csrftoken": token, "alt": "A ramp"}, files={"photo": ("r.png", png.getvalue())}
    )
    assert good.status_code == 303
    photo = await Photo.get(assessment_id=assessment.id)
    page = await browser.get(good.headers["location"])
    assert 'alt="A ramp"' in page.text
    # A NUL in the alt text was stored as it came: PostgreSQL refused it (a server error).
    nul = await browser.client.post(
        url,
        data={"csrftoken": token, "alt": "A\x00 ramp"},
        files={"photo": ("r.png", png.getvalue())},
    )
    assert nul.status_code == 303
    assert await Photo.filter(assessment_id=assessment.id, alt="A ramp").count() == 2
    image = await browser.get(f"/fairs/{fair.id}/venues/{venue.id}/photos/{photo.id}")
    assert image.headers["content-type"] == "image/jpeg"


def _broken_photos() -> list[bytes]:
    png = io.BytesIO()
    Image.new("RGB", (30, 20), "navy").save(png, format="PNG")
    data = png.getvalue()
    at = data.index(b"IDAT") - 4  # the image data's length, made wrong: a broken PNG
    broken_png = data[:at] + b"\x00\x00\x00\x05" + data[at + 4 :]
    exif = Image.Exif()
    exif[0x0112] = 6  # turned by the camera, so the orientation is applied
    exif[0x010F] = "Cam"  # the maker (text), renamed below to a tag that holds a number
    jpeg = io.BytesIO()
    Image.new("RGB", (30, 20), "navy").save(jpeg, format="JPEG", exif=exif.tobytes())
    wrong_exif = jpeg.getvalue().replace(b"\x01\x0f\x00\x02", b"\x01\x0a\x00\x02")
    return [broken_png, wrong_exif]


async def test_a_broken_photo_is_refused_with_the_description_kept(browser: Browser) -> None:
    # Pillow raised SyntaxError ("broken PNG file") and struct.error (an EXIF tag with the
    # wrong type of value, written back when the orientation is applied): server errors.
    fair, organiser, venue = await _setup(browser)
    assessment = await venues.start_assessment(venue=venue, person=organiser)
    url = f"/fairs/{fair.id}/venues/{venue.id}/assessments/{assessment.id}/items/EN04/photos"
    token = await browser.token()
    for data in _broken_photos():
        refused = await browser.client.post(
            url, data={"csrftoken": token, "alt": "A ramp"}, files={"photo": ("r.jpg", data)}
        )
        assert refused.status_code == 422
        assert error_messages(refused) == {"photo": "The photo must be a JPEG, PNG or WebP file"}
        assert field_value(refused, "alt") == "A ramp"
    assert not await Photo.exists()


async def _answer(venue: Venue, person: Person, answers: dict[str, str]) -> None:
    assessment = await venues.start_assessment(venue=venue, person=person)
    for code, value in answers.items():
        state = AnswerState.NOT_CHECKED if value == "?" else AnswerState.ANSWERED
        await venues.save_answer(assessment=assessment, item_code=code, state=state, value=value)


async def test_the_comparison_shows_words_and_facts_and_who_disagrees(browser: Browser) -> None:
    fair, organiser, venue = await _setup(browser)
    library = await venues.add_venue(
        fair=fair, details=venues.VenueDetails(name="Town Library"), by=organiser
    )
    await _answer(venue, organiser, {"EN05": "76", "HE01": "fixed_loop"})
    await _answer(library, organiser, {"EN05": "90", "HE01": "?"})
    volunteer = await factories.member(fair, Role.VOLUNTEER)
    await _answer(library, volunteer, {"EN05": "85"})
    page = await browser.get(f"/fairs/{fair.id}/venues/compare")
    assert page.status_code == 200
    text = text_of(page)
    assert "Possible barrier 76 cm (the fair asks for at least 80 cm)" in text
    assert "Answers differ:" in text
    assert f"Met 85 cm ({volunteer.name}" in text
    assert "Met Fixed loop" in text
    one = await browser.get(f"/fairs/{fair.id}/venues/compare?venue={library.id}")
    assert "Riverside Hall" not in " ".join(th.strip() for th in one.text.split("<th")[1:3])


async def test_the_gaps_page_counts_needs_without_names(browser: Browser) -> None:
    fair, organiser, venue = await _setup(browser)
    await _answer(venue, organiser, {"HE01": "none", "MR07": "yes"})
    await Registration.create(
        fair=fair,
        name="Hidden Person",
        access_need_keys="HL,W",
        source=RegistrationSource.PHONE,
        status=RegistrationStatus.BOOKED,
        submission_key="k1",
    )
    page = await browser.get(f"/fairs/{fair.id}/venues/{venue.id}/gaps")
    text = text_of(page)
    assert "Hidden Person" not in page.text
    assert "I use a hearing aid or a hearing loop. People who told us 1" in text
    assert "Hearing loop: None" in text
    assert "Hire a portable hearing loop" in text
    made = await browser.post(f"/fairs/{fair.id}/venues/{venue.id}/gaps/HL/task")
    assert made.status_code == 303
    assert await Task.filter(fair_id=fair.id, title__contains="hearing loop").count() == 1
    page = await browser.get(made.headers["location"])
    assert "This is already a task." in text_of(page)


async def test_thresholds_change_the_verdicts(browser: Browser) -> None:
    fair, organiser, venue = await _setup(browser)
    await _answer(venue, organiser, {"EN05": "85"})
    url = f"/fairs/{fair.id}/venues/thresholds"
    bad = await browser.post(url, {"door_width_min_cm": "wide"})
    assert bad.status_code == 422
    assert field_value(bad, "door_width_min_cm") == "wide"
    assert await venues.threshold_overrides(fair=fair) == {}
    for not_a_width in ("nan", "inf", "-1"):  # float() reads the first two
        refused = await browser.post(url, {"door_width_min_cm": not_a_width})
        assert refused.status_code == 422, not_a_width
        assert "door_width_min_cm" in error_messages(refused)
    assert await venues.threshold_overrides(fair=fair) == {}
    assert (await browser.post(url, {"door_width_min_cm": "90"})).status_code == 303
    page = await browser.get(f"/fairs/{fair.id}/venues/compare")
    assert "Possible barrier 85 cm (the fair asks for at least 90 cm)" in text_of(page)


async def test_export_then_import_through_the_pages(browser: Browser) -> None:
    fair, organiser, venue = await _setup(browser)
    await _answer(venue, organiser, {"EN05": "76", "AD01": "yes"})
    exported = await browser.get(f"/fairs/{fair.id}/venues/{venue.id}/venue.json")
    assert exported.headers["content-type"].startswith("application/geo+json")
    data = exported.json()
    tags = await browser.get(f"/fairs/{fair.id}/venues/{venue.id}/osm.txt")
    assert tags.text == "door:width=0.76\n"
    data["properties"]["name"] = "Riverside Hall (copy)"
    token = await browser.token()
    url = f"/fairs/{fair.id}/venues/import"
    bad = await browser.client.post(
        url, data={"csrftoken": token}, files={"file": ("v.json", b"{not json")}
    )
    assert bad.status_code == 422
    assert "file" in error_messages(bad)
    done = await browser.client.post(
        url, data={"csrftoken": token}, files={"file": ("v.json", json.dumps(data).encode())}
    )
    assert done.status_code == 303
    copy = await Venue.get(fair_id=fair.id, name="Riverside Hall (copy)")
    again = await browser.get(f"/fairs/{fair.id}/venues/{copy.id}/venue.json")
    assert again.json()["properties"]["accessibility"] == data["properties"]["accessibility"]


async def test_an_import_with_what_no_one_types_is_kept_as_plain_text_or_refused(
    browser: Browser,
) -> None:
    # Each of these was a server error: a thousand nested brackets (RecursionError, not a
    # ValueError), NUL and a lone surrogate in the file's text (PostgreSQL refuses NUL, no
    # database takes a surrogate), a postcode of 12 "ß" (24 characters in capitals), and an
    # importer with a 200-character name (the assessor's name, "... (imported)", was longer).
    fair, organiser, _ = await _setup(browser)
    organiser.name = "Ann " * 49 + "Lee."
    await organiser.save()
    token = await browser.token()
    url = f"/fairs/{fair.id}/venues/import"
    deep = await browser.client.post(
        url, data={"csrftoken": token}, files={"file": ("v.json", b"[" * 5000)}
    )
    assert deep.status_code == 422
    assert error_messages(deep) == {"file": "This file is not a venue export"}
    data = {
        "type": "Feature",
        "properties": {
            "name": "Mill\x00 Hall \ud800",
            "address": {"text": "1 Mill Lane\x00", "postalCode": "ß" * 12},
            "x-fairplanner": {
                "answers": {
                    "EN05": {"state": "answered", "value": "76\x00", "extra": ""},
                    "GT02": {"state": "answered", "value": "By the\x00 bus\udfff stop"},
                }
            },
        },
    }
    done = await browser.client.post(
        url, data={"csrftoken": token}, files={"file": ("v.json", json.dumps(data).encode())}
    )
    assert done.status_code == 303
    venue = await Venue.get(fair_id=fair.id, name="Mill Hall ?")
    assert (venue.address, venue.postcode) == ("1 Mill Lane", "S" * 12)
    answers = {a.item_code: a.value for a in await Answer.filter(assessment__venue_id=venue.id)}
    assert answers == {"EN05": "76", "GT02": "By the bus? stop"}


async def test_a_postcode_longer_in_capitals_is_refused_with_what_was_typed(
    browser: Browser,
) -> None:
    fair, _, _ = await _setup(browser)
    page = await browser.post(
        f"/fairs/{fair.id}/venues/new", {"name": "Town Library", "postcode": "ß" * 12}
    )
    assert page.status_code == 422
    assert error_messages(page) == {"postcode": "A postcode is 12 characters or fewer"}
    assert field_value(page, "postcode") == "ß" * 12
    assert not await Venue.filter(name="Town Library").exists()


async def test_the_public_guide_shows_the_chosen_venue_once_published(
    browser: Browser, settings: Settings
) -> None:
    fair, organiser, venue = await _setup(browser)
    await _answer(venue, organiser, {"EN05": "90", "ND01": "yes"})
    await venues.choose_venue(venue=venue)
    async with new_browser(settings) as visitor:
        assert (await visitor.get(f"/events/{fair.id}/access-guide")).status_code == 404
        await Fair.filter(id=fair.id).update(phase=Phase.PUBLISHED)
        page = await visitor.get(f"/events/{fair.id}/access-guide")
        assert page.status_code == 200
        text = text_of(page)
        assert "The entrance Entrance door width: 90 cm" in text
        assert "Quiet space Quiet room: Yes" in text
        fair_page = await visitor.get(f"/events/{fair.id}")
        assert "Read the access guide for Riverside Hall" in text_of(fair_page)


async def test_who_may_see_and_change_venues(browser: Browser, settings: Settings) -> None:
    fair, organiser, venue = await _setup(browser)
    door = await factories.member(fair, Role.DOOR)
    volunteer = await factories.member(fair, Role.VOLUNTEER)
    async with new_browser(settings) as other:
        await other.sign_in(door.email or "", factories.PASSWORD)
        assert (await other.get(f"/fairs/{fair.id}/venues")).status_code == 403
    async with new_browser(settings) as other:
        await other.sign_in(volunteer.email or "", factories.PASSWORD)
        assert (await other.get(f"/fairs/{fair.id}/venues/compare")).status_code == 200
        assert (await other.get(f"/fairs/{fair.id}/venues/{venue.id}/gaps")).status_code == 403
        assert (await other.get(f"/fairs/{fair.id}/venues/new")).status_code == 403
        start = await other.post(f"/fairs/{fair.id}/venues/{venue.id}/assess")
        assert start.status_code == 303
        # Someone else's assessment can be read, not changed.
        organisers = await venues.start_assessment(venue=venue, person=organiser)
        base = f"/fairs/{fair.id}/venues/{venue.id}/assessments/{organisers.id}"
        assert (await other.get(base)).status_code == 200
        assert (await other.get(f"{base}/items/EN05")).status_code == 403
