"""Signing in and out, password resets, sign-in cards, and a person's own account page,
through real HTTP requests against the app and a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fairplanner.models import OutboxMessage, PasswordReset, Person, SignInFailure
from fairplanner.services import cards
from fairplanner.services.clock import now
from fairplanner.settings import Settings
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import Browser, error_messages, field_value, links_in, new_browser, text_of


async def _is_signed_in(browser: Browser) -> bool:
    response = await browser.get("/fairs/")
    return response.status_code == 200


async def _reset_link(browser: Browser, email: str) -> str:
    response = await browser.post("/forgot-password", {"email": email})
    assert response.status_code == 200
    message = await OutboxMessage.filter(to_address=email).order_by("-id").first()
    assert message is not None
    return links_in(message.body)[0].removeprefix("http://testserver")


# Signing in with a password


async def test_sign_in_with_the_right_password_goes_to_my_fairs(browser: Browser) -> None:
    person = await factories.light_person(name="Lee Jones", email="lee@example.org")

    response = await browser.post("/sign-in", {"email": "LEE@example.org", "password": PASSWORD})

    assert response.status_code == 303
    assert response.headers["location"] == "/fairs/"
    page = await browser.get("/fairs/")
    assert person.name in page.text


async def test_sign_in_returns_to_the_page_asked_for(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")

    response = await browser.post(
        "/sign-in?next=/account", {"email": "lee@example.org", "password": PASSWORD}
    )

    assert response.headers["location"] == "/account"


async def test_sign_in_never_redirects_to_another_site(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")

    response = await browser.post(
        "/sign-in?next=//evil.example/phish", {"email": "lee@example.org", "password": PASSWORD}
    )

    assert response.headers["location"] == "/fairs/"


async def test_sign_in_with_empty_fields_shows_a_message_for_each(browser: Browser) -> None:
    response = await browser.post("/sign-in", {"email": "", "password": ""})

    assert response.status_code == 422
    assert error_messages(response) == {
        "email": "Enter your e-mail address",
        "password": "Enter your password",
    }
    assert await SignInFailure.all().count() == 0


async def test_sign_in_with_a_wrong_password_keeps_the_email_but_not_the_password(
    browser: Browser,
) -> None:
    await factories.light_person(email="lee@example.org")

    response = await browser.post(
        "/sign-in", {"email": "lee@example.org", "password": "my-wrong-secret"}
    )

    assert response.status_code == 422
    assert error_messages(response) == {
        "email": "The e-mail address or password is not right. Check them and try again."
    }
    assert field_value(response, "email") == "lee@example.org"
    assert "my-wrong-secret" not in response.text
    assert not await _is_signed_in(browser)


async def test_sixth_sign_in_after_five_failures_is_refused_even_with_the_right_password(
    browser: Browser,
) -> None:
    await factories.light_person(email="lee@example.org")
    for _ in range(5):
        failed = await browser.post("/sign-in", {"email": "lee@example.org", "password": "nope"})
        assert failed.status_code == 422

    response = await browser.post("/sign-in", {"email": "lee@example.org", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many tries. Please wait 15 minutes and try again" in text_of(response)
    assert "Traceback" not in response.text
    assert not await _is_signed_in(browser)


async def test_sign_out_ends_the_session(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)

    response = await browser.post("/sign-out")
    home = await browser.get(response.headers["location"])

    assert response.status_code == 303
    assert "You have signed out." in home.text
    assert not await _is_signed_in(browser)


async def test_pages_that_need_an_account_send_people_to_sign_in(browser: Browser) -> None:
    response = await browser.get("/account")

    assert response.status_code == 303
    assert response.headers["location"] == "http://testserver/sign-in?next=/account"


# Password reset


async def test_forgot_password_with_a_bad_address_says_what_to_type(browser: Browser) -> None:
    response = await browser.post("/forgot-password", {"email": "lee at example"})

    assert response.status_code == 422
    assert error_messages(response) == {"email": "Enter an e-mail address like name@example.com"}
    assert field_value(response, "email") == "lee at example"
    assert await OutboxMessage.all().count() == 0


async def test_forgot_password_for_an_unknown_address_looks_the_same_and_sends_nothing(
    browser: Browser,
) -> None:
    response = await browser.post("/forgot-password", {"email": "nobody@example.org"})

    assert response.status_code == 200
    assert "Check your e-mail" in response.text
    assert await OutboxMessage.all().count() == 0


async def test_password_reset_link_sets_a_new_password_and_signs_in(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")
    link = await _reset_link(browser, "lee@example.org")

    form = await browser.get(link)
    response = await browser.post(link, {"password": "a brand new password"})

    assert form.status_code == 200
    assert response.status_code == 303
    assert await _is_signed_in(browser)


async def test_password_reset_makes_the_new_password_work_and_the_old_one_fail(
    browser: Browser, settings: Settings
) -> None:
    await factories.light_person(email="lee@example.org")
    link = await _reset_link(browser, "lee@example.org")
    await browser.post(link, {"password": "a brand new password"})

    async with new_browser(settings) as other:
        old = await other.post("/sign-in", {"email": "lee@example.org", "password": PASSWORD})
        new = await other.post(
            "/sign-in", {"email": "lee@example.org", "password": "a brand new password"}
        )

    assert old.status_code == 422
    assert new.status_code == 303


async def test_password_reset_signs_out_sessions_elsewhere(
    browser: Browser, settings: Settings
) -> None:
    await factories.light_person(email="lee@example.org")
    async with new_browser(settings) as elsewhere:
        await elsewhere.sign_in("lee@example.org", PASSWORD)
        assert await _is_signed_in(elsewhere)
        link = await _reset_link(browser, "lee@example.org")

        await browser.post(link, {"password": "a brand new password"})

        assert not await _is_signed_in(elsewhere)
    assert await _is_signed_in(browser)


async def test_used_password_reset_link_says_so_plainly(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")
    link = await _reset_link(browser, "lee@example.org")
    await browser.post(link, {"password": "a brand new password"})

    response = await browser.get(link)

    assert response.status_code == 410
    assert "This password reset link has expired or has been used already." in text_of(response)


async def test_expired_password_reset_link_says_so_plainly(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")
    link = await _reset_link(browser, "lee@example.org")
    await PasswordReset.all().update(expires_at=now() - timedelta(minutes=1))

    response = await browser.post(link, {"password": "a brand new password"})

    assert response.status_code == 410
    assert "You can ask for a new link." in text_of(response)


async def test_garbled_password_reset_link_says_so_plainly(browser: Browser) -> None:
    await factories.light_person(email="lee@example.org")
    link = await _reset_link(browser, "lee@example.org")

    response = await browser.get(link[:-4])

    assert response.status_code == 410
    assert "It may have been copied wrongly." in text_of(response)


async def test_password_reset_with_a_short_password_asks_again_and_keeps_the_link(
    browser: Browser,
) -> None:
    person = await factories.light_person(email="lee@example.org")
    link = await _reset_link(browser, "lee@example.org")

    response = await browser.post(link, {"password": "short"})

    assert response.status_code == 422
    assert error_messages(response) == {
        "password": "Your password must be at least 10 characters long"
    }
    assert (await Person.get(id=person.id)).password_hash == person.password_hash
    assert (await browser.get(link)).status_code == 200


# Sign-in cards


async def _card(pin: str = "") -> tuple[Person, str]:
    _, organiser = await factories.light_organiser()
    member = await Person.create(name="Tom Fielding")
    _, code = await factories.light_card(person=member, issued_by=organiser, pin=pin)
    return member, code


def _as_typed(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()


async def test_card_code_typed_in_lower_case_with_spaces_signs_in(browser: Browser) -> None:
    member, code = await _card()

    response = await browser.post("/sign-in/card", {"code": _as_typed(code), "pin": ""})

    assert response.status_code == 303
    assert response.headers["location"] == "http://testserver/fairs/"
    assert member.name in (await browser.get("/fairs/")).text


async def test_card_with_a_pin_needs_the_pin(browser: Browser) -> None:
    _, code = await _card(pin="4821")

    without = await browser.post("/sign-in/card", {"code": code, "pin": ""})
    wrong = await browser.post("/sign-in/card", {"code": code, "pin": "1111"})
    right = await browser.post("/sign-in/card", {"code": code, "pin": "4821"})

    assert without.status_code == 422
    assert error_messages(without) == {"pin": "That PIN is not right. Try again."}
    assert field_value(without, "code") == code  # the code is kept, the PIN is not
    assert wrong.status_code == 422
    assert right.status_code == 303


async def test_revoked_card_is_refused_with_a_plain_message(browser: Browser) -> None:
    member, code = await _card()
    await cards.revoke_cards(person=member)

    response = await browser.post("/sign-in/card", {"code": code, "pin": ""})

    assert response.status_code == 422
    assert error_messages(response) == {
        "code": "This card does not work any more. Please ask an organiser for a new card."
    }
    assert not await _is_signed_in(browser)


async def test_card_sign_in_with_no_code_asks_for_it(browser: Browser) -> None:
    response = await browser.post("/sign-in/card", {"code": "", "pin": ""})

    assert response.status_code == 422
    assert error_messages(response) == {"code": "Enter the code on your card"}


async def test_opening_a_card_link_never_signs_in_by_itself(browser: Browser) -> None:
    member, code = await _card()

    page = await browser.get(f"/sign-in/card/{code}")

    assert page.status_code == 200
    assert "Hello Tom" in page.text
    assert not await _is_signed_in(browser)
    signed = await browser.post(f"/sign-in/card/{code}")
    assert signed.status_code == 303
    assert member.name in (await browser.get("/fairs/")).text


# The account page


async def test_account_details_with_a_bad_email_show_what_was_typed(browser: Browser) -> None:
    person = await factories.light_person(name="Lee Jones", email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)

    response = await browser.post(
        "/account", {"name": "Lee Jonas", "email": "lee-at-example", "phone": "", "pronouns": ""}
    )

    assert response.status_code == 422
    assert error_messages(response) == {"email": "Enter an e-mail address like name@example.com"}
    assert field_value(response, "name") == "Lee Jonas"
    assert field_value(response, "email") == "lee-at-example"
    assert (await Person.get(id=person.id)).name == "Lee Jones"


async def test_account_details_are_saved(browser: Browser) -> None:
    person = await factories.light_person(email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)

    response = await browser.post(
        "/account",
        {
            "name": "Lee Jonas",
            "email": "lee@example.org",
            "phone": "0161 496 0000",
            "pronouns": "they/them",
        },
    )

    assert response.status_code == 303
    stored = await Person.get(id=person.id)
    assert (stored.name, stored.phone, stored.pronouns) == (
        "Lee Jonas",
        "0161 496 0000",
        "they/them",
    )


async def test_account_contact_choice_is_saved(browser: Browser) -> None:
    person = await factories.light_person(email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)

    response = await browser.post(
        "/account", {"part": "contact", "contact_channel": "text", "formats": ["bsl", "easy_read"]}
    )

    assert response.status_code == 303
    stored = await Person.get(id=person.id)
    assert stored.contact_channel.value == "text"
    assert stored.format_list == ["bsl", "easy_read"]


@pytest.mark.parametrize("channel", ["", "pigeon"])
async def test_account_contact_choice_must_be_one_offered(browser: Browser, channel: str) -> None:
    person = await factories.light_person(email="lee@example.org")
    await browser.sign_in("lee@example.org", PASSWORD)

    response = await browser.post("/account", {"part": "contact", "contact_channel": channel})

    assert response.status_code == 422
    assert "contact_channel" in error_messages(response)
    assert (await Person.get(id=person.id)).contact_channel == person.contact_channel
