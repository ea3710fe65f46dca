"""Buddy pages over HTTP: profiles with bad input, the organiser's review (run, override with
its cost, publish), each person's answer, and privacy of "never pair me with"."""

from __future__ import annotations

from fairplanner.models import BuddyPair, BuddyProfile, OutboxMessage, PairingRun, PairOverride
from fairplanner.models.buddies import PairStatus
from fairplanner.models.enums import Role
from tests import factories
from tests.helpers import Browser, error_messages


async def _as(browser: Browser, person: object) -> None:
    if "csrftoken" in browser.client.cookies:
        await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await browser.sign_in(person.email, factories.PASSWORD)  # type: ignore[attr-defined]


PROFILE = {"languages": "English", "times": "10:00-11:00", "interests": "college"}


async def _fair_with_profiles(browser: Browser):  # type: ignore[no-untyped-def]
    fair, boss, (sam, priya) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    await _as(browser, sam)
    url = f"/fairs/{fair.id}/buddies"
    sent = {**PROFILE, "side": "supported", "support": "buddy_with_me", "never": str(priya.id)}
    assert (await browser.post(url, sent)).status_code == 303
    await _as(browser, priya)
    bad = await browser.post(url, {**PROFILE, "side": "partner", "capacity": "0"})
    assert bad.status_code == 422
    assert "capacity" in error_messages(bad)
    assert (
        await browser.post(url, {**PROFILE, "side": "partner", "capacity": "2"})
    ).status_code == 303
    return fair, boss, sam, priya


async def test_never_pair_is_kept_private_and_the_run_says_why_nobody_matched(
    browser: Browser, db: str
) -> None:
    fair, boss, sam, priya = await _fair_with_profiles(browser)
    assert (await BuddyProfile.get(person_id=sam.id)).never == [priya.id]
    await _as(browser, boss)
    response = await browser.post(f"/fairs/{fair.id}/buddies/run", {"min_score": "0"})
    assert response.status_code == 422
    assert "Nobody could be matched" in error_messages(response)["seed"]
    assert await PairingRun.all().count() == 0
    page = await browser.get(f"/fairs/{fair.id}/buddies/review")
    assert "never" not in page.text.lower().replace("never pair these two", "")


async def test_an_organiser_runs_overrides_with_a_cost_and_publishes(
    browser: Browser, db: str
) -> None:
    fair, boss, sam, priya = await _fair_with_profiles(browser)
    await BuddyProfile.filter(person_id=sam.id).update(never=[])
    await _as(browser, boss)
    assert (await browser.post(f"/fairs/{fair.id}/buddies/run", {"seed": "4"})).status_code == 303
    run = await PairingRun.get(fair_id=fair.id)
    page = await browser.get(f"/fairs/{fair.id}/buddies/review")
    assert f"Why {sam.name} and {priya.name}" in page.text

    forbid = await browser.post(
        f"/fairs/{fair.id}/buddies/overrides",
        {"kind": "forbid", "supported": str(sam.id), "partner": str(priya.id)},
    )
    assert forbid.status_code == 200
    assert "What that change costs" in forbid.text
    assert await PairOverride.filter(fair_id=fair.id).count() == 1
    missing = await browser.post(f"/fairs/{fair.id}/buddies/overrides", {"kind": "pin"})
    assert missing.status_code == 422

    await _as(browser, sam)
    assert (
        await browser.post(f"/fairs/{fair.id}/buddies/runs/{run.id}/publish")
    ).status_code == 403
    await _as(browser, boss)
    published = await browser.post(f"/fairs/{fair.id}/buddies/runs/{run.id}/publish")
    assert published.status_code == 303
    assert await OutboxMessage.filter(subject="Your buddy for the fair").count() == 2

    await _as(browser, sam)
    mine = await browser.get(f"/fairs/{fair.id}/buddies")
    assert priya.name in mine.text
    pair = await BuddyPair.get(run_id=run.id)
    answered = await browser.post(
        f"/fairs/{fair.id}/buddies/pairs/{pair.id}/answer", {"answer": "yes"}
    )
    assert answered.status_code == 303
    assert (await BuddyPair.get(id=pair.id)).status == PairStatus.ACCEPTED
