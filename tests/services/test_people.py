"""People's accounts: creating them, signing in, password resets and preferences."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fairplanner.errors import DomainError, LinkExpired, RateLimited
from fairplanner.models import OutboxMessage, PasswordReset, Person, SignInFailure
from fairplanner.models.enums import ContactChannel, TextSize
from fairplanner.services import people
from fairplanner.services.clock import now
from fairplanner.services.passwords import verify_password
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import links_in

RESET_URL = "http://testserver/reset-password/{token}"
LIMITS = {"limit": 5, "window_minutes": 15}


async def _reset_token(email: str) -> str:
    await people.request_password_reset(email=email, reset_url=RESET_URL)
    message = await OutboxMessage.filter(to_address=email).order_by("-id").first()
    assert message is not None
    return links_in(message.body)[0].rsplit("/", 1)[1]


async def test_create_person_stores_a_lower_case_email_and_a_hash_not_the_password(
    db: str,
) -> None:
    person = await people.create_person(
        name="  Amira Khan ", email=" Amira@Example.ORG ", password=PASSWORD
    )

    stored = await Person.get(id=person.id)
    assert stored.name == "Amira Khan"
    assert stored.email == "amira@example.org"
    assert PASSWORD not in stored.password_hash
    assert verify_password(stored.password_hash, PASSWORD)


async def test_create_person_refuses_a_short_password_and_saves_nothing(db: str) -> None:
    with pytest.raises(DomainError) as caught:
        await people.create_person(name="Amira", email="amira@example.org", password="short")

    assert (caught.value.code, caught.value.field) == ("weak_password", "password")
    assert await Person.all().count() == 0


async def test_create_person_refuses_an_email_someone_already_has(db: str) -> None:
    await factories.light_person(email="sam@example.org")

    with pytest.raises(DomainError) as caught:
        await people.create_person(name="Sam Two", email="SAM@example.org")

    assert caught.value.code == "email_taken"
    assert await Person.filter(email="sam@example.org").count() == 1


async def test_create_person_without_email_is_contacted_through_a_supporter(db: str) -> None:
    person = await people.create_person(name="Tom Fielding")

    assert person.email is None
    assert person.password_hash == ""
    assert person.contact_channel == ContactChannel.SUPPORTER


async def test_authenticate_accepts_the_right_password_in_any_email_case(db: str) -> None:
    person = await factories.light_person(email="lee@example.org")

    found = await people.authenticate(
        email=" LEE@example.org", password=PASSWORD, address="10.0.0.1", **LIMITS
    )

    assert found.id == person.id


async def test_authenticate_refuses_a_wrong_password_and_counts_the_failure(db: str) -> None:
    await factories.light_person(email="lee@example.org")

    with pytest.raises(DomainError) as caught:
        await people.authenticate(
            email="lee@example.org", password="wrong password", address="10.0.0.1", **LIMITS
        )

    assert caught.value.code == "sign_in_failed"
    assert await SignInFailure.filter(key="account:lee@example.org").count() == 1


async def test_authenticate_gives_the_same_answer_for_an_unknown_email(db: str) -> None:
    with pytest.raises(DomainError) as caught:
        await people.authenticate(
            email="nobody@example.org", password=PASSWORD, address="10.0.0.1", **LIMITS
        )

    # Same words as a wrong password: nobody can probe which addresses have accounts.
    assert caught.value.code == "sign_in_failed"


async def test_authenticate_after_five_failures_refuses_even_the_right_password(db: str) -> None:
    await factories.light_person(email="lee@example.org")
    for attempt in range(5):
        with pytest.raises(DomainError):
            await people.authenticate(
                email="lee@example.org", password="wrong", address=f"10.0.0.{attempt}", **LIMITS
            )

    with pytest.raises(RateLimited) as caught:
        await people.authenticate(
            email="lee@example.org", password=PASSWORD, address="10.0.1.1", **LIMITS
        )

    assert "Please wait 15 minutes" in caught.value.message


async def test_authenticate_success_clears_the_account_failures(db: str) -> None:
    await factories.light_person(email="lee@example.org")
    with pytest.raises(DomainError):
        await people.authenticate(
            email="lee@example.org", password="wrong", address="10.0.0.1", **LIMITS
        )

    await people.authenticate(
        email="lee@example.org", password=PASSWORD, address="10.0.0.1", **LIMITS
    )

    assert await SignInFailure.filter(key="account:lee@example.org").count() == 0
    assert await SignInFailure.filter(key="address:10.0.0.1").count() == 1


async def test_password_reset_request_for_unknown_email_sends_nothing(db: str) -> None:
    await people.request_password_reset(email="nobody@example.org", reset_url=RESET_URL)

    assert await OutboxMessage.all().count() == 0
    assert await PasswordReset.all().count() == 0


async def test_password_reset_request_queues_a_link_and_stores_only_a_digest(db: str) -> None:
    person = await factories.light_person(email="lee@example.org")

    token = await _reset_token("lee@example.org")

    reset = await PasswordReset.get(person_id=person.id)
    assert token not in reset.token_digest
    assert len(token) >= 40
    assert reset.expires_at - now() <= timedelta(hours=people.RESET_HOURS)
    message = await OutboxMessage.get(to_address="lee@example.org")
    assert message.subject == "Reset your FairPlanner password"


async def test_reset_password_changes_it_and_ends_old_sessions(db: str) -> None:
    person = await factories.light_person(email="lee@example.org")
    token = await _reset_token("lee@example.org")

    await people.reset_password(token=token, password="a brand new password")

    stored = await Person.get(id=person.id)
    assert verify_password(stored.password_hash, "a brand new password")
    assert not verify_password(stored.password_hash, PASSWORD)
    assert stored.session_version == person.session_version + 1
    assert await people.get_person(person_id=person.id, session_version=1) is None


async def test_reset_link_works_only_once(db: str) -> None:
    await factories.light_person(email="lee@example.org")
    token = await _reset_token("lee@example.org")
    await people.reset_password(token=token, password="a brand new password")

    with pytest.raises(LinkExpired, match="expired or has been used"):
        await people.reset_password(token=token, password="another new password")


async def test_reset_link_stops_working_when_it_expires(db: str) -> None:
    await factories.light_person(email="lee@example.org")
    token = await _reset_token("lee@example.org")
    await PasswordReset.all().update(expires_at=now() - timedelta(minutes=1))

    with pytest.raises(LinkExpired, match="expired"):
        await people.valid_reset(token=token)


async def test_reset_link_that_was_copied_wrongly_says_so(db: str) -> None:
    await factories.light_person(email="lee@example.org")
    token = await _reset_token("lee@example.org")

    with pytest.raises(LinkExpired, match="copied wrongly"):
        await people.valid_reset(token=token[:-3])


async def test_reset_password_refuses_a_short_password_and_keeps_the_link(db: str) -> None:
    person = await factories.light_person(email="lee@example.org")
    token = await _reset_token("lee@example.org")

    with pytest.raises(DomainError, match="at least 10 characters"):
        await people.reset_password(token=token, password="short")

    assert (await Person.get(id=person.id)).password_hash == person.password_hash
    assert (await people.valid_reset(token=token)).used_at is None


async def test_update_preferences_keeps_formats_sorted_and_unique(db: str) -> None:
    person = await factories.light_person()

    await people.update_preferences(
        person=person,
        easy_read=True,
        text_size=TextSize.LARGER,
        contact_channel=ContactChannel.TEXT,
        formats=["large_print", "easy_read", "large_print"],
    )

    stored = await Person.get(id=person.id)
    assert (stored.easy_read, stored.text_size, stored.contact_channel) == (
        True,
        TextSize.LARGER,
        ContactChannel.TEXT,
    )
    assert stored.format_list == ["easy_read", "large_print"]


async def test_update_details_refuses_another_persons_email(db: str) -> None:
    await factories.light_person(email="taken@example.org")
    person = await factories.light_person(email="mine@example.org")

    with pytest.raises(DomainError) as caught:
        await people.update_details(
            person=person, name="Me", email="Taken@example.org", phone="", pronouns=""
        )

    assert caught.value.field == "email"
    assert (await Person.get(id=person.id)).email == "mine@example.org"
