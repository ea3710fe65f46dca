"""Members over HTTP: the list, invitations, people without e-mail, roles, and sign-in cards."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fairplanner.export import tokens
from fairplanner.models import Invitation, Membership, OutboxMessage, Person, SignInCard
from fairplanner.models.enums import Group, Role
from fairplanner.services.clock import now
from fairplanner.settings import Settings
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import (
    Browser,
    error_messages,
    field_value,
    links_in,
    new_browser,
    soup,
    text_of,
)

INVITE = {"name": "Nadia New", "email": "nadia@example.org", "role": "co_planner", "group": "carer"}


async def _invitation_link(browser: Browser, fair_id: int) -> str:
    response = await browser.post(f"/fairs/{fair_id}/members/invite", INVITE)
    assert response.status_code == 303, response.text
    message = await OutboxMessage.get(to_address="nadia@example.org")
    return links_in(message.body)[0].removeprefix("http://testserver")


# The members page


async def test_organiser_sees_each_members_group(browser: Browser) -> None:
    fair, organiser, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.get(f"/fairs/{fair.id}/members")

    assert response.status_code == 200
    headers = [th.get_text(strip=True) for th in soup(response).select("thead th")]
    assert headers[:3] == ["Name", "Role", "Group"]
    assert volunteer.name in response.text
    assert "Person who uses services" in text_of(response)


async def test_co_planner_sees_members_but_not_their_groups(browser: Browser) -> None:
    fair, _, (planner, _volunteer) = await factories.light_fair_with(
        Role.CO_PLANNER, Role.VOLUNTEER
    )
    await browser.sign_in(planner.email, PASSWORD)

    response = await browser.get(f"/fairs/{fair.id}/members")

    assert response.status_code == 200
    headers = [th.get_text(strip=True) for th in soup(response).select("thead th")]
    assert headers == ["Name", "Role"]
    page = text_of(response)
    assert "Person who uses services" not in page
    assert "Staff" not in page
    assert "Invite by e-mail" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/fairs/{fair}/edit",
        "/fairs/{fair}/members/invite",
        "/fairs/{fair}/members/add",
        "/fairs/{fair}/members/{member}",
    ],
)
async def test_co_planner_gets_403_on_organiser_pages(browser: Browser, path: str) -> None:
    fair, organiser, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    boss = await Membership.get(fair_id=fair.id, person_id=organiser.id)
    await browser.sign_in(planner.email, PASSWORD)

    response = await browser.get(path.format(fair=fair.id, member=boss.id))

    assert response.status_code == 403
    assert "You cannot see this page" in response.text


async def test_co_planner_cannot_change_a_role_or_issue_a_card(browser: Browser) -> None:
    fair, organiser, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    boss = await Membership.get(fair_id=fair.id, person_id=organiser.id)
    await browser.sign_in(planner.email, PASSWORD)

    demote = await browser.post(
        f"/fairs/{fair.id}/members/{boss.id}", {"role": "volunteer", "group": "staff"}
    )
    card = await browser.post(f"/fairs/{fair.id}/members/{boss.id}/card", {"pin": ""})
    remove = await browser.post(f"/fairs/{fair.id}/members/{boss.id}/remove")

    assert (demote.status_code, card.status_code, remove.status_code) == (403, 403, 403)
    assert (await Membership.get(id=boss.id)).role == Role.ORGANISER
    assert await SignInCard.all().count() == 0


async def test_outsider_gets_403_on_the_members_page(browser: Browser) -> None:
    fair, _, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    _, outsider = await factories.light_organiser("Hillside Council")
    await browser.sign_in(outsider.email, PASSWORD)

    response = await browser.get(f"/fairs/{fair.id}/members")

    assert response.status_code == 403
    assert volunteer.name not in response.text


async def test_member_of_another_fair_is_not_found_through_this_one(browser: Browser) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    other, _, (stranger,) = await factories.light_fair_with(Role.VOLUNTEER)
    theirs = await Membership.get(fair_id=other.id, person_id=stranger.id)
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.get(f"/fairs/{fair.id}/members/{theirs.id}")

    assert response.status_code == 404


# Invitations


async def test_invite_sends_an_email_and_lists_the_invitation(browser: Browser) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)

    link = await _invitation_link(browser, fair.id)

    assert link.startswith("/invitations/")
    members_page = await browser.get(f"/fairs/{fair.id}/members")
    assert "We have sent an invitation to nadia@example.org." in members_page.text
    assert "Nadia New (nadia@example.org) as co-planner" in text_of(members_page)


async def test_invite_with_bad_input_explains_each_field_and_sends_nothing(
    browser: Browser,
) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/members/invite",
        {"name": "", "email": "nadia at example", "role": "boss"},
    )

    assert response.status_code == 422
    assert error_messages(response) == {
        "name": "Enter their name",
        "email": "Enter an e-mail address like name@example.com",
        "role": "Not a valid choice.",
        "group": "Choose which group they belong to",
    }
    assert field_value(response, "email") == "nadia at example"
    assert await Invitation.all().count() == 0
    assert await OutboxMessage.all().count() == 0


async def test_invite_someone_already_in_the_fair_says_so(browser: Browser) -> None:
    fair, organiser, (planner,) = await factories.light_fair_with(Role.CO_PLANNER)
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/members/invite", {**INVITE, "email": planner.email}
    )

    assert response.status_code == 422
    assert error_messages(response) == {"email": "That person is already taking part in this fair."}
    assert field_value(response, "name") == "Nadia New"
    assert await Invitation.all().count() == 0


async def test_accepting_an_invitation_makes_an_account_and_joins_the_fair(
    browser: Browser, settings: Settings
) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)
    link = await _invitation_link(browser, fair.id)

    async with new_browser(settings) as invitee:
        page = await invitee.get(link)
        response = await invitee.post(link, {"name": "Nadia N", "password": "my own password"})
        home = await invitee.get(response.headers["location"])

    assert page.status_code == 200
    assert field_value(page, "name") == "Nadia New"
    assert response.status_code == 303
    assert f"Welcome. You are now part of {fair.title}." in home.text
    person = await Person.get(email="nadia@example.org")
    membership = await Membership.get(fair_id=fair.id, person_id=person.id)
    assert (person.name, membership.role, membership.group) == (
        "Nadia N",
        Role.CO_PLANNER,
        Group.CARER,
    )


async def test_accepting_an_invitation_with_bad_input_keeps_the_name_not_the_password(
    browser: Browser, settings: Settings
) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)
    link = await _invitation_link(browser, fair.id)

    async with new_browser(settings) as invitee:
        response = await invitee.post(link, {"name": "Nadia N", "password": "tiny-pw"})

    assert response.status_code == 422
    assert error_messages(response) == {
        "password": "Your password must be at least 10 characters long"
    }
    assert field_value(response, "name") == "Nadia N"
    assert "tiny-pw" not in response.text
    assert not await Person.exists(email="nadia@example.org")


async def test_used_invitation_link_gets_410(browser: Browser, settings: Settings) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)
    link = await _invitation_link(browser, fair.id)
    async with new_browser(settings) as invitee:
        await invitee.post(link, {"name": "Nadia", "password": "my own password"})

    async with new_browser(settings) as someone_else:
        response = await someone_else.get(link)

    assert response.status_code == 410
    assert "This invitation has been used already." in text_of(response)


async def test_expired_invitation_link_gets_410(browser: Browser, settings: Settings) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)
    link = await _invitation_link(browser, fair.id)
    await Invitation.all().update(expires_at=now() - timedelta(minutes=1))

    async with new_browser(settings) as invitee:
        response = await invitee.post(link, {"name": "Nadia", "password": "my own password"})

    assert response.status_code == 410
    assert "This invitation has expired." in text_of(response)
    assert not await Person.exists(email="nadia@example.org")


# People without e-mail, and their sign-in cards


async def _card_only_member(browser: Browser) -> tuple[int, Membership]:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)
    response = await browser.post(
        f"/fairs/{fair.id}/members/add",
        {"name": "Tom Fielding", "phone": "", "role": "volunteer", "group": "service_user"},
    )
    assert response.status_code == 303, response.text
    person = await Person.get(name="Tom Fielding")
    return fair.id, await Membership.get(fair_id=fair.id, person_id=person.id)


async def test_add_member_without_email_with_bad_input_saves_nothing(browser: Browser) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/members/add", {"name": "", "phone": "07700 900123", "group": "carer"}
    )

    assert response.status_code == 422
    assert error_messages(response) == {"name": "Enter their name", "role": "Choose a role"}
    assert field_value(response, "phone") == "07700 900123"
    assert await Membership.filter(fair_id=fair.id).count() == 1


async def test_issued_card_code_is_shown_once_and_signs_in(
    browser: Browser, settings: Settings
) -> None:
    fair_id, member = await _card_only_member(browser)

    response = await browser.post(f"/fairs/{fair_id}/members/{member.id}/card", {"pin": ""})

    assert response.status_code == 200
    code = soup(response).select_one(".fp-card-code").get_text(strip=True)  # type: ignore[union-attr]
    assert tokens.code_is_well_formed(code.replace("-", ""))
    assert 'role="img"' in response.text  # the QR code, with an accessible name
    detail = await browser.get(f"/fairs/{fair_id}/members/{member.id}")
    assert code not in detail.text
    assert f"ending in {code[-4:]}" in text_of(detail)
    async with new_browser(settings) as tom:
        signed = await tom.post("/sign-in/card", {"code": code.lower().replace("-", " ")})
    assert signed.status_code == 303


async def test_issuing_a_new_card_stops_the_old_one_working(
    browser: Browser, settings: Settings
) -> None:
    fair_id, member = await _card_only_member(browser)
    first = await browser.post(f"/fairs/{fair_id}/members/{member.id}/card", {"pin": ""})
    old_code = soup(first).select_one(".fp-card-code").get_text(strip=True)  # type: ignore[union-attr]

    await browser.post(f"/fairs/{fair_id}/members/{member.id}/card", {"pin": ""})

    async with new_browser(settings) as tom:
        response = await tom.post("/sign-in/card", {"code": old_code})
    assert response.status_code == 422
    assert "This card does not work any more." in text_of(response)
    assert await SignInCard.filter(revoked_at__isnull=True).count() == 1


async def test_card_with_a_bad_pin_is_not_issued(browser: Browser) -> None:
    fair_id, member = await _card_only_member(browser)

    response = await browser.post(f"/fairs/{fair_id}/members/{member.id}/card", {"pin": "12ab"})

    assert response.status_code == 422
    assert error_messages(response) == {"pin": "A PIN must be 4 to 8 numbers"}
    assert field_value(response, "pin") == "12ab"
    assert await SignInCard.all().count() == 0


async def test_card_with_a_pin_needs_it_from_the_card_link(
    browser: Browser, settings: Settings
) -> None:
    fair_id, member = await _card_only_member(browser)
    issued = await browser.post(f"/fairs/{fair_id}/members/{member.id}/card", {"pin": "4821"})
    code = soup(issued).select_one(".fp-card-code").get_text(strip=True).replace("-", "")  # type: ignore[union-attr]

    async with new_browser(settings) as tom:
        page = await tom.get(f"/sign-in/card/{code}")
        without = await tom.post(f"/sign-in/card/{code}", {"pin": ""})
        right = await tom.post(f"/sign-in/card/{code}", {"pin": "4821"})

    assert 'name="pin"' in page.text
    assert without.status_code == 422
    assert right.status_code == 303


async def test_revoking_a_card_stops_it_working(browser: Browser, settings: Settings) -> None:
    fair_id, member = await _card_only_member(browser)
    issued = await browser.post(f"/fairs/{fair_id}/members/{member.id}/card", {"pin": ""})
    code = soup(issued).select_one(".fp-card-code").get_text(strip=True)  # type: ignore[union-attr]

    response = await browser.post(f"/fairs/{fair_id}/members/{member.id}/card/revoke")

    assert response.status_code == 303
    async with new_browser(settings) as tom:
        refused = await tom.post("/sign-in/card", {"code": code})
    assert refused.status_code == 422


# Roles, and keeping an organiser


async def test_organiser_changes_a_members_role_and_group(browser: Browser) -> None:
    fair, organiser, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    row = await Membership.get(fair_id=fair.id, person_id=volunteer.id)
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/members/{row.id}", {"role": "door", "group": "partner"}
    )

    assert response.status_code == 303
    stored = await Membership.get(id=row.id)
    assert (stored.role, stored.group) == (Role.DOOR, Group.PARTNER)


async def test_last_organiser_cannot_be_demoted(browser: Browser) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    row = await Membership.get(fair_id=fair.id, person_id=organiser.id)
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.post(
        f"/fairs/{fair.id}/members/{row.id}", {"role": "co_planner", "group": "staff"}
    )

    assert response.status_code == 422
    assert error_messages(response) == {
        "role": "A fair needs at least one organiser. Make someone else an organiser first."
    }
    assert (await Membership.get(id=row.id)).role == Role.ORGANISER


async def test_last_organiser_cannot_be_removed(browser: Browser) -> None:
    fair, organiser, _ = await factories.light_fair_with()
    row = await Membership.get(fair_id=fair.id, person_id=organiser.id)
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.post(f"/fairs/{fair.id}/members/{row.id}/remove")

    assert response.status_code == 400
    assert "A fair needs at least one organiser." in text_of(response)
    assert await Membership.exists(id=row.id)


async def test_organiser_removes_a_member(browser: Browser) -> None:
    fair, organiser, (volunteer,) = await factories.light_fair_with(Role.VOLUNTEER)
    row = await Membership.get(fair_id=fair.id, person_id=volunteer.id)
    await browser.sign_in(organiser.email, PASSWORD)

    response = await browser.post(f"/fairs/{fair.id}/members/{row.id}/remove")

    assert response.status_code == 303
    assert not await Membership.exists(id=row.id)
    assert await Person.exists(id=volunteer.id)  # their account stays; only the part goes
