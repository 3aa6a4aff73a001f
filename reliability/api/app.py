"""The HTTP API: scorecards, the document store, heuristics, health and metrics.

`create_app()` builds the Litestar application. Scoring runs in a pool of
worker processes supervised by this one (`reliability.workers`), through the
scoring service (`reliability.service`); store access runs on a thread. The
event loop never runs a heuristic, and a request that is cancelled (its
client went away, or its deadline passed) stops its work in the workers.
The document-store endpoints are in `reliability.api.documents`; what the
handlers share (the services object, problem responses) is in
`reliability.api.services`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import msgspec
from litestar import Controller, Litestar, Request, Response, Router, get, post
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import JSONBody
from litestar.response import Stream
from litestar.static_files import create_static_files_router
from openapi_ui_bundles import swagger_ui

from reliability import __version__
from reliability.api import metrics
from reliability.api.access import HEADER, AccessControl, host_check_middleware, require_access
from reliability.api.documents import DocumentController
from reliability.api.middleware import (
    StrictRequest,
    allow_header_middleware,
    check_body,
    deadline_middleware,
    disconnect_middleware,
)
from reliability.api.openapi import complete_openapi
from reliability.api.page import index, web_assets
from reliability.api.problems import HANDLERS, PROBLEM_JSON
from reliability.api.schemas import (
    BatchRequest,
    FetchReport,
    Health,
    PageDate,
    PageScorecard,
    Problem,
    ScoreRequest,
)
from reliability.api.services import (
    PROBLEM_DESCRIPTIONS,
    Services,
    problems,
    scoring_errors,
    services,
)
from reliability.config import Settings, load_settings
from reliability.engine import Engine
from reliability.fetch import Fetcher, fetch_document
from reliability.models import HeuristicInfo, Scorecard
from reliability.store import DocumentStore, open_store
from reliability.workers import Supervisor

log = logging.getLogger(__name__)
NDJSON = "application/x-ndjson"
DOCS_ASSETS = "/docs/assets"


def _json_response(body: bytes) -> Response[Any]:
    """A 200 response with a JSON body already encoded."""
    return Response(body, media_type="application/json")


class ScorecardController(Controller):
    """Score documents."""

    path = "/v1/scorecards"
    tags = ["scorecards"]

    @post(
        "",
        operation_id="scoreDocument",
        summary="Score one document",
        status_code=200,
        responses=problems(404, 413, 415, 422, 502),
    )
    async def score(
        self, data: JSONBody[ScoreRequest], svc: NamedDependency[Services], state: State
    ) -> Response[Scorecard | PageScorecard]:
        """Score a document (text and metadata) or a page by URL, optionally against peers.

        `compare` chooses the peers: none, the document's story in the store
        (`corpus`), or a list of stored document ids. With `store: true` the
        document is also kept, durably, before the scorecard is returned.
        With `url` instead of `document` the page is fetched (public addresses
        only, redirects checked, cached as its Cache-Control allows), its article
        text and metadata are extracted, and the response adds that `document`
        (the spans point into its text) and a `page` object with the fetch and
        the page's dates, each with its source and confidence.
        """
        data.check_target()
        svc.check_names(data)
        if data.url is not None:
            return Response(await score_page(state.fetcher, svc, data, data.url))
        document = data.document
        assert document is not None  # check_target
        svc.check_text(document, "$.document.text")
        card = await svc.encode_one(document, data.compare, data.store, data.options())
        # The worker's JSON is the body as it is: never decoded and encoded again here.
        return _json_response(card.json)

    @post(
        "/batch",
        operation_id="scoreBatch",
        summary="Score several documents",
        status_code=200,
        responses=problems(413, 415),
    )
    async def batch(
        self,
        data: JSONBody[BatchRequest],
        svc: NamedDependency[Services],
        request: Request[Any, Any, Any],
    ) -> Response[Any]:
        """Score several documents with the same options, in order.

        With `compare: together` the documents are one story and each is scored
        against the others. Send `Accept: application/x-ndjson` to receive one
        scorecard per line as each is ready (for large batches).
        """
        options = data.options()
        svc.check_names(data)
        for i, doc in enumerate(data.documents):
            svc.check_text(doc, f"$.documents[{i}].text")

        jobs = await svc.jobs_for(list(data.documents), data.compare, data.store, options)

        if NDJSON in request.headers.get("accept", ""):

            async def lines() -> AsyncGenerator[bytes, None]:
                with scoring_errors():
                    async for card in svc.aencoded(jobs):
                        metrics.observe_timings(card.timings)
                        yield card.json + b"\n"

            return Stream(lines(), media_type=NDJSON)

        with scoring_errors():
            cards = await svc.aencode(jobs)
        for card in cards:
            metrics.observe_timings(card.timings)
        # A `BatchResponse`, written around the workers' JSON.
        return _json_response(b'{"scorecards":[' + b",".join(c.json for c in cards) + b"]}")


async def score_page(
    fetcher: Fetcher, svc: Services, data: ScoreRequest, url: str
) -> PageScorecard:
    """Fetch the page at `url`, extract its document and score it as `data` asks."""
    options = data.options()
    svc.engine.plan(options)  # unknown heuristic names fail before any fetch
    page, extraction = await fetch_document(
        fetcher, url, max_text_bytes=svc.settings.max_text_bytes
    )
    document = extraction.document
    card = await svc.score_one(document, data.compare, data.store, options)
    report = FetchReport(
        requested_url=page.requested_url,
        final_url=page.final_url,
        redirects=list(page.redirects),
        status=page.status,
        content_type=page.content_type,
        fetched_at=page.fetched_at,
        from_cache=page.from_cache,
        dates=[
            PageDate(
                kind=d.kind,
                date=d.date,
                source=d.source,
                confidence=d.confidence,
                field=d.field,
                time=d.time,
                note=d.note,
            )
            for d in extraction.dates
        ],
    )
    return PageScorecard(**msgspec.structs.asdict(card), document=document, page=report)


@get(
    "/v1/heuristics",
    operation_id="listHeuristics",
    tags=["heuristics"],
    summary="Installed heuristics",
)
async def heuristics(state: State) -> list[HeuristicInfo]:
    """Installed heuristics with their plugin, version, weight and description."""
    return services(state).engine.heuristics()


@get("/healthz", operation_id="health", tags=["operations"], summary="Alive")
async def healthz() -> Health:
    """The process is up and serving."""
    return Health(status="ok")


@get(
    "/readyz",
    operation_id="ready",
    tags=["operations"],
    summary="Ready",
    responses={503: ResponseSpec(Health, description="The store is unreachable.")},
)
async def readyz(state: State) -> Response[Health]:
    """The store is reachable (503 otherwise)."""
    svc = services(state)
    try:
        ok = await svc.run(svc.store.ping)
    except Exception as exc:  # any failure means not ready
        return Response(Health(status="unavailable", detail=str(exc)), status_code=503)
    if not ok:
        return Response(Health(status="unavailable", detail="store unreachable"), status_code=503)
    return Response(Health(status="ok"))


@get(
    "/metrics",
    operation_id="metrics",
    tags=["operations"],
    summary="Prometheus metrics",
    media_type=metrics.CONTENT_TYPE_LATEST,
    guards=[require_access],
    responses={
        code: ResponseSpec(
            data_container=Problem, description=PROBLEM_DESCRIPTIONS[code], media_type=PROBLEM_JSON
        )
        for code in (401, 429)
    },
)
async def metrics_text() -> Response[bytes]:
    """Requests and latency by route and status; time and failures per heuristic.

    With API keys configured, a key is required here too (`X-API-Key`, or
    `Authorization: Bearer <key>` as Prometheus sends it).
    """
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)


def _server_settings() -> Settings:
    """The settings a server process starts with; if it cannot start, it says why once.

    Under `uvicorn --factory --workers N` an exception here would be a traceback
    and a worker that uvicorn restarts forever. Exit status 3 is uvicorn's
    "failed to start": the supervisor stops instead of restarting it.
    """
    import os

    from reliability.errors import ReliabilityError

    try:
        settings = load_settings()
        metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if metrics_dir:
            # Every worker writes its counts there; a missing folder fails each request.
            try:
                os.makedirs(metrics_dir, exist_ok=True)
            except OSError as exc:
                raise ReliabilityError(
                    f"PROMETHEUS_MULTIPROC_DIR={metrics_dir}: cannot create the folder "
                    f"({exc.strerror}); create it, empty and writable, or unset the variable"
                ) from None
            if not os.access(metrics_dir, os.W_OK | os.X_OK):
                raise ReliabilityError(
                    f"PROMETHEUS_MULTIPROC_DIR={metrics_dir}: the folder is not writable"
                )
    except ReliabilityError as exc:
        logging.getLogger("uvicorn.error").error("reliability: cannot start: %s", exc)
        raise SystemExit(3) from None
    return settings


def _openapi_config() -> OpenAPIConfig:
    """The OpenAPI document's settings and its docs page (Swagger UI, served locally)."""
    return OpenAPIConfig(
        title="reliability",
        version=__version__,
        description=(
            "Source-reliability scorecards for news articles: pluggable heuristics whose "
            "findings point at exact character spans of the text. Errors are RFC 9457 "
            "problem details (`application/problem+json`)."
        ),
        path="/docs",
        # Swagger UI 5 (which renders OpenAPI 3.1) ships with the openapi-ui-bundles
        # package, so the docs page works offline and loads nothing from a CDN.
        render_plugins=[
            SwaggerRenderPlugin(
                path="/",
                js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' href='{DOCS_ASSETS}/favicon-32x32.png'>",
            )
        ],
    )


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    store: DocumentStore | None = None,
    supervisor: Supervisor | None = None,
) -> Litestar:
    """Build the application. Without arguments, settings come from the file and environment.

    Without `supervisor` the app starts its own pool of scoring workers (from
    `settings`) and stops it on shutdown.
    """
    settings = settings if settings is not None else _server_settings()
    server = settings.server

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        own_store = store is None
        own_pool = supervisor is None
        pool = supervisor if supervisor is not None else Supervisor(settings)
        svc = Services(
            settings,
            engine if engine is not None else Engine(settings),
            store if store is not None else open_store(server.db),
            pool,
        )
        # The slot threads that follow the workers wait for the GIL while the event loop
        # holds it: a shorter switch interval answers a finished document sooner.
        sys.setswitchinterval(0.001)
        # Serve once the scoring workers have started (each loads the plugins).
        await anyio.to_thread.run_sync(pool.wait_ready)
        app.state.services = svc
        # Rate limits count in the store when every instance shares it (PostgreSQL).
        app.state.access = AccessControl(server, svc.store.token_buckets())
        # One HTTP client for every page fetched by URL, closed with the app.
        app.state.fetcher = Fetcher(settings.fetch)
        complete_openapi(app, svc.engine)
        try:
            yield
        finally:
            await app.state.fetcher.aclose()
            if own_pool:
                await anyio.to_thread.run_sync(pool.close)
            if own_store:
                svc.store.close()

    cors = CORSConfig(
        allow_origins=list(server.cors_origins),
        allow_origin_regex=(
            r"^(chrome|moz|safari-web)-extension://[A-Za-z0-9._-]+$"
            if server.cors_extensions
            else None
        ),
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=["content-type", HEADER.lower(), "accept"],
    )
    openapi = _openapi_config()
    docs_assets = create_static_files_router(
        path=DOCS_ASSETS, directories=[swagger_ui.static_path], include_in_schema=False
    )
    v1 = Router(
        path="/",
        route_handlers=[ScorecardController, DocumentController, heuristics],
        guards=[require_access],
        dependencies={"svc": Provide(services, sync_to_thread=False)},
        before_request=check_body,
        request_class=StrictRequest,
    )
    return Litestar(
        route_handlers=[v1, healthz, readyz, metrics_text, docs_assets, index, web_assets],
        lifespan=[lifespan],
        exception_handlers=HANDLERS,  # type: ignore[arg-type]
        cors_config=cors,
        openapi_config=openapi,
        request_max_body_size=server.max_body_bytes,
        middleware=[
            metrics.metrics_middleware,
            host_check_middleware(server.allowed_hosts),
            allow_header_middleware,
            deadline_middleware(server.deadline),
            disconnect_middleware,
        ],
        debug=False,
    )
