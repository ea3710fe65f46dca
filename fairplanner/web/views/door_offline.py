"""The door scanner's service worker, so that a door phone that reloads or opens the scanner
page with no network still gets a working scanner.

It is served from `/door/sw.js` (not from /static) because a service worker only controls
pages at or below its own path: from here its scope is `/door/`. The script is
`templates/door/sw.js`, given the list of static files the scanner page needs and a version
built from their sizes and times, so that a new deployment is a new script (browsers fetch it
again and install the new version, which drops the old cache).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fairplanner.web import easy_read

# The same folder routes.py serves at /static (imported from there it would be a cycle).
STATIC_DIR = Path(__file__).resolve().parents[3] / "static"

# Every static file the scanner page loads (base.html, the scanner and the fonts its CSS
# names), and the ZXing wasm the camera scanner fetches. Sounds are made by the page (Web
# Audio), so there are no sound files. Files missing from this install (static/build not
# built) are left out: the worker would not install with one missing.
SCANNER_ASSETS = (
    "/img/favicon.svg",
    "/build/fairplanner.css",
    "/build/fonts/atkinson-hyperlegible-latin-400-normal.woff2",
    "/build/fonts/atkinson-hyperlegible-latin-700-normal.woff2",
    "/js/js-enabled.js",
    "/js/init.mjs",
    "/build/govuk-frontend.min.js",
    "/build/barcode-detector.js",
    "/build/zxing_reader.wasm",
    "/js/scanner.js",
)


def scanner_assets() -> list[str]:
    """Paths under /static of the scanner page's files, with its easy-read pictures."""
    pictures = [f"/img/easy-read/{point['icon']}.svg" for point in easy_read.points("door_scan")]
    wanted = [*SCANNER_ASSETS, *dict.fromkeys(pictures)]
    return [path for path in wanted if (STATIC_DIR / path.lstrip("/")).is_file()]


def version(paths: list[str], script: Path) -> str:
    """Changes when any cached file (or the worker itself) changes: sizes and times, not
    contents, so no request reads the 1 MB wasm."""
    digest = hashlib.sha256()
    for file in [script, *(STATIC_DIR / path.lstrip("/") for path in paths)]:
        stat = file.stat()
        digest.update(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


async def service_worker(request: Request) -> Response:
    env: Environment = request.app.state.templates.env
    template = env.get_template("door/sw.js")
    paths = scanner_assets()
    config = {
        "version": version(paths, Path(template.filename or "")),
        "shell": request.url_for("door:scan").path,
        "assets": [request.url_for("static", path=path).path for path in paths],
    }
    # Not stored by the browser's HTTP cache (the security middleware's no-store): the phone
    # asks for the worker on each visit, which is how a new version is noticed.
    return Response(template.render(config=config), media_type="text/javascript")


routes = [Route("/sw.js", service_worker, name="service_worker")]
