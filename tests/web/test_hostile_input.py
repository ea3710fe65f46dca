"""Property-based: whatever is typed into the foundation's forms, the answer is a page (never a
server error), and a refused form changes nothing in the database."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise import Tortoise

from fairplanner.models import Fair, Membership
from tests import factories
from tests.helpers import Browser

# Anything a person (or a script) might send: unicode, control characters, very long text.
text = st.text(max_size=300) | st.sampled_from(
    ["", " ", "0", "-1", "31", "2027", "10am", "<script>", "' OR 1=1 --"]
)
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def row_counts() -> dict[str, int]:
    assert Tortoise.apps is not None
    return {m.__name__: await m.all().count() for m in Tortoise.apps.get_models_iterable()}


@HYPOTHESIS
@given(email=text, password=text)
async def test_sign_in_with_anything_answers_without_a_server_error(
    browser: Browser, email: str, password: str
) -> None:
    response = await browser.post("/sign-in", {"email": email, "password": password})
    assert response.status_code in (303, 422, 429)


@HYPOTHESIS
@given(title=text, day=text, month=text, year=text, start=text, end=text, phase=text)
async def test_creating_a_fair_with_anything_creates_one_or_nothing(
    browser: Browser, title: str, day: str, month: str, year: str, start: str, end: str, phase: str
) -> None:
    _, organiser = await factories.light_organiser()
    await browser.sign_in(organiser.email or "", factories.PASSWORD)
    before = await Fair.all().count()

    response = await browser.post(
        "/fairs/new",
        {
            "title": title,
            "day": day,
            "month": month,
            "year": year,
            "start_time": start,
            "end_time": end,
            "phase": phase,
        },
    )

    assert response.status_code in (303, 422)
    assert await Fair.all().count() == before + (1 if response.status_code == 303 else 0)


@HYPOTHESIS
@given(name=text, email=text, role=text, group=text)
async def test_inviting_with_anything_changes_nothing_when_refused(
    browser: Browser, name: str, email: str, role: str, group: str
) -> None:
    organisation, organiser = await factories.light_organiser()
    fair = await factories.fair(by=organiser, organisation=organisation)
    await browser.sign_in(organiser.email or "", factories.PASSWORD)
    before = await row_counts()

    response = await browser.post(
        f"/fairs/{fair.id}/members/invite",
        {"name": name, "email": email, "role": role, "group": group},
    )

    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert await row_counts() == before
    assert await Membership.filter(fair_id=fair.id).count() == 1
