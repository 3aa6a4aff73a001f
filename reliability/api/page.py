"""The web page at `/`: paste an article or its address, read its scorecard on the text.

The page is plain HTML, CSS and JavaScript modules in `web/` beside this
module, served as they are (no build step, nothing from a CDN). It calls the
same `/v1` API as any client.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Response, get
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

WEB_DIR = Path(__file__).resolve().parent / "web"
ASSETS = "/web"

# Everything the page loads comes from this server; its scripts are files, never inline.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@get("/", include_in_schema=False, cache_control=CacheControlHeader(no_cache=True))
async def index() -> Response[bytes]:
    """The page itself."""
    return Response(
        (WEB_DIR / "index.html").read_bytes(),
        media_type="text/html; charset=utf-8",
        headers=SECURITY_HEADERS,
    )


# no-cache: the browser revalidates (cheap, with ETags), so an upgrade shows at once.
web_assets = create_static_files_router(
    path=ASSETS,
    directories=[WEB_DIR],
    name="web",
    cache_control=CacheControlHeader(no_cache=True),
    include_in_schema=False,
)
