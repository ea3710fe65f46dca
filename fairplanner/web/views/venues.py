"""Venues: the candidates for a fair, adding and editing one, choosing one, the fair's
thresholds, and open data (A11yJSON export and import, OpenStreetMap tags)."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError
from fairplanner.models import Venue
from fairplanner.services import venue_opendata, venue_reports, venues
from fairplanner.services.catalogues import checklist
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors
from fairplanner.web.forms_venues import ImportForm, VenueForm, threshold_form_class
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access

MAX_IMPORT_BYTES = 1024 * 1024


async def venue_list(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_VENUES)
    found = await venues.venues_of(fair=access.fair)
    return render(
        request,
        "venues/list.html",
        {
            "access": access,
            "fair": access.fair,
            "venues": found,
            "counts": await venues.assessment_counts(venues=found),
            "Action": Action,
        },
    )


def _details(form: VenueForm) -> venues.VenueDetails:
    return venues.VenueDetails(
        name=form.name.data or "",
        address=form.address.data or "",
        postcode=form.postcode.data or "",
        contact=form.contact.data or "",
        capacity=form.capacity_number,
        transport_notes=form.transport_notes.data or "",
        access_info_url=form.access_info_url.data or "",
        description=form.description.data or "",
        easy_read=form.easy_read.data or "",
    )


async def venue_form(request: Request) -> Response:
    """Add a venue, or change one when the URL names it."""
    access = await load_access(request, Action.MANAGE_VENUES)
    existing = None
    if "venue_id" in request.path_params:
        existing = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    initial = _initial(existing) if existing else {}
    form = bind(VenueForm, await request.form() if request.method == "POST" else None, **initial)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            try:
                if existing:
                    saved = await venues.update_venue(venue=existing, details=_details(form))
                else:
                    saved = await venues.add_venue(
                        fair=access.fair, details=_details(form), by=access.person
                    )
            except DomainError as exc:
                errors = {exc.field or "name": exc.message}
            else:
                flash(request, f"{saved.name} is saved.")
                return RedirectResponse(_venue_url(request, saved), 303)
        errors = errors or first_errors(form)
    return render(
        request,
        "venues/form.html",
        {"form": form, "errors": errors, "fair": access.fair, "venue": existing},
        status_code=422 if errors else 200,
    )


def _initial(venue: Venue) -> dict[str, Any]:
    fields = ["name", "address", "postcode", "contact", "capacity", "transport_notes"]
    fields += ["access_info_url", "description", "easy_read"]
    initial = {name: getattr(venue, name) for name in fields}
    initial["capacity"] = str(venue.capacity) if venue.capacity else ""
    return initial


def _venue_url(request: Request, venue: Venue) -> str:
    return str(request.url_for("venues:detail", fair_id=venue.fair_id, venue_id=venue.id))  # type: ignore[attr-defined]


async def venue_detail(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_VENUES)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    assessments = await venues.assessments_of(venue=venue)
    progress = await venues.answered_counts(assessments=assessments)
    return render(
        request,
        "venues/detail.html",
        {
            "access": access,
            "fair": access.fair,
            "venue": venue,
            "assessments": assessments,
            "progress": progress,
            "total_items": len(checklist().items),
            "mine": next((a for a in assessments if a.assessor_id == access.person.id), None),  # type: ignore[attr-defined]
            "Action": Action,
            "proposal_url": proposal_url(request, access.fair.id),
        },
    )


def proposal_url(request: Request, fair_id: int) -> str | None:
    """Where to raise a venue proposal (co-planning), when that page exists in this app."""
    try:
        return str(request.url_for("planning:new", fair_id=fair_id)) + "?topic=venue"
    except Exception:  # the co-planning area is not installed
        return None


async def venue_choose(request: Request) -> Response:
    access = await load_access(request, Action.CHOOSE_VENUE)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    await venues.choose_venue(venue=venue)
    flash(request, f"{venue.name} is now the chosen venue.")
    return RedirectResponse(_venue_url(request, venue), 303)


async def assess_start(request: Request) -> Response:
    access = await load_access(request, Action.ASSESS_VENUES)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    assessment = await venues.start_assessment(venue=venue, person=access.person)
    return RedirectResponse(
        request.url_for(
            "venues:assessment",
            fair_id=access.fair.id,
            venue_id=venue.id,
            assessment_id=assessment.id,
        ),
        303,
    )


async def thresholds(request: Request) -> Response:
    access = await load_access(request, Action.CHOOSE_VENUE)
    overrides = await venues.threshold_overrides(fair=access.fair)
    form_class = threshold_form_class()
    initial = {k: f"{v:g}" for k, v in overrides.items()}
    form = bind(form_class, await request.form() if request.method == "POST" else None, **initial)
    errors: dict[str, str] = {}
    if request.method == "POST":
        values: dict[str, float | None] = {}
        for key in checklist().thresholds:
            text = (form[key].data or "").strip()
            try:
                values[key] = float(text) if text else None
            except ValueError:
                errors[key] = "Enter a number, like 80, or leave it empty for the usual value"
        if not errors:
            try:
                await venues.set_thresholds(fair=access.fair, values=values)
            except DomainError as exc:
                errors = {exc.field or "door_width_min_cm": exc.message}
            else:
                flash(request, "The thresholds are saved.")
                return RedirectResponse(request.url_for("venues:list", fair_id=access.fair.id), 303)
    return render(
        request,
        "venues/thresholds.html",
        {
            "form": form,
            "errors": errors,
            "fair": access.fair,
            "thresholds": checklist().thresholds,
        },
        status_code=422 if errors else 200,
    )


async def export_json(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_VENUES)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    data, _ = await venue_opendata.export(venue=venue)
    # Shown in the browser; the page's link has a download attribute to save it as a file.
    return JSONResponse(data, media_type="application/geo+json")


async def export_osm(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_VENUES)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    _, tags = await venue_opendata.export(venue=venue)
    return PlainTextResponse("".join(f"{k}={v}\n" for k, v in sorted(tags.items())))


async def import_venue(request: Request) -> Response:
    access = await load_access(request, Action.MANAGE_VENUES)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            data = await request.form(max_files=1, max_fields=5, max_part_size=MAX_IMPORT_BYTES)
        except HTTPException:
            data = None
            errors = {"file": "The file must be 1 MB or smaller"}
        if data is not None:
            try:
                venue = await _import(access, data)
            except DomainError as exc:
                errors = {"file" if exc.field == "name" else exc.field or "file": exc.message}
            else:
                flash(request, f"{venue.name} is imported with its answers.")
                return RedirectResponse(_venue_url(request, venue), 303)
            finally:
                await data.close()  # the upload's temporary file
    return render(
        request,
        "venues/import.html",
        {"form": bind(ImportForm, None), "errors": errors, "fair": access.fair},
        status_code=422 if errors else 200,
    )


async def _import(access: FairAccess, data: FormData) -> Venue:
    upload = data.get("file")
    raw = await upload.read() if upload is not None and not isinstance(upload, str) else b""
    try:
        parsed = json.loads(raw.decode("utf-8")) if raw else None
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        # RecursionError: a file of a thousand nested brackets ("[[[[...") is within 1 MB.
        parsed = None
    if not isinstance(parsed, dict):
        message = "Choose a venue file (.json)" if not raw else "This file is not a venue export"
        raise DomainError("bad_import", message, field="file")
    return await venue_opendata.import_venue(fair=access.fair, data=parsed, by=access.person)


async def gaps_task(request: Request) -> Response:
    access = await load_access(request, Action.CHOOSE_VENUE)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    try:
        task = await venue_reports.make_task(
            fair=access.fair,
            venue=venue,
            need_code=request.path_params["need_code"],
            by=access.person,
        )
    except DomainError as exc:
        flash(request, exc.message)
    else:
        flash(request, f"Task added: {task.title}")
    return RedirectResponse(
        request.url_for("venues:gaps", fair_id=access.fair.id, venue_id=venue.id), 303
    )


routes = [
    Route("/{fair_id:int}/venues", venue_list, name="list"),
    Route("/{fair_id:int}/venues/new", venue_form, methods=["GET", "POST"], name="new"),
    Route(
        "/{fair_id:int}/venues/thresholds", thresholds, methods=["GET", "POST"], name="thresholds"
    ),
    Route("/{fair_id:int}/venues/import", import_venue, methods=["GET", "POST"], name="import"),
    Route("/{fair_id:int}/venues/{venue_id:int}", venue_detail, name="detail"),
    Route(
        "/{fair_id:int}/venues/{venue_id:int}/edit",
        venue_form,
        methods=["GET", "POST"],
        name="edit",
    ),
    Route(
        "/{fair_id:int}/venues/{venue_id:int}/choose", venue_choose, methods=["POST"], name="choose"
    ),
    Route(
        "/{fair_id:int}/venues/{venue_id:int}/assess", assess_start, methods=["POST"], name="assess"
    ),
    Route("/{fair_id:int}/venues/{venue_id:int}/venue.json", export_json, name="export_json"),
    Route("/{fair_id:int}/venues/{venue_id:int}/osm.txt", export_osm, name="export_osm"),
    Route(
        "/{fair_id:int}/venues/{venue_id:int}/gaps/{need_code:str}/task",
        gaps_task,
        methods=["POST"],
        name="gaps_task",
    ),
]
