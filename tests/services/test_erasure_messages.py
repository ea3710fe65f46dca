"""Erasing a member also erases them from stored messages: every e-mail to their address
(queued or sent, with its attachments), invitations to it, their texts and items on the list
of people to contact; messages to others in their fairs keep their words without the name.
The person's download shows what was sent to them first."""

from __future__ import annotations

import pytest

from fairplanner.errors import DomainError
from fairplanner.models import (
    ContactMessage,
    Fair,
    Invitation,
    Organisation,
    OutboxAttachment,
    OutboxMessage,
    Person,
)
from fairplanner.models.enums import ContactChannel, Group, Role
from fairplanner.services import members, messaging, people, personal_data, planning_notices
from fairplanner.services.messaging import Attachment, Recipient
from fairplanner.services.notifications import SmtpSettings, deliver_pending
from tests import factories
from tests.helpers import rows_holding
from tests.smtp import CollectingHandler
from tests.web.planning_setup import open_proposal

NAME = "Priya Zephyrine-Okafor"
PHONE = "07700 900456"
ICS = Attachment("fair.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


async def _renamed(person: Person, **changes: object) -> Person:
    await Person.filter(id=person.id).update(name=NAME, phone=PHONE, **changes)
    return await Person.get(id=person.id)


async def _second_fair(fair: Fair, boss: Person) -> Fair:
    organisation = await Organisation.get(id=fair.organisation_id)  # type: ignore[attr-defined]
    return await factories.fair(by=boss, organisation=organisation, title="Winter Fair")


async def _mail_them(fair: Fair, boss: Person, person: Person) -> messaging.Delivery:
    """An e-mail with a calendar file, a password reset and an invitation to another fair,
    all to the person's address, through the services that send them."""
    shift = await messaging.send(
        to=Recipient.for_person(person),
        subject="Your shift",
        body=f"Hello {person.name},\n\nYour shift is at 10am.\n",
        fair_id=fair.id,
        kind="shift",
        attachments=[ICS],
    )
    await people.request_password_reset(
        email=person.email or "", reset_url="https://fair.example/reset/{token}"
    )
    await _invite(await _second_fair(fair, boss), person.name, person.email or "", by=boss)
    return shift


async def _invite(fair: Fair, name: str, email: str, *, by: Person) -> None:
    await members.invite(
        fair=fair,
        name=name,
        email=email,
        role=Role.VOLUNTEER,
        group=Group.SERVICE_USER,
        invited_by=by,
        accept_url="https://fair.example/join/{token}",
    )


async def test_erasure_deletes_every_message_to_the_person_sent_or_not(
    db: str, smtp_server: CollectingHandler
) -> None:
    fair, boss, (member,) = await factories.light_fair_with(Role.VOLUNTEER)
    member = await _renamed(member)
    email = member.email or ""
    shift = await _mail_them(fair, boss, member)
    assert await deliver_pending(smtp=SmtpSettings(host="127.0.0.1", port=smtp_server.port)) == 3
    await people.request_password_reset(email=email, reset_url="https://fair.example/reset/{token}")
    # An item on the organisers' list to phone them, and a text waiting for the gateway.
    routes = []
    for channel in (ContactChannel.PHONE, ContactChannel.TEXT):
        await Person.filter(id=member.id).update(contact_channel=channel)
        delivery = await messaging.send(
            to=Recipient.for_person(await Person.get(id=member.id), note="after 6pm"),
            subject="Shift",
            body=f"Hi {NAME}",
            fair_id=fair.id,
            kind="shift",
        )
        routes.append(delivery.route)
    someone_else = await messaging.send(
        to=Recipient(name="Sam Patel", channel=ContactChannel.EMAIL, email="sam@example.org"),
        subject="Your shift",
        body="Hello Sam",
        fair_id=fair.id,
        kind="shift",
    )
    assert await OutboxMessage.filter(to_address=email, sent_at__isnull=True).count() == 1
    assert await OutboxMessage.filter(to_address=email, sent_at__isnull=False).count() == 3
    assert routes == ["list", "text"]
    for held in (NAME, email, PHONE):
        assert await rows_holding(held), held

    await personal_data.erase_person(person=member)

    assert await rows_holding(NAME) == []
    assert await rows_holding(email) == []
    assert await rows_holding(PHONE) == []
    assert await OutboxMessage.filter(to_address=email).count() == 0
    assert await OutboxAttachment.filter(message_id=shift.message_id).count() == 0
    assert await Invitation.filter(email=email).count() == 0
    assert await ContactMessage.filter(fair_id=fair.id).count() == 0
    # Nothing is left to send them; what went to others stays.
    assert [m.id for m in await OutboxMessage.all()] == [someone_else.message_id]


async def test_erasure_takes_the_name_out_of_messages_to_others_in_their_fairs(db: str) -> None:
    fair, _, (priya, sam, alex) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    priya = await _renamed(priya)
    await Person.filter(id=alex.id).update(
        contact_channel=ContactChannel.PHONE, phone="01632 960002"
    )
    for person in (sam, alex):
        await planning_notices.set_every_message(person=person, every_message=True)
    await open_proposal(fair, priya)
    await planning_notices.send_due(base_url="https://fair.example")
    await _invite(fair, "Jo Newcomer", "jo@example.org", by=priya)
    to_sam = await OutboxMessage.get(to_address=sam.email)
    to_alex = await ContactMessage.get(person_id=alex.id)
    to_jo = await OutboxMessage.get(to_address="jo@example.org")
    assert all(NAME in m.body for m in (to_sam, to_alex, to_jo))

    await personal_data.erase_person(person=priya)

    assert await rows_holding(NAME) == []
    assert "Former member suggested something" in (await OutboxMessage.get(id=to_sam.id)).body
    assert "Former member suggested something" in (await ContactMessage.get(id=to_alex.id)).body
    assert "Former member has invited you" in (await OutboxMessage.get(id=to_jo.id)).body
    assert await Invitation.filter(email="jo@example.org").count() == 1


async def test_export_shows_emails_and_invitations_sent_to_the_person_without_link_secrets(
    db: str,
) -> None:
    fair, boss, (member,) = await factories.light_fair_with(Role.VOLUNTEER)
    member = await _renamed(member)
    await _mail_them(fair, boss, member)

    data = await personal_data.export_person(person=member)

    mails = data["records"]["OutboxMessage (to address)"]
    assert [m["subject"] for m in mails] == [
        "Your shift",
        "Reset your FairPlanner password",
        "You are invited to help plan Winter Fair",
    ]
    assert [m["attachments"] for m in mails] == ["fair.ics", "", ""]
    assert "https://fair.example/reset/[secret]\n" in mails[1]["body"]
    assert "https://fair.example/join/[secret]\n" in mails[2]["body"]
    (invitation,) = data["records"]["Invitation (email)"]
    assert (invitation["name"], invitation["email"]) == (NAME, member.email)
    assert not any("token" in key for key in invitation)


async def _mail_to(address: str, subject: str, attachments: tuple[Attachment, ...] = ()) -> None:
    await messaging.send(
        to=Recipient(name="Ola", channel=ContactChannel.EMAIL, email=address),
        subject=subject,
        body="Hello Ola",
        fair_id=None,
        kind="ticket",
        attachments=attachments,
    )


async def test_e_mails_to_an_address_used_before_are_in_the_download_and_erased(db: str) -> None:
    person = await factories.light_person("Ola Moved", email="ola.old@example.org")
    await _mail_to("ola.old@example.org", "Your ticket", attachments=(ICS,))
    await people.update_details(
        person=person, name="Ola Moved", email="ola.new@example.org", phone="", pronouns=""
    )
    await _mail_to("ola.new@example.org", "Your shift")

    download = await personal_data.export_person(person=await Person.get(id=person.id))
    sent = download["records"]["OutboxMessage (to address)"]
    assert [(m["to_address"], m["subject"]) for m in sent] == [
        ("ola.old@example.org", "Your ticket"),
        # The old address is told of the change (someone who took the account over would
        # change it), without the new one.
        ("ola.old@example.org", "Your FairPlanner e-mail address was changed"),
        ("ola.new@example.org", "Your shift"),
    ]
    assert "ola.new" not in sent[1]["body"]
    assert download["account"]["former_emails"] == "ola.old@example.org"

    await personal_data.erase_person(person=await Person.get(id=person.id))

    assert not await OutboxMessage.filter(to_address__contains="ola.").exists()
    assert not await OutboxAttachment.exists()
    assert (await Person.get(id=person.id)).former_emails == ""


async def test_changing_back_to_an_old_address_keeps_each_address_once(db: str) -> None:
    person = await factories.light_person("Ola Moved", email="ola.a@example.org")
    for address in ("ola.b@example.org", "ola.a@example.org", "ola.c@example.org"):
        person = await people.update_details(
            person=person, name="Ola Moved", email=address, phone="", pronouns=""
        )

    assert person.former_emails.splitlines() == ["ola.b@example.org", "ola.a@example.org"]
    assert people.addresses_of(person) == [
        "ola.c@example.org",
        "ola.b@example.org",
        "ola.a@example.org",
    ]


async def test_an_address_change_refused_leaves_the_person_as_they_were(db: str) -> None:
    await factories.light_person("Taken Already", email="taken@example.org")
    person = await factories.light_person("Ola Moved", email="ola@example.org")

    with pytest.raises(DomainError) as refused:
        await people.update_details(
            person=person, name="Someone Else", email="taken@example.org", phone="1", pronouns=""
        )

    assert refused.value.code == "email_taken"
    assert not await OutboxMessage.exists()
    assert (person.name, person.email, person.former_emails) == ("Ola Moved", "ola@example.org", "")
    stored = await Person.get(id=person.id)
    assert (stored.name, stored.email, stored.former_emails) == ("Ola Moved", "ola@example.org", "")
