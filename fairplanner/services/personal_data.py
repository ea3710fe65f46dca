"""A person's data: everything held about them, for download, and erasure on request.

Found by walking every model with a foreign key to Person, so new capabilities are covered
without registering anything. What erasure does to each kind of row is decided in
ERASURE below: rows that only describe the person are deleted; shared records (votes,
hours given, decisions) stay, pointing at an anonymised person, so counts are kept.
Sentences stored for other people that spell out the person's name (buddy reasons and
backup sentences, the matcher's audit lines, planning notices, messages to others in their
fairs) get ERASED_NAME instead. E-mails and invitations have no link to a person: they are
found by the person's e-mail address.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from tortoise import Tortoise
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.transactions import in_transaction

from fairplanner.errors import PermissionDenied
from fairplanner.export import tokens
from fairplanner.models import (
    BuddyPair,
    ContactMessage,
    Fair,
    Invitation,
    Membership,
    OutboxAttachment,
    OutboxMessage,
    PairingAudit,
    PendingNotice,
    Person,
)
from fairplanner.models.audit import SensitiveRead
from fairplanner.services import notifications, people, ratelimit
from fairplanner.services.clock import now

# Never exported: secrets (or their digests) that would let someone act as the person.
_SECRET_PARTS = ("digest", "password", "pin_hash", "token")

# What erasure does with each model's rows that point at the person, by model name, or by
# "Model.field" where a model points at people in more than one way. Not listed: kept.
DELETE = "delete"
ERASURE: dict[str, str | dict[str, Any]] = {
    "SignInCard": DELETE,
    "PasswordReset": DELETE,
    "CalendarFeed": DELETE,
    "RewardChoice": DELETE,
    "VolunteerLimit": DELETE,
    "WaitlistEntry": DELETE,
    "FollowUp": DELETE,
    "OrganisationAdmin": DELETE,
    "BuddyProfile": DELETE,
    "ContactMessage.person": DELETE,
    "PendingNotice": DELETE,
    "NoticePreference": DELETE,
    "NoticeDigest": DELETE,
    "Comment": {"body": "(Removed at the person's request.)"},
    "Vote": {"reason": ""},
    "ExpenseClaim": {"receipt": ""},
}
ERASED_NAME = "Former member"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and "/" in value:
        # Link secrets in stored texts (reset, invitation and ticket links), as in the logs.
        return tokens.hide_secrets(value)
    return value


def _person_links() -> list[tuple[type[Model], str]]:
    """(model, foreign-key field) for every foreign key to Person in the app."""
    links = []
    for model in Tortoise.apps.get_models_iterable() if Tortoise.apps else []:
        for name in model._meta.fk_fields:
            if model._meta.fields_map[name].related_model is Person:
                links.append((model, name))
    return sorted(links, key=lambda link: (link[0].__name__, link[1]))


def _fields(model: type[Model]) -> list[str]:
    return [
        name for name in model._meta.db_fields if not any(part in name for part in _SECRET_PARTS)
    ]


async def export_person(*, person: Person) -> dict[str, Any]:
    """Everything FairPlanner holds about `person`, as plain JSON-ready data."""
    account = {name: _plain(getattr(person, name)) for name in _fields(Person)}
    held: dict[str, list[dict[str, Any]]] = {}
    for model, field in _person_links():
        rows = await model.filter(**{f"{field}_id": person.id}).values(*_fields(model))
        if rows:
            key = f"{model.__name__} ({field.replace('_', ' ')})"
            held[key] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    if addresses := people.addresses_of(person):
        held.update(await _sent_to(addresses))
    return {"exported_at": now().isoformat(), "account": account, "records": held}


async def _sent_to(addresses: list[str]) -> dict[str, list[dict[str, Any]]]:
    """E-mails (with their attachments' names) and invitations sent to the person's addresses,
    the one they have now and any they used before."""
    mails = (
        await OutboxMessage.filter(to_address__in=addresses)
        .order_by("id")
        .values(*_fields(OutboxMessage))
    )
    files = (
        await OutboxAttachment.filter(message__to_address__in=addresses)
        .order_by("id")
        .values("message_id", "filename")
    )
    for mail in mails:
        names = [f["filename"] for f in files if f["message_id"] == mail["id"]]
        mail["attachments"] = ", ".join(names)  # text, as every other value shown
    invitations = (
        await Invitation.filter(email__in=addresses).order_by("id").values(*_fields(Invitation))
    )
    found = {"OutboxMessage (to address)": mails, "Invitation (email)": invitations}
    return {
        key: [{k: _plain(v) for k, v in row.items()} for row in rows]
        for key, rows in found.items()
        if rows
    }


async def erase_person(*, person: Person) -> None:
    """Remove the person's identity and what only describes them; keep shared counts."""
    async with in_transaction():
        await _scrub_name(person)
        for model, field in _person_links():
            rule = ERASURE.get(f"{model.__name__}.{field}", ERASURE.get(model.__name__))
            if rule is None:
                continue
            rows = model.filter(**{f"{field}_id": person.id})
            if rule == DELETE:
                await rows.delete()
            elif isinstance(rule, dict):
                await rows.update(**rule)
        if addresses := people.addresses_of(person):
            # Found by address (no link to the person): what was, or would be, sent to them,
            # at the address they have now or one they used before.
            await notifications.forget_emails_to(addresses)
            await Invitation.filter(email__in=addresses).delete()
            await ratelimit.forget(keys=[f"account:{address}" for address in addresses])
        person.name = ERASED_NAME
        person.email = None
        person.former_emails = ""
        person.phone = ""
        person.pronouns = ""
        person.password_hash = ""
        person.formats = ""
        person.session_version += 1
        await person.save()


async def _scrub_name(person: Person) -> None:
    """Put ERASED_NAME where other people's stored sentences name the person: the reasons
    of their buddy pairs (which name both people) and the backup sentence that names them as
    someone's backup, the buddy matcher's audit lines, planning notices in their fairs, and
    messages (e-mails, texts, the list of people to contact) to others in their fairs, such as
    an invitation from them or a notice about their proposal. Run inside erase_person's
    transaction, before the name itself goes."""
    name = person.name
    if not name.strip() or name == ERASED_NAME:
        return
    pairs = await BuddyPair.filter(
        Q(supported_id=person.id) | Q(partner_id=person.id) | Q(backup_id=person.id)
    )
    for pair in pairs:
        pair.breakdown = [
            {**line, "sentence": str(line.get("sentence", "")).replace(name, ERASED_NAME)}
            for line in pair.breakdown
        ]
        pair.backup_why = pair.backup_why.replace(name, ERASED_NAME)[:300]
        await pair.save(update_fields=["breakdown", "backup_why"])
    fairs = await Membership.filter(person_id=person.id).values_list("fair_id", flat=True)
    for audit in await PairingAudit.filter(fair_id__in=fairs, detail__contains=name):
        audit.detail = audit.detail.replace(name, ERASED_NAME)[:500]
        await audit.save(update_fields=["detail"])
    for notice in await PendingNotice.filter(fair_id__in=fairs, text__contains=name):
        notice.text = notice.text.replace(name, ERASED_NAME)
        await notice.save(update_fields=["text"])
    naming = Q(subject__contains=name) | Q(body__contains=name)
    for contact in await ContactMessage.filter(naming, fair_id__in=fairs):
        await _rename_in(contact, name)
    # E-mails carry no fair: those to addresses of the fairs' members and invitees.
    emails = await Person.filter(memberships__fair_id__in=fairs).values_list("email", flat=True)
    invited = await Invitation.filter(fair_id__in=fairs).values_list("email", flat=True)
    addresses = {str(email) for email in [*emails, *invited] if email}
    # Matched here rather than in SQL: a big fair's addresses would pass the database's
    # limit on parameters, and few e-mails name the person.
    for mail in await OutboxMessage.filter(naming):
        if mail.to_address in addresses:
            await _rename_in(mail, name)


async def _rename_in(message: ContactMessage | OutboxMessage, name: str) -> None:
    message.subject = message.subject.replace(name, ERASED_NAME)[:300]
    message.body = message.body.replace(name, ERASED_NAME)
    await message.save(update_fields=["subject", "body"])


async def erasable_by(*, organiser: Person, member: Membership) -> bool:
    """An organiser may erase a member on request only when every fair the member takes part
    in belongs to the organiser's organisation (nobody erases data another council holds)."""
    fair = await Fair.get(id=member.fair_id)  # type: ignore[attr-defined]
    org_fairs = await Fair.filter(organisation_id=fair.organisation_id).values_list("id", flat=True)  # type: ignore[attr-defined]
    person_id = member.person_id  # type: ignore[attr-defined]
    their_fairs = await Membership.filter(person_id=person_id).values_list("fair_id", flat=True)
    # The caller has already checked the organiser may manage this fair's members.
    return set(their_fairs) <= set(org_fairs)


async def erase_member(*, organiser: Person, member: Membership) -> None:
    if not await erasable_by(organiser=organiser, member=member):
        raise PermissionDenied(
            "This person also takes part in another organisation's fairs. "
            "Remove them from this fair, and ask them to erase their own account."
        )
    await erase_person(person=await Person.get(id=member.person_id))  # type: ignore[attr-defined]


async def record_sensitive_read(*, reader: Person, fair: Fair | None, what: str) -> None:
    """Log that staff looked at access or support needs (who, when, which fair)."""
    await SensitiveRead.create(reader=reader, fair=fair, what=what[:200])


async def sensitive_reads(*, fair: Fair) -> list[SensitiveRead]:
    return await SensitiveRead.filter(fair_id=fair.id).prefetch_related("reader").order_by("-at")
