"""The redeem API the scanner page calls (JSON), its OpenAPI description, and which door
phone a request comes from."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fairplanner.errors import DomainError
from fairplanner.models.checkin import Direction, DoorRole
from fairplanner.services import checkin, checkin_offline
from fairplanner.services.checkin_rules import MEANINGS, Result
from fairplanner.services.clock import now

SESSION_KEY = "door_device"
# Every door this phone is paired to (the current one is SESSION_KEY): one phone can scan at
# several doors, one at a time, and switches on the scanner page.
PAIRED_KEY = "door_devices"
MAX_DOORS = 5
MAX_BODY = 2048
# A person at a door scans about one ticket a second; a phone sending far more is a fault or
# an attack. Counted per process (in memory): enough to stop a flood without a query per scan.
RATE_PER_SECOND = 20.0
RATE_BURST = 60.0
# A phone's clock this far from the server's is reported back (the server's time decides).
SKEW = timedelta(minutes=5)
# Offline scans are sent within hours; an older or future time is a wrong clock.
OFFLINE_AGE = timedelta(hours=24)
_buckets: dict[int, tuple[float, float]] = {}


def allow_scan(device_id: int, at: float | None = None) -> bool:
    """A token bucket per device: RATE_BURST scans at once, then RATE_PER_SECOND."""
    at = time.monotonic() if at is None else at
    tokens, last = _buckets.get(device_id, (RATE_BURST, at))
    tokens = min(RATE_BURST, tokens + (at - last) * RATE_PER_SECOND)
    if tokens < 1:
        _buckets[device_id] = (tokens, at)
        return False
    _buckets[device_id] = (tokens - 1, at)
    return True


async def paired_device(request: Request) -> checkin.Device | None:
    device_id = request.session.get(SESSION_KEY)
    if device_id is None:
        return None
    try:
        return await checkin.device_for_scan(device_id=int(device_id))
    except DomainError:
        request.session.pop(SESSION_KEY, None)
        return None


Answer = tuple[int, dict[str, Any]]


def _refusal(reason: str, message: str, status: int) -> Answer:
    return status, {"status": "error", "reason": reason, "message": message}


def _client_time(value: Any) -> datetime | None:
    # Kept for the log only: a phone's clock may be wrong, so the server's time decides.
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        # The same moment in UTC, which a database can store: "0001-01-01T00:00:00+14:00"
        # is a moment before year 1 (OverflowError), and PostgreSQL refused to store it.
        return parsed.astimezone(UTC) if parsed.tzinfo else None
    except (ValueError, OverflowError):
        return None


def _storable(text: str) -> bool:
    """Text a database can keep: PostgreSQL refuses NUL, and JSON may carry lone surrogates
    that are not UTF-8 at all."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def api_redeem(request: Request) -> Response:
    device_id = request.session.get(SESSION_KEY)
    status, answer = await redeem_answer(device_id, await request.body())
    if status == REVOKED_STATUS:
        request.session.pop(SESSION_KEY, None)
    return JSONResponse(answer, status)


REVOKED_STATUS = 401


async def redeem_answer(device_id: Any, body: bytes) -> Answer:
    """The redeem API's (status, JSON answer) for the phone the session names. The hot path:
    the rate limit is counted before any query, and the phone and the ticket are read
    together in one. Status 401 means the pairing is gone (the caller forgets it)."""
    if not isinstance(device_id, int):
        return _refusal("revoked", MEANINGS[Result.REVOKED].advice, REVOKED_STATUS)
    if not allow_scan(device_id):
        return _refusal("rate_limited", "Too many scans from this phone. Wait a moment.", 429)
    try:
        data = json.loads(body) if len(body) <= MAX_BODY else None
    except (ValueError, RecursionError):  # 1,500 "[" fit in 2 KB and nest too deep to read
        data = None
    if not isinstance(data, dict):
        return _refusal("bad_request", "Send a JSON object of at most 2 KB.", 400)
    code, nonce, direction = data.get("code"), data.get("nonce"), data.get("direction", "entry")
    if (
        not isinstance(code, str)
        or not isinstance(nonce, str)
        or not 1 <= len(nonce) <= 64
        or not _storable(nonce)
    ):
        return _refusal("bad_request", "Send a code and a nonce of 1 to 64 characters.", 400)
    if direction not in {d.value for d in Direction}:
        return _refusal("bad_request", "The direction must be entry or exit.", 400)
    offline = data.get("offline_result")
    if offline is not None and offline not in {r.value for r in Result}:
        return _refusal("bad_request", "offline_result must be one of the reason codes.", 400)
    try:
        lookup = await checkin.look_up(device_id=device_id, code=code)
    except DomainError:
        return _refusal("revoked", MEANINGS[Result.REVOKED].advice, REVOKED_STATUS)
    device = lookup.device
    force = data.get("force") is True
    if force and device.role != DoorRole.SUPERVISOR:
        return _refusal("not_allowed", "Only a supervisor can let people in anyway.", 403)
    client_time = _client_time(data.get("client_time"))
    at = now()
    if offline is not None:
        skewed = client_time is not None and not at - OFFLINE_AGE <= client_time <= at + SKEW
    else:
        skewed = client_time is not None and abs(client_time - at) > SKEW
    scan = await checkin.redeem(
        device=device,
        code=code,
        direction=Direction(direction),
        nonce=nonce,
        # A wrong clock's time would mislead the conflict report: keep the server's instead.
        client_time=None if skewed and offline is not None else client_time,
        force=force,
        offline_result=None if offline is None else Result(offline),
        lookup=lookup,
    )
    meaning = scan.meaning
    return 200, {
        "status": "ok" if scan.successful else "error",
        "reason": scan.result.value,
        "tone": meaning.tone.value,
        "headline": meaning.headline,
        "message": meaning.advice,
        "name": scan.name,
        "notes": scan.notes,
        "scan_id": scan.id,
        "forced": scan.forced,
        "replayed": scan.replayed,
        "clock_skewed": skewed,
    }


async def api_snapshot(request: Request) -> Response:
    """The paired phone's door as data, kept by the scanner page for working offline."""
    device = await paired_device(request)
    if device is None:
        status, answer = _refusal("revoked", MEANINGS[Result.REVOKED].advice, REVOKED_STATUS)
        return JSONResponse(answer, status)
    response = JSONResponse(await checkin_offline.snapshot(device=device))
    response.headers["cache-control"] = "no-store"
    return response


_RESULT_SCHEMA = {
    "type": "object",
    "required": ["status", "reason"],
    "properties": {
        "status": {"type": "string", "enum": ["ok", "error"]},
        "reason": {
            "type": "string",
            "enum": [r.value for r in Result] + ["rate_limited", "bad_request", "not_allowed"],
        },
        "tone": {"type": "string", "enum": ["ok", "warning", "invalid"]},
        "headline": {"type": "string"},
        "message": {"type": "string"},
        "name": {"type": "string", "description": "First name and initial only."},
        "notes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Door notes, only when the attendee agreed to share them.",
        },
        "scan_id": {"type": "integer"},
        "forced": {"type": "boolean"},
        "replayed": {"type": "boolean", "description": "True when the nonce was seen before."},
        "clock_skewed": {
            "type": "boolean",
            "description": (
                "True when client_time is more than 5 minutes from the server's clock (for an "
                "offline scan: in the future or older than 24 hours, and then not kept)."
            ),
        },
    },
}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "FairPlanner door check-in",
        "version": "1",
        "description": (
            "Scan a ticket at the door. The phone must be paired (session cookie) and send the "
            "CSRF token in the X-CSRFToken header. The same nonce always returns the first "
            "answer and never checks anyone in twice. Every scan is stored."
        ),
    },
    "paths": {
        "/door/api/redeem": {
            "post": {
                "summary": "Check a ticket in or out at this phone's door",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["code", "nonce"],
                                "properties": {
                                    "code": {
                                        "type": "string",
                                        "description": "The QR code's secret or the typed reference.",
                                    },
                                    "nonce": {"type": "string", "minLength": 1, "maxLength": 64},
                                    "direction": {"type": "string", "enum": ["entry", "exit"]},
                                    "client_time": {"type": "string", "format": "date-time"},
                                    "force": {
                                        "type": "boolean",
                                        "description": "Supervisors only: let in anyway.",
                                    },
                                    "offline_result": {
                                        "type": "string",
                                        "enum": [r.value for r in Result],
                                        "description": (
                                            "Sent when syncing a scan decided on the phone "
                                            "without network: what the phone answered. An "
                                            "offline ok is recorded as it happened and, when "
                                            "the server would have refused it, listed in the "
                                            "conflict report."
                                        ),
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    code: {
                        "description": text,
                        "content": {"application/json": {"schema": _RESULT_SCHEMA}},
                    }
                    for code, text in [
                        ("200", "The scan's answer (also for refused tickets)."),
                        ("400", "The request was not understood."),
                        ("401", "This phone is not paired, or its pairing ended."),
                        ("403", "A steward's phone asked to force."),
                        ("429", "Too many scans from this phone."),
                    ]
                },
            }
        },
        "/door/api/snapshot": {
            "get": {
                "summary": "This phone's door for offline scanning",
                "description": (
                    "The rule table, the words of each answer, the door's times and per ticket "
                    "16 hex characters of the SHA-256 of its secret (s) and reference (r), "
                    "ticket valid (v), booking status (g), first name and initial (n), door "
                    "notes (d), inside (i) and entries (e)."
                ),
                "responses": {
                    "200": {"description": "The snapshot."},
                    "401": {"description": "This phone is not paired, or its pairing ended."},
                },
            }
        },
    },
}
