"""Sign-in cards: a short code (and QR link) for people who do not use e-mail."""

from __future__ import annotations

import pytest

from fairplanner.errors import DomainError, RateLimited
from fairplanner.export import tokens
from fairplanner.models import Person, SignInCard
from fairplanner.services import cards
from tests import factories

LIMITS = {"limit": 5, "window_minutes": 15}


async def _people() -> tuple[Person, Person]:
    _, organiser = await factories.light_organiser()
    member = await Person.create(name="Tom Fielding")
    return organiser, member


def _typed(code: str) -> str:
    """How a person might type it: lower case, in groups of four."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()


async def test_issue_card_gives_a_12_character_code_and_stores_only_its_digest(db: str) -> None:
    organiser, member = await _people()

    issued = await cards.issue_card(person=member, issued_by=organiser)

    assert len(issued.code) == 12
    assert tokens.code_is_well_formed(issued.code)
    stored = await SignInCard.get(id=issued.card.id)
    assert stored.code_digest == tokens.digest(issued.code)
    assert issued.code not in stored.code_digest
    assert stored.last_four == issued.code[-4:]
    assert stored.pin_hash == ""


async def test_issue_card_stops_the_earlier_card_working(db: str) -> None:
    organiser, member = await _people()
    old = await cards.issue_card(person=member, issued_by=organiser)

    new = await cards.issue_card(person=member, issued_by=organiser)

    assert (await SignInCard.get(id=old.card.id)).revoked_at is not None
    assert (await cards.active_card(person=member)).id == new.card.id  # type: ignore[union-attr]
    with pytest.raises(DomainError) as caught:
        await cards.card_for_code(code=old.code)
    assert caught.value.code == "card_not_valid"


@pytest.mark.parametrize("pin", ["12", "123456789", "12ab"])
async def test_issue_card_refuses_a_pin_that_is_not_4_to_8_numbers(db: str, pin: str) -> None:
    organiser, member = await _people()

    with pytest.raises(DomainError) as caught:
        await cards.issue_card(person=member, issued_by=organiser, pin=pin)

    assert (caught.value.code, caught.value.field) == ("bad_pin", "pin")
    assert await SignInCard.all().count() == 0


async def test_card_code_typed_in_lower_case_with_spaces_is_found(db: str) -> None:
    organiser, member = await _people()
    issued = await cards.issue_card(person=member, issued_by=organiser)

    card = await cards.card_for_code(code=_typed(issued.code))

    assert card.id == issued.card.id
    assert card.person.id == member.id


async def test_card_code_with_a_typo_is_caught_by_the_check_character(db: str) -> None:
    organiser, member = await _people()
    issued = await cards.issue_card(person=member, issued_by=organiser)
    wrong = ("1" if issued.code[0] != "1" else "2") + issued.code[1:]

    with pytest.raises(DomainError) as caught:
        await cards.card_for_code(code=wrong)

    assert caught.value.code == "bad_card_code"
    assert "Check each letter and number" in caught.value.message


async def test_revoked_card_is_refused_in_plain_words(db: str) -> None:
    organiser, member = await _people()
    issued = await cards.issue_card(person=member, issued_by=organiser)

    assert await cards.revoke_cards(person=member) == 1

    with pytest.raises(DomainError, match="ask an organiser for a new card"):
        await cards.sign_in_with_card(code=issued.code, pin="", address="10.0.0.1", **LIMITS)
    assert await cards.active_card(person=member) is None


async def test_sign_in_with_card_returns_the_person_and_notes_the_use(db: str) -> None:
    organiser, member = await _people()
    issued = await cards.issue_card(person=member, issued_by=organiser)

    person = await cards.sign_in_with_card(
        code=_typed(issued.code), pin="", address="10.0.0.1", **LIMITS
    )

    assert person.id == member.id
    assert (await SignInCard.get(id=issued.card.id)).last_used_at is not None


async def test_issue_card_keeps_only_a_hash_of_the_pin(db: str) -> None:
    organiser, member = await _people()

    issued = await cards.issue_card(person=member, issued_by=organiser, pin="4821")

    assert issued.card.pin_hash.startswith("$argon2")
    assert "4821" not in issued.card.pin_hash


async def test_card_with_a_pin_needs_the_right_pin(db: str) -> None:
    organiser, member = await _people()
    _, code = await factories.light_card(person=member, issued_by=organiser, pin="4821")

    for pin in ("", "1111"):
        with pytest.raises(DomainError) as caught:
            await cards.sign_in_with_card(code=code, pin=pin, address="10.0.0.1", **LIMITS)
        assert (caught.value.code, caught.value.field) == ("bad_pin", "pin")

    person = await cards.sign_in_with_card(code=code, pin="4821", address="10.0.0.1", **LIMITS)
    assert person.id == member.id


async def test_card_after_five_wrong_pins_is_refused_even_with_the_right_pin(db: str) -> None:
    organiser, member = await _people()
    _, code = await factories.light_card(person=member, issued_by=organiser, pin="4821")
    for attempt in range(5):
        with pytest.raises(DomainError):
            await cards.sign_in_with_card(
                code=code, pin="0000", address=f"10.0.0.{attempt}", **LIMITS
            )

    with pytest.raises(RateLimited):
        await cards.sign_in_with_card(code=code, pin="4821", address="10.0.1.1", **LIMITS)
