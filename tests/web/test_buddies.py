"""Buddy pages over HTTP: profiles with bad input, the organiser's review (run, override with
its cost, publish), each person's answer, and privacy of "never pair me with"."""

from __future__ import annotations

from fairplanner.models import BuddyPair, BuddyProfile, OutboxMessage, PairingRun, PairOverride
from fairplanner.models.buddies import PairStatus
from fairplanner.models.enums import Role
from fairplanner.services.buddy_matching import DEFAULT_WEIGHTS
from tests import factories
from tests.helpers import Browser, error_messages, field_value


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


WEIGHTS = {f"w_{k}": str(v) for k, v in DEFAULT_WEIGHTS.items()}


async def _two_pairs(browser: Browser):  # type: ignore[no-untyped-def]
    fair, boss, (sam, alex, priya, jo) = await factories.light_fair_with(
        Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER, Role.VOLUNTEER
    )
    for person, side in (
        (sam, "supported"),
        (alex, "supported"),
        (priya, "partner"),
        (jo, "partner"),
    ):
        await _as(browser, person)
        named = {"named": str(sam.id)} if person == priya else {}
        sent = {**PROFILE, "side": side, "support": "buddy_with_me", "capacity": "1", **named}
        assert (await browser.post(f"/fairs/{fair.id}/buddies", sent)).status_code == 303
    await _as(browser, boss)
    return fair, boss, sam, alex, priya, jo


async def test_bad_weights_are_refused_with_the_typed_values_kept_and_good_ones_stored(
    browser: Browser, db: str
) -> None:
    fair, _boss, *_ = await _two_pairs(browser)
    page = await browser.get(f"/fairs/{fair.id}/buddies/review")
    assert field_value(page, "w_availability") == "35"
    url = f"/fairs/{fair.id}/buddies/run"
    too_much = await browser.post(url, {**WEIGHTS, "w_named": "60"})
    assert too_much.status_code == 422
    assert error_messages(too_much) == {
        "w_availability": "The weights add up to 140: together they can be 100 at most"
    }
    assert field_value(too_much, "w_named") == "60"
    letters = await browser.post(url, {**WEIGHTS, "w_interests": "lots"})
    assert letters.status_code == 422
    assert error_messages(letters)["w_interests"] == (
        "Shared interests: enter a whole number from 0 to 100"
    )
    assert await PairingRun.all().count() == 0
    chosen = {**WEIGHTS, "w_named": "0", "w_interests": "25", "seed": "9", "block": "morning"}
    assert (await browser.post(url, chosen)).status_code == 303
    run = await PairingRun.get(fair_id=fair.id)
    assert run.block == "morning"
    assert run.settings["weights"]["interests"] == 25
    page = await browser.get(f"/fairs/{fair.id}/buddies/review")
    assert field_value(page, "w_interests") == "25"  # the form starts from the last run
    assert "Morning (times starting before 12:00), seed 9" in page.text
    repeated = await browser.post(
        f"/fairs/{fair.id}/buddies/runs/{run.id}/repeat", {"seen_run": "1"}
    )
    assert repeated.status_code == 303
    again = await PairingRun.get(fair_id=fair.id, number=2)
    assert (again.seed, again.block, again.settings["weights"]) == (
        9,
        "morning",
        run.settings["weights"],
    )
    stale = await browser.post(f"/fairs/{fair.id}/buddies/runs/{run.id}/repeat", {"seen_run": "1"})
    assert stale.status_code == 422
    assert "Someone else ran the matcher" in error_messages(stale)["seed"]


async def test_an_organiser_swaps_two_people_sees_the_cost_and_keeps_pairs(
    browser: Browser, db: str
) -> None:
    fair, _boss, sam, alex, priya, jo = await _two_pairs(browser)
    assert (
        await browser.post(f"/fairs/{fair.id}/buddies/run", {**WEIGHTS, "seed": "1"})
    ).status_code == 303
    run = await PairingRun.get(fair_id=fair.id)
    one = await BuddyPair.get(run_id=run.id, supported_id=sam.id)
    two = await BuddyPair.get(run_id=run.id, supported_id=alex.id)
    page = await browser.get(f"/fairs/{fair.id}/buddies/review")
    assert "Swap two people" in page.text
    assert f"Next best for {sam.name}, and why not:" in page.text
    assert f"{jo.name} would score" in page.text
    same = await browser.post(
        f"/fairs/{fair.id}/buddies/swap", {"first": str(one.id), "second": str(one.id)}
    )
    assert same.status_code == 422
    assert error_messages(same) == {"second": "Choose two different pairs"}
    missing = await browser.post(f"/fairs/{fair.id}/buddies/swap", {"first": str(one.id)})
    assert error_messages(missing) == {"second": "Choose the other pair"}
    swapped = await browser.post(
        f"/fairs/{fair.id}/buddies/swap", {"first": str(one.id), "second": str(two.id)}
    )
    assert swapped.status_code == 200
    assert "What that change costs: total score -15" in swapped.text
    assert f"2 people get a different buddy: {sam.name}, {alex.name}" in swapped.text
    assert "The pairs below already show it." in swapped.text
    assert {
        (p.supported_id, p.partner_id)  # type: ignore[attr-defined]
        for p in await BuddyPair.filter(run_id=run.id)
    } == {(sam.id, jo.id), (alex.id, priya.id)}
    assert "swap by" in swapped.text
    assert "(kept when you run again)" in swapped.text

    kept = await browser.post(f"/fairs/{fair.id}/buddies/lock", {"keep": [str(one.id)]})
    assert kept.status_code == 303
    assert [p.id for p in await BuddyPair.filter(run_id=run.id, locked=True)] == [one.id]
    assert (
        await browser.post(
            f"/fairs/{fair.id}/buddies/run", {**WEIGHTS, "seed": "1", "seen_run": "1"}
        )
    ).status_code == 303
    rerun = await PairingRun.get(fair_id=fair.id, number=2)
    # Sam stays with Jo (kept); Alex is matched again and Priya is the only one left.
    assert {
        (p.supported_id, p.partner_id)  # type: ignore[attr-defined]
        for p in await BuddyPair.filter(run_id=rerun.id)
    } == {(sam.id, jo.id), (alex.id, priya.id)}
    assert (
        await browser.post(f"/fairs/{fair.id}/buddies/runs/{rerun.id}/publish")
    ).status_code == 303
    late = await browser.post(
        f"/fairs/{fair.id}/buddies/swap", {"first": str(one.id), "second": str(two.id)}
    )
    assert late.status_code == 422
    assert "published" in " ".join(error_messages(late).values())


async def test_a_profile_naming_and_ruling_out_the_same_person_is_refused(
    browser: Browser, db: str
) -> None:
    fair, _boss, (sam, priya) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    await _as(browser, sam)
    sent = {
        **PROFILE,
        "side": "supported",
        "support": "two_people",
        "named": str(priya.id),
        "never": str(priya.id),
    }
    refused = await browser.post(f"/fairs/{fair.id}/buddies", sent)
    assert refused.status_code == 422
    assert "same person" in error_messages(refused)["never"]
    assert field_value(refused, "languages") == "English"
    del sent["never"]
    saved = await browser.post(f"/fairs/{fair.id}/buddies", sent, follow_redirects=True)
    assert "but there are no partner volunteers so far" in saved.text


async def test_a_person_sees_their_buddy_and_backup_once_published(
    browser: Browser, db: str
) -> None:
    fair, _boss, sam, _alex, priya, jo = await _two_pairs(browser)
    await BuddyProfile.filter(person_id=jo.id).update(capacity=2)
    assert (await browser.post(f"/fairs/{fair.id}/buddies/run", {"seed": "1"})).status_code == 303
    run = await PairingRun.get(fair_id=fair.id)
    review = await browser.get(f"/fairs/{fair.id}/buddies/review")
    assert f"Backup buddy: {jo.name}." in review.text
    await _as(browser, sam)
    before = await browser.get(f"/fairs/{fair.id}/buddies")
    assert "could be your buddy instead" not in before.text  # nothing shown until published
    await _as(browser, _boss)
    assert (
        await browser.post(f"/fairs/{fair.id}/buddies/runs/{run.id}/publish")
    ).status_code == 303
    await _as(browser, sam)
    mine = await browser.get(f"/fairs/{fair.id}/buddies")
    assert f"If {priya.name} cannot come, {jo.name} could be your buddy instead." in mine.text
