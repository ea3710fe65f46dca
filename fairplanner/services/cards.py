"""Sign-in cards: a QR code and a short code for people who do not use e-mail."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, RateLimited
from fairplanner.export import tokens
from fairplanner.models import Person, SignInCard
from fairplanner.numbers import is_whole_number
from fairplanner.services import ratelimit
from fairplanner.services.clock import now
from fairplanner.services.passwords import hashed, matches


@dataclass(frozen=True)
class IssuedCard:
    card: SignInCard
    code: str  # shown once, on the printable card; only its digest is stored


async def issue_card(*, person: Person, issued_by: Person, pin: str = "") -> IssuedCard:
    """A new card. Earlier cards for the same person stop working, so a lost card is harmless."""
    if pin and (not is_whole_number(pin) or not 4 <= len(pin) <= 8):
        raise DomainError("bad_pin", "A PIN must be 4 to 8 numbers.", field="pin")
    code = tokens.typed_code(12)
    pin_hash = await hashed(pin) if pin else ""
    async with in_transaction():
        await SignInCard.filter(person_id=person.id, revoked_at__isnull=True).update(
            revoked_at=now()
        )
        card = await SignInCard.create(
            person=person,
            code_digest=tokens.digest(code),
            last_four=code[-4:],
            pin_hash=pin_hash,
            issued_by=issued_by,
        )
    return IssuedCard(card=card, code=code)


async def revoke_cards(*, person: Person) -> int:
    return await SignInCard.filter(person_id=person.id, revoked_at__isnull=True).update(
        revoked_at=now()
    )


async def active_card(*, person: Person) -> SignInCard | None:
    return await SignInCard.get_or_none(person_id=person.id, revoked_at__isnull=True)


async def card_for_code(*, code: str) -> SignInCard:
    """The live card for a typed or scanned code, or a plain refusal."""
    code = tokens.normalise_code(code)
    if not tokens.code_is_well_formed(code):
        raise DomainError(
            "bad_card_code",
            "That code is not right. Check each letter and number on the card and try again.",
            field="code",
        )
    card = await SignInCard.get_or_none(code_digest=tokens.digest(code)).prefetch_related("person")
    if card is None or card.revoked_at is not None:
        raise DomainError(
            "card_not_valid",
            "This card does not work any more. Please ask an organiser for a new card.",
            field="code",
        )
    return card


async def sign_in_with_card(
    *, code: str, pin: str, address: str, limit: int, window_minutes: int
) -> Person:
    # Each try is counted before the code and PIN are checked (ratelimit.reserve); a good one
    # is taken back. A wrong code or PIN counts against the address, a wrong PIN the card too.
    held = await ratelimit.reserve(
        keys=[f"address:{address}"], limit=limit * 2, window_minutes=window_minutes
    )
    card = await card_for_code(code=code)
    try:
        held += await ratelimit.reserve(
            keys=[f"card:{card.id}"], limit=limit, window_minutes=window_minutes
        )
    except RateLimited:
        await ratelimit.release(held)
        raise
    if card.pin_hash and not await matches(card.pin_hash, pin):
        raise DomainError("bad_pin", "That PIN is not right. Try again.", field="pin")
    await ratelimit.release(held)
    await SignInCard.filter(id=card.id).update(last_used_at=now())
    return card.person
