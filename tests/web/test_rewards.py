"""Rewards over HTTP: choosing with the benefits note, hours with bad input, totals and the
limit warning, expenses, the certificate and the organisers' report (private to them)."""

from __future__ import annotations

import pytest

from fairplanner.models import Contribution, ExpenseClaim, RewardChoice
from fairplanner.models.enums import Role
from fairplanner.models.rewards import RewardKind
from fairplanner.services import volunteering
from fairplanner.services.clock import now
from tests import factories
from tests.helpers import Browser, error_messages, field_value


async def _as(browser: Browser, person: object) -> None:
    if "csrftoken" in browser.client.cookies:
        await browser.client.post("/sign-out", data={"csrftoken": await browser.token()})
    await browser.sign_in(person.email, factories.PASSWORD)  # type: ignore[attr-defined]


HOURS = {"activity": "planning_meeting", "day": "9", "month": "6", "year": "2027"}


async def test_a_fee_is_refused_until_the_benefits_note_is_ticked(
    browser: Browser, db: str
) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await _as(browser, helper)
    url = f"/fairs/{fair.id}/rewards/choice"
    page = await browser.get(url)
    assert "independent advice" in page.text

    data = {"activity": "shift", "kind": "fee", "pounds_per_hour": "10"}
    refused = await browser.post(url, data)
    assert refused.status_code == 422
    assert "read_benefits_note" in error_messages(refused)
    assert field_value(refused, "pounds_per_hour") == "10"
    assert not await RewardChoice.exists(person_id=helper.id)
    done = await browser.post(url, {**data, "read_benefits_note": "y"})
    assert done.status_code == 303
    assert (await RewardChoice.get(person_id=helper.id)).kind == RewardKind.FEE


async def test_hours_over_24_or_below_zero_are_refused_with_nothing_written(
    browser: Browser, db: str
) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await _as(browser, helper)
    url = f"/fairs/{fair.id}/rewards/hours"
    for hours in ("25", "-1", "lots"):
        response = await browser.post(url, {**HOURS, "hours": hours})
        assert response.status_code == 422
        assert "hours" in error_messages(response)
    assert await Contribution.all().count() == 0
    assert (await browser.post(url, {**HOURS, "hours": "2.5"})).status_code == 303
    assert (await Contribution.get(person_id=helper.id)).minutes == 150


async def test_a_volunteer_cannot_record_hours_for_someone_else(browser: Browser, db: str) -> None:
    fair, _, (helper, other) = await factories.light_fair_with(Role.VOLUNTEER, Role.VOLUNTEER)
    await _as(browser, helper)
    response = await browser.post(
        f"/fairs/{fair.id}/rewards/hours", {**HOURS, "hours": "2", "person": str(other.id)}
    )
    assert response.status_code == 403
    assert await Contribution.all().count() == 0


async def test_an_organiser_records_hours_on_someones_behalf_and_it_says_who(
    browser: Browser, db: str
) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await _as(browser, boss)
    response = await browser.post(
        f"/fairs/{fair.id}/rewards/hours", {**HOURS, "hours": "2", "person": str(helper.id)}
    )
    assert response.status_code == 303
    row = await Contribution.get(person_id=helper.id).prefetch_related("recorded_by")
    assert row.recorded_by.id == boss.id
    await _as(browser, helper)
    page = await browser.get(f"/fairs/{fair.id}/rewards")
    assert f"Written down by {boss.name}" in page.text


# "sNaN" (a signalling NaN) made WTForms' NumberRange raise instead of refusing it.
@pytest.mark.parametrize("amount", ["NaN", "sNaN", "-sNaN", "Infinity", "-1", "1000.01"])
async def test_an_amount_per_hour_that_is_not_a_real_sum_is_refused(
    browser: Browser, db: str, amount: str
) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await _as(browser, helper)
    data = {
        "activity": "shift",
        "kind": "voucher",
        "pounds_per_hour": amount,
        "read_benefits_note": "y",
    }

    refused = await browser.post(f"/fairs/{fair.id}/rewards/choice", data)

    assert refused.status_code == 422
    assert error_messages(refused)["pounds_per_hour"] == "Enter an amount between £0 and £1,000"
    assert await RewardChoice.all().count() == 0


async def test_over_the_weekly_limit_the_person_sees_a_warning(browser: Browser, db: str) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    settings = await volunteering.settings_for(fair=fair)
    settings.weekly_limit_pence = 1500
    await settings.save()
    await _as(browser, helper)
    await browser.post(
        f"/fairs/{fair.id}/rewards/choice",
        {
            "activity": "planning_meeting",
            "kind": "voucher",
            "pounds_per_hour": "10",
            "read_benefits_note": "y",
        },
    )
    today = now().date()
    day = {"day": str(today.day), "month": str(today.month), "year": str(today.year)}
    await browser.post(f"/fairs/{fair.id}/rewards/hours", {**HOURS, **day, "hours": "2"})
    page = await browser.get(f"/fairs/{fair.id}/rewards")
    assert "over the limit set for benefits" in page.text
    assert "Fees and vouchers this week: £20.00" in page.text


async def test_expense_claims_need_a_receipt(browser: Browser, db: str) -> None:
    fair, _, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await _as(browser, helper)
    url = f"/fairs/{fair.id}/rewards/expenses"
    data = {"kind": "travel", "amount": "4.50", "day": "9", "month": "6", "year": "2027"}
    refused = await browser.post(url, data)
    assert refused.status_code == 422
    assert set(error_messages(refused)) == {"receipt"}
    assert await ExpenseClaim.all().count() == 0
    assert (await browser.post(url, {**data, "receipt": "Bus ticket"})).status_code == 303


async def test_the_report_and_its_csv_are_for_organisers_only(browser: Browser, db: str) -> None:
    fair, boss, (helper,) = await factories.light_fair_with(Role.VOLUNTEER)
    await _as(browser, helper)
    await browser.post(f"/fairs/{fair.id}/rewards/hours", {**HOURS, "hours": "3"})
    assert (await browser.get(f"/fairs/{fair.id}/rewards/report")).status_code == 403
    certificate = await browser.get(f"/fairs/{fair.id}/rewards/certificate")
    assert certificate.status_code == 200
    assert helper.name in certificate.text

    await _as(browser, boss)
    report = await browser.get(f"/fairs/{fair.id}/rewards/report")
    assert report.status_code == 200
    assert helper.name in report.text
    csv_response = await browser.get(f"/fairs/{fair.id}/rewards/report?format=csv")
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert f"{helper.name},service_user,3.00" in csv_response.text


async def test_an_organiser_sets_limits_and_bad_numbers_are_refused(
    browser: Browser, db: str
) -> None:
    fair, boss, (worker,) = await factories.light_fair_with(Role.CO_PLANNER)
    await _as(browser, boss)
    url = f"/fairs/{fair.id}/rewards/settings"
    data = {
        "withdraw_cutoff_hours": "-3",
        "offer_hours": "12",
        "weekly_limit": "40",
        "monthly_limit": "",
        "named_worker": str(worker.id),
        "welfare_advice": "Riverside Welfare Rights, 01234 567890",
    }
    refused = await browser.post(url, data)
    assert refused.status_code == 422
    assert set(error_messages(refused)) == {"withdraw_cutoff_hours"}
    assert (await browser.post(url, {**data, "withdraw_cutoff_hours": "6"})).status_code == 303
    saved = await volunteering.settings_for(fair=fair)
    assert (saved.withdraw_cutoff_hours, saved.weekly_limit_pence) == (6, 4000)
    assert saved.monthly_limit_pence is None
    assert saved.named_worker_id == worker.id  # type: ignore[attr-defined]
