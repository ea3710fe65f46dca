"""The redeem API the scanner page calls (JSON), its OpenAPI description, and which door
phone a request comes from."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fairplanner.errors import DomainError
from fairplanner.models.checkin import Direction, DoorRole
from fairplanner.services import checkin
from fairplanner.services.checkin_rules import MEANINGS, Result

SESSION_KEY = "door_device"
MAX_BODY = 2048
# A person at a door scans about one ticket a second; a phone sending far more is a fault or
# an attack. Counted per process (in memory): enough to stop a flood without a query per scan.
RATE_PER_SECOND = 20.0
RATE_BURST = 60.0
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


def _refusal(reason: str, message: str, status: int) -> JSONResponse:
    return JSONResponse({"status": "error", "reason": reason, "message": message}, status)


def _client_time(value: Any) -> datetime | None:
    # Kept for the log only: a phone's clock may be wrong, so the server's time decides.
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


async def api_redeem(request: Request) -> Response:
    device = await paired_device(request)
    if device is None:
        return _refusal("revoked", MEANINGS[Result.REVOKED].advice, 401)
    if not allow_scan(device.id):
        return _refusal("rate_limited", "Too many scans from this phone. Wait a moment.", 429)
    body = await request.body()
    try:
        data = json.loads(body) if len(body) <= MAX_BODY else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return _refusal("bad_request", "Send a JSON object of at most 2 KB.", 400)
    code, nonce, direction = data.get("code"), data.get("nonce"), data.get("direction", "entry")
    if not isinstance(code, str) or not isinstance(nonce, str) or not 1 <= len(nonce) <= 64:
        return _refusal("bad_request", "Send a code and a nonce of 1 to 64 characters.", 400)
    if direction not in {d.value for d in Direction}:
        return _refusal("bad_request", "The direction must be entry or exit.", 400)
    force = data.get("force") is True
    if force and device.role != DoorRole.SUPERVISOR:
        return _refusal("not_allowed", "Only a supervisor can let people in anyway.", 403)
    scan = await checkin.redeem(
        device=device,
        code=code,
        direction=Direction(direction),
        nonce=nonce,
        client_time=_client_time(data.get("client_time")),
        force=force,
    )
    meaning = scan.meaning
    return JSONResponse(
        {
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
        }
    )


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
        }
    },
}
