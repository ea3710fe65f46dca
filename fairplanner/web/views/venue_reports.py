"""Reports from venue answers: the comparison, the gaps against stated needs, and the access
guide (for members, and on the public side of a published fair)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fairplanner.errors import NotFound
from fairplanner.models import Fair
from fairplanner.models.enums import Phase
from fairplanner.services import venue_photos, venue_reports, venues
from fairplanner.services.catalogues import access_needs
from fairplanner.services.permissions import Action
from fairplanner.services.venue_scoring import STATUS_WORDS
from fairplanner.web.templating import render
from fairplanner.web.venue_cells import TAGS, item_cell, need_cell
from fairplanner.web.views.fairs import load_access
from fairplanner.web.views.venue_assessments import photo_file
from fairplanner.web.views.venues import proposal_url

# The same rule as the public fair page: nothing shows before the fair is published.
PUBLIC_PHASES = frozenset({Phase.PUBLISHED, Phase.LIVE, Phase.REVIEW, Phase.CLOSED})


async def compare(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_VENUES)
    everything = await venues.venues_of(fair=access.fair)
    picked = set(request.query_params.getlist("venue"))
    shown = [v for v in everything if str(v.id) in picked] if picked else everything
    result = await venue_reports.comparison(fair=access.fair, venues=shown)
    return render(
        request,
        "venues/compare.html",
        {
            "fair": access.fair,
            "all_venues": everything,
            "picked": picked,
            "comparison": result,
            "needs": access_needs(),
            "words": STATUS_WORDS,
            "tags": TAGS,
            "proposal_url": proposal_url(request, access.fair.id),
            "item_cell": item_cell,
            "need_cell": need_cell,
            "zone": ZoneInfo(access.fair.time_zone),
        },
    )


async def gaps(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_VENUE_GAPS)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    report = await venue_reports.gaps(fair=access.fair, venue=venue)
    return render(
        request,
        "venues/gaps.html",
        {
            "access": access,
            "fair": access.fair,
            "venue": venue,
            "report": report,
            "words": STATUS_WORDS,
            "tags": TAGS,
            "made": await venue_reports.tasks_made(fair=access.fair, venue=venue),
            "Action": Action,
        },
    )


async def guide(request: Request) -> Response:
    access = await load_access(request, Action.VIEW_FAIR)
    venue = await venues.venue(fair=access.fair, venue_id=request.path_params["venue_id"])
    return await _render_guide(request, access.fair, venue, public=False)


async def _public_fair(request: Request) -> Fair:
    fair = await Fair.get_or_none(id=request.path_params["fair_id"])
    if fair is None or fair.phase not in PUBLIC_PHASES:
        raise NotFound("We could not find that fair. It may not be published yet.")
    return fair


async def public_guide(request: Request) -> Response:
    fair = await _public_fair(request)
    venue = await venues.chosen_venue(fair=fair)
    if venue is None:
        raise NotFound("The organisers have not chosen a venue yet. Please check again soon.")
    return await _render_guide(request, fair, venue, public=True)


async def public_photo(request: Request) -> Response:
    fair = await _public_fair(request)
    venue = await venues.chosen_venue(fair=fair)
    if venue is None:
        raise NotFound()
    photo = await venue_photos.photo_in_venue(venue=venue, photo_id=request.path_params["photo_id"])
    return photo_file(request, photo.filename)


async def _render_guide(request: Request, fair: Fair, venue: object, *, public: bool) -> Response:
    sections = await venue_reports.guide(fair=fair, venue=venue)  # type: ignore[arg-type]
    return render(
        request,
        "venues/guide.html",
        {
            "fair": fair,
            "venue": venue,
            "sections": sections,
            "anything": any(lines for _, lines in sections),
            "public": public,
        },
    )


routes = [
    Route("/fairs/{fair_id:int}/venues/compare", compare, name="compare"),
    Route("/fairs/{fair_id:int}/venues/{venue_id:int}/gaps", gaps, name="gaps"),
    Route("/fairs/{fair_id:int}/venues/{venue_id:int}/guide", guide, name="guide"),
    Route("/events/{fair_id:int}/access-guide", public_guide, name="public_guide"),
    Route(
        "/events/{fair_id:int}/access-guide/photos/{photo_id:int}",
        public_photo,
        name="public_photo",
    ),
]
