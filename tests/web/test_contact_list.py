"""The people-to-contact page: organisers only, mark done with a note, bad notes refused."""

from __future__ import annotations

from fairplanner.models import ContactMessage
from fairplanner.models.enums import ContactChannel, Role
from fairplanner.services import messaging
from fairplanner.services.messaging import Recipient
from tests import factories
from tests.helpers import Browser, error_messages, field_value, soup


async def _one_message(fair_id: int) -> int:
    delivery = await messaging.send(
        to=Recipient(name="Tom Fielding", channel=ContactChannel.PHONE, phone="01632 960002"),
        subject="Shift tomorrow",
        body="Your shift starts at 10am.",
        fair_id=fair_id,
        kind="reminder",
    )
    return delivery.message_id


async def test_organiser_sees_the_list_and_marks_a_message_done(db: str, browser: Browser) -> None:
    fair, boss, _ = await factories.light_fair_with()
    message_id = await _one_message(fair.id)
    await browser.sign_in(boss.email or "", factories.PASSWORD)

    page = await browser.get(f"/fairs/{fair.id}/contact-list")
    assert page.status_code == 200
    text = soup(page).get_text(" ", strip=True)
    assert "Tom Fielding: Shift tomorrow" in text
    assert "01632 960002" in text

    # The note is read past the form: a NUL in it was refused by PostgreSQL (a server error).
    done = await browser.post(
        f"/fairs/{fair.id}/contact-list/{message_id}/done", {"note": "Left a\x00 voicemail"}
    )
    assert done.status_code == 303
    after = await browser.get(done.headers["location"])
    assert "Nobody is waiting to be contacted." in after.text
    assert "Left a voicemail" in after.text


async def test_an_overlong_note_is_refused_and_shown_again(db: str, browser: Browser) -> None:
    fair, boss, _ = await factories.light_fair_with()
    message_id = await _one_message(fair.id)
    await browser.sign_in(boss.email or "", factories.PASSWORD)
    note = "x" * 301

    response = await browser.post(
        f"/fairs/{fair.id}/contact-list/{message_id}/done", {"note": note}
    )

    assert response.status_code == 400
    assert error_messages(response) == {
        f"note-{message_id}": "Keep the note to 300 characters or fewer"
    }
    assert field_value(response, "note") == note
    assert (await ContactMessage.get(id=message_id)).done_at is None


async def test_co_planners_cannot_see_phone_numbers_on_the_list(db: str, browser: Browser) -> None:
    fair, _, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    message_id = await _one_message(fair.id)
    await browser.sign_in(planner.email or "", factories.PASSWORD)

    assert (await browser.get(f"/fairs/{fair.id}/contact-list")).status_code == 403
    refused = await browser.post(f"/fairs/{fair.id}/contact-list/{message_id}/done", {})
    assert refused.status_code == 403
    assert (await ContactMessage.get(id=message_id)).done_at is None


async def test_a_message_of_another_fair_is_not_found(db: str, browser: Browser) -> None:
    fair, boss, _ = await factories.light_fair_with()
    other, _, _ = await factories.light_fair_with()
    message_id = await _one_message(other.id)
    await browser.sign_in(boss.email or "", factories.PASSWORD)

    response = await browser.post(f"/fairs/{fair.id}/contact-list/{message_id}/done", {})

    assert response.status_code == 404
    assert (await ContactMessage.get(id=message_id)).done_at is None
