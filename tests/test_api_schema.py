"""Schemathesis against the door check-in API, as described by the OpenAPI document the app
serves (/door/api/openapi.json), over HTTP to a real uvicorn server with paired phones.

Schemathesis generates valid and invalid requests from the document (and half the valid ones
carry a real ticket's code, so first scans, repeats and exits happen too). Every answer must be
no 5xx, a status the document lists, JSON, and match the documented response schema. A refused
request (anything but 200) must store nothing: the count of scans stays the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fairplanner.models.checkin import DoorRole
from tests.live import LiveServer, Phone, live_server, ticket_secrets

EXAMPLES = 150
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("api"), "fairplanner_api") as running:
        yield running


@pytest.fixture(scope="module")
def phones(server: LiveServer) -> Iterator[list[Phone]]:
    # Several phones, taken in turn, so that the per-phone flood limit (20 scans a second)
    # answers 429 only now and then and most requests reach the redeem rules.
    stewards = [server.pair_phone(label=f"Steward phone {n}") for n in range(4)]
    paired = [*stewards, server.pair_phone(role=DoorRole.SUPERVISOR, label="Supervisor phone")]
    yield paired
    for phone in paired:
        phone.client.close()


@pytest.fixture(scope="module")
def api_schema(server: LiveServer) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.base}/door/api/openapi.json")


@pytest.fixture(scope="module")
def codes(server: LiveServer) -> list[str]:
    found = ticket_secrets(server)
    assert found, "the demo fair has booked tickets"
    return found


def _scans(server: LiveServer) -> int:
    return int(server.query("SELECT COUNT(*) FROM checkin")[0][0])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_redeem_api_answers_as_its_document_says(
    mode: GenerationMode,
    api_schema: schemathesis.BaseSchema,
    server: LiveServer,
    phones: list[Phone],
    codes: list[str],
) -> None:
    answers: list[int] = []

    @given(case=api_schema["/door/api/redeem"]["POST"].as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def property_(case: schemathesis.Case) -> None:
        # Which phone, and whether to use a real code, follow from the generated case, so
        # that a failure Hypothesis shrinks replays the same way.
        seed = int.from_bytes(hashlib.sha256(repr(case.body).encode()).digest()[:4], "big")
        phone = phones[seed % len(phones)]
        if isinstance(case.body, dict) and isinstance(case.body.get("code"), str) and seed % 2:
            case.body["code"] = codes[seed % len(codes)]
        before = _scans(server)

        response = case.call(
            base_url=server.base, headers={"X-CSRFToken": phone.csrf}, cookies=phone.cookies
        )

        case.validate_response(response, checks=CHECKS)
        if response.status_code != 200:
            assert _scans(server) == before, response.text
        answers.append(response.status_code)

    property_()

    print(f"schemathesis ({mode}): {len(answers)} requests, answers {sorted(set(answers))}")
    # Guards the property: a run where every request met the same refusal would prove little.
    assert (200 if mode == GenerationMode.POSITIVE else 400) in answers


def test_the_document_describes_the_redeem_operation(api_schema: schemathesis.BaseSchema) -> None:
    assert sorted(op.ok().path for op in api_schema.get_all_operations()) == [
        "/door/api/redeem",
        "/door/api/snapshot",
    ]
