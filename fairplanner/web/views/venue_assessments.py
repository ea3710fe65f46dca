"""Assessing a venue on a phone during a visit: one checklist item per screen, saved as you
go, resumable; photos with alt text for each item."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from fairplanner.errors import DomainError, NotFound, PermissionDenied
from fairplanner.models import Assessment, Venue
from fairplanner.services import venue_photos, venues
from fairplanner.services.catalogues import checklist
from fairplanner.services.permissions import Action, FairAccess
from fairplanner.services.venue_scoring import describe
from fairplanner.web.auth import flash
from fairplanner.web.forms import bind, first_errors, without_nul
from fairplanner.web.forms_venues import UNIT_HINTS, PhotoForm, answer_form_class, answer_parts
from fairplanner.web.templating import render
from fairplanner.web.views.fairs import load_access

# A little over the photo limit, so a slightly-too-big photo gets our plain message with the
# alt text kept, rather than a parser error.
MAX_PART = venue_photos.MAX_BYTES + 2 * 1024 * 1024


async def _load(request: Request, action: Action) -> tuple[FairAccess, Venue, Assessment]:
    access = await load_access(request, action)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    assessment = await venues.assessment(
        venue=venue, assessment_id=request.path_params["assessment_id"]
    )
    return access, venue, assessment


def _may_edit(access: FairAccess, assessment: Assessment) -> bool:
    """An assessment is its assessor's record; organisers may correct it."""
    mine = assessment.assessor_id == access.person.id  # type: ignore[attr-defined]
    return mine or access.allows(Action.CHOOSE_VENUE)


async def overview(request: Request) -> Response:
    access, venue, assessment = await _load(request, Action.VIEW_VENUES)
    answers = await venues.answers_of(assessment=assessment)
    catalogue = checklist()
    return render(
        request,
        "venues/assessment.html",
        {
            "fair": access.fair,
            "venue": venue,
            "assessment": assessment,
            "answers": answers,
            "categories": [
                (c, catalogue.in_category(c.key)) for c in catalogue.categories.values()
            ],
            "next_item": venues.first_unanswered(answers),
            "may_edit": _may_edit(access, assessment) and access.allows(Action.ASSESS_VENUES),
            "total": len(catalogue.items),
            "describe": describe,
        },
    )


def _initial(item_kind: str, answer: object | None) -> dict[str, object]:
    if answer is None:
        return {}
    state, value = answer.state, answer.value  # type: ignore[attr-defined]
    initial: dict[str, object] = {"note": answer.note, "extra": answer.extra}  # type: ignore[attr-defined]
    if item_kind in {"yes_no", "choice"}:
        initial["answer"] = value if state == "answered" else state.value
    else:
        initial["state"] = state.value
        initial["value"] = [v for v in value.split(",") if v] if item_kind == "multi" else value
    return initial


async def item_page(request: Request) -> Response:
    access, venue, assessment = await _load(request, Action.ASSESS_VENUES)
    if not _may_edit(access, assessment):
        raise PermissionDenied("This is someone else's assessment. Start your own instead.")
    item = venues.item(request.path_params["item_code"])
    answers = await venues.answers_of(assessment=assessment)
    form = bind(
        answer_form_class(item.code),
        await request.form() if request.method == "POST" else None,
        **_initial(item.kind, answers.get(item.code)),
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        if form.validate():
            state, value = answer_parts(item, form)
            try:
                await venues.save_answer(
                    assessment=assessment,
                    item_code=item.code,
                    state=state,
                    value=value,
                    extra=form.extra.data if "extra" in form else "",
                    note=form.note.data or "",
                )
            except DomainError as exc:
                errors = {exc.field or "value": exc.message}
            else:
                following = venues.next_item(item.code)
                after = "overview" if request.query_params.get("then") == "overview" else ""
                if following is None or after:
                    flash(request, "Your answers are saved.")
                    return RedirectResponse(_overview_url(request, venue, assessment), 303)
                return RedirectResponse(_item_url(request, venue, assessment, following.code), 303)
        errors = errors or first_errors(form)
    return await _render_item(request, access, venue, assessment, item.code, form, errors)


async def _render_item(
    request: Request,
    access: FairAccess,
    venue: Venue,
    assessment: Assessment,
    code: str,
    form: object,
    errors: dict[str, str],
    photo_form: object | None = None,
    photo_errors: dict[str, str] | None = None,
) -> Response:
    item = venues.item(code)
    codes = [i.code for i in checklist().items]
    position = codes.index(item.code)
    return render(
        request,
        "venues/item.html",
        {
            "fair": access.fair,
            "venue": venue,
            "assessment": assessment,
            "item": item,
            "category": checklist().categories[item.category],
            "form": form,
            # One error summary (in base.html) for both forms: their field names differ.
            "errors": {**errors, **(photo_errors or {})},
            "photo_form": photo_form or bind(PhotoForm, None),
            "photo_errors": photo_errors or {},
            "photos": await venue_photos.photos_of(assessment=assessment, item_code=item.code),
            "position": position + 1,
            "total": len(codes),
            "previous": codes[position - 1] if position else None,
            "unit_hint": UNIT_HINTS.get(item.kind, ""),
            "extra_hint": UNIT_HINTS.get(item.also.kind, "") if item.also else "",
        },
        status_code=422 if errors or photo_errors else 200,
    )


def _item_url(request: Request, venue: Venue, assessment: Assessment, code: str) -> str:
    return str(
        request.url_for(
            "venues:item",
            fair_id=venue.fair_id,  # type: ignore[attr-defined]
            venue_id=venue.id,
            assessment_id=assessment.id,
            item_code=code,
        )
    )


def _overview_url(request: Request, venue: Venue, assessment: Assessment) -> str:
    return str(
        request.url_for(
            "venues:assessment",
            fair_id=venue.fair_id,  # type: ignore[attr-defined]
            venue_id=venue.id,
            assessment_id=assessment.id,
        )
    )


async def photo_add(request: Request) -> Response:
    access, venue, assessment = await _load(request, Action.ASSESS_VENUES)
    if not _may_edit(access, assessment):
        raise PermissionDenied()
    item = venues.item(request.path_params["item_code"])
    errors: dict[str, str] = {}
    try:
        data = await request.form(max_files=1, max_fields=5, max_part_size=MAX_PART)
    except HTTPException:
        data = None
        errors = {"photo": "The photo must be 10 MB or smaller"}
    photo_form = bind(PhotoForm, data) if data is not None else bind(PhotoForm, None)
    if data is not None:
        try:
            await _store_photo(request, assessment, item.code, data)
        except DomainError as exc:
            errors = {exc.field or "photo": exc.message}
        else:
            flash(request, "The photo is added.")
            return RedirectResponse(_item_url(request, venue, assessment, item.code), 303)
        finally:
            await data.close()  # the upload's temporary file
    answers = await venues.answers_of(assessment=assessment)
    form = bind(answer_form_class(item.code), None, **_initial(item.kind, answers.get(item.code)))
    return await _render_item(
        request, access, venue, assessment, item.code, form, {}, photo_form, errors
    )


async def photo_remove(request: Request) -> Response:
    access, venue, assessment = await _load(request, Action.ASSESS_VENUES)
    if not _may_edit(access, assessment):
        raise PermissionDenied()
    photo = await venue_photos.photo_in_venue(venue=venue, photo_id=request.path_params["photo_id"])
    if photo.assessment_id != assessment.id:  # type: ignore[attr-defined]
        raise NotFound()
    await venue_photos.remove_photo(photo=photo, data_dir=request.app.state.settings.data_dir)
    flash(request, "The photo is removed.")
    return RedirectResponse(_item_url(request, venue, assessment, photo.item_code), 303)


async def _store_photo(request: Request, assessment: Assessment, code: str, data: FormData) -> None:
    upload = data.get("photo")
    # Read past the form, so without NUL here too (PostgreSQL refuses it in the alt text).
    alt = str(without_nul(data).get("alt") or "")
    if upload is None or isinstance(upload, str):
        venue_photos.check_upload(size=0, alt=alt)
        return
    # Size and alt text are checked before the bytes are read or anything stored.
    venue_photos.check_upload(size=upload.size or 0, alt=alt)
    await venue_photos.add_photo(
        assessment=assessment,
        item_code=code,
        data=await upload.read(),
        alt=alt,
        data_dir=request.app.state.settings.data_dir,
    )


def photo_file(request: Request, filename: str) -> Response:
    path: Path = venue_photos.photo_dir(request.app.state.settings.data_dir) / filename
    if not path.is_file():
        raise NotFound()
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private"})


async def photo_show(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_VENUES)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    photo = await venue_photos.photo_in_venue(venue=venue, photo_id=request.path_params["photo_id"])
    return photo_file(request, photo.filename)


_BASE = "/{fair_id:int}/venues/{venue_id:int}/assessments/{assessment_id:int}"

routes = [
    Route(_BASE, overview, name="assessment"),
    Route(_BASE + "/items/{item_code:str}", item_page, methods=["GET", "POST"], name="item"),
    Route(_BASE + "/items/{item_code:str}/photos", photo_add, methods=["POST"], name="photo_add"),
    Route(
        _BASE + "/photos/{photo_id:int}/remove",
        photo_remove,
        methods=["POST"],
        name="photo_remove",
    ),
    Route("/{fair_id:int}/venues/{venue_id:int}/photos/{photo_id:int}", photo_show, name="photo"),
]
