"""People's accounts: creating them, signing in by password, resetting a password, preferences."""

from __future__ import annotations

from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from fairplanner.errors import DomainError, LinkExpired
from fairplanner.export import tokens
from fairplanner.models import PasswordReset, Person
from fairplanner.models.enums import ContactChannel, TextSize
from fairplanner.services import notifications, ratelimit
from fairplanner.services.clock import now
from fairplanner.services.passwords import hashed, matches, password_problem

RESET_HOURS = 2


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip()
    return email.lower() if email else None


async def create_person(
    *,
    name: str,
    email: str | None = None,
    password: str | None = None,
    phone: str = "",
    pronouns: str = "",
    contact_channel: ContactChannel = ContactChannel.EMAIL,
    password_hash: str = "",
) -> Person:
    """A new account. Inside a transaction, pass `password_hash` from `checked_hash`, made
    before the transaction began: hashing takes about 0.1 s, and the transaction would hold
    the database (all of it, on SQLite) for that long."""
    email = normalise_email(email)
    if password is not None:
        password_hash = await checked_hash(password)
    try:
        return await Person.create(
            name=name.strip(),
            email=email,
            phone=phone.strip(),
            pronouns=pronouns.strip(),
            password_hash=password_hash,
            contact_channel=contact_channel
            if email or contact_channel != ContactChannel.EMAIL
            else ContactChannel.SUPPORTER,
        )
    except IntegrityError as exc:
        raise DomainError(
            "email_taken", "Someone already has an account with that e-mail address.", field="email"
        ) from exc


async def checked_hash(password: str) -> str:
    """The hash of a new password, or a plain reason it will not do."""
    if problem := password_problem(password):
        raise DomainError("weak_password", problem, field="password")
    return await hashed(password)


async def authenticate(
    *, email: str, password: str, address: str, limit: int, window_minutes: int
) -> Person:
    """The person with this e-mail and password. Failures are counted per account and address."""
    email = normalise_email(email) or ""
    keys = [f"account:{email}", f"address:{address}"]
    held = await ratelimit.reserve(keys=keys, limit=limit, window_minutes=window_minutes)
    # Longer than any stored address: no such account (Tortoise refuses to look it up).
    person = await Person.get_or_none(email=email) if email and len(email) <= 254 else None
    # Checked even when no account matches, so the time taken does not tell which it was.
    if not await matches(person.password_hash if person else "", password) or person is None:
        raise DomainError(
            "sign_in_failed",
            "The e-mail address or password is not right. Check them and try again.",
            field="email",
        )
    await ratelimit.release(held)
    await ratelimit.forget(keys=[f"account:{email}"])
    return person


async def request_password_reset(*, email: str, reset_url: str) -> None:
    """Send a reset link if the account exists. Says nothing either way, so nobody can probe
    which addresses have accounts. `reset_url` has `{token}` where the token goes."""
    wanted = normalise_email(email) or ""
    person = await Person.get_or_none(email=wanted) if 0 < len(wanted) <= 254 else None
    if person is None:
        return
    token = tokens.link_token()
    async with in_transaction():
        await PasswordReset.create(
            person=person,
            token_digest=tokens.digest(token),
            expires_at=now() + timedelta(hours=RESET_HOURS),
        )
        await notifications.queue_email(
            to=person.email or "",
            subject="Reset your FairPlanner password",
            body=(
                f"Hello {person.name},\n\n"
                "Someone asked to reset the password for your FairPlanner account.\n"
                f"To choose a new password, open this link within {RESET_HOURS} hours:\n\n"
                f"{reset_url.format(token=token)}\n\n"
                "If you did not ask for this, you can ignore this e-mail. "
                "Your password has not changed.\n"
            ),
        )


async def valid_reset(*, token: str) -> PasswordReset:
    reset = await PasswordReset.get_or_none(token_digest=tokens.digest(token)).prefetch_related(
        "person"
    )
    if reset is None:
        raise LinkExpired(
            "This password reset link is not right. It may have been copied wrongly. "
            "You can ask for a new link."
        )
    if reset.used_at is not None or reset.expires_at < now():
        raise LinkExpired(
            "This password reset link has expired or has been used already. "
            "You can ask for a new link."
        )
    return reset


async def reset_password(*, token: str, password: str) -> Person:
    reset = await valid_reset(token=token)
    password_hash = await checked_hash(password)
    async with in_transaction():
        # The conditional update makes the link single-use even under two quick clicks.
        used = await PasswordReset.filter(id=reset.id, used_at__isnull=True).update(used_at=now())
        if not used:
            raise LinkExpired("This password reset link has been used already.")
        person = reset.person
        person.password_hash = password_hash
        person.session_version += 1
        await person.save(update_fields=["password_hash", "session_version"])
    await ratelimit.forget(keys=[f"account:{person.email}"])
    return person


async def update_preferences(
    *,
    person: Person,
    easy_read: bool,
    text_size: TextSize,
    contact_channel: ContactChannel,
    formats: list[str],
) -> Person:
    person.easy_read = easy_read
    person.text_size = text_size
    person.contact_channel = contact_channel
    person.formats = ",".join(sorted(set(formats)))
    await person.save(update_fields=["easy_read", "text_size", "contact_channel", "formats"])
    return person


async def update_details(
    *, person: Person, name: str, email: str | None, phone: str, pronouns: str
) -> Person:
    before = (person.name, person.email, person.phone, person.pronouns, person.former_emails)
    old_email, new_email = person.email or "", normalise_email(email)
    moved = bool(old_email) and old_email != new_email
    if moved:
        # Remembered so the e-mails already sent there are still found for a download or an
        # erasure of the person's data.
        person.former_emails = with_former(person.former_emails, old=old_email, new=new_email)
    person.name = name.strip()
    person.email = new_email
    person.phone = phone.strip()
    person.pronouns = pronouns.strip()
    try:
        async with in_transaction():
            await person.save(update_fields=["name", "email", "phone", "pronouns", "former_emails"])
            if moved:
                await _tell_old_address(person, old=old_email)
    except IntegrityError as exc:
        # Nothing was saved: the signed-in person's details stay as they are.
        person.name, person.email, person.phone, person.pronouns, person.former_emails = before
        raise DomainError(
            "email_taken", "Someone already has an account with that e-mail address.", field="email"
        ) from exc
    return person


async def _tell_old_address(person: Person, *, old: str) -> None:
    """Someone who took over an account could change its address and so its password resets:
    the old address hears of the change, without the new address in it."""
    await notifications.queue_email(
        to=old,
        subject="Your FairPlanner e-mail address was changed",
        body=(
            f"Hello {person.name},\n\n"
            "The e-mail address on your FairPlanner account was changed just now, so we will "
            "not write to this address any more.\n\n"
            "If you changed it, there is nothing to do.\n"
            "If you did not, please tell the organiser of your fair straight away.\n"
        ),
    )


def with_former(former: str, *, old: str, new: str | None) -> str:
    """The list of former addresses (one a line) with `old` added and `new` taken out."""
    addresses = [line for line in former.splitlines() if line and line not in (old, new)]
    return "\n".join([*addresses, old])


def addresses_of(person: Person) -> list[str]:
    """Every address the person has had here, the current one first."""
    return [a for a in [person.email or "", *person.former_emails.splitlines()] if a]


async def get_person(*, person_id: int, session_version: int) -> Person | None:
    return await Person.get_or_none(id=person_id, session_version=session_version)
