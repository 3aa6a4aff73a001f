"""Prometheus metrics: requests and latency by route and status, time and failures per heuristic.

With several worker processes, set `PROMETHEUS_MULTIPROC_DIR` (the `serve`
command does) so that every worker's counts are summed in `/metrics`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from reliability.jobs import Timing
from reliability.models import HeuristicResult, Scorecard, Status

__all__ = [
    "CONTENT_TYPE_LATEST",
    "metrics_middleware",
    "observe_scorecard",
    "observe_timings",
    "render",
]

REQUESTS = Counter(
    "reliability_http_requests_total",
    "HTTP requests by route template, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "reliability_http_request_duration_seconds",
    "HTTP request latency by route template and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
HEURISTIC_TIME = Histogram(
    "reliability_heuristic_duration_seconds",
    "Time each heuristic took per document.",
    ["heuristic"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 2.5),
)
HEURISTIC_FAILURES = Counter(
    "reliability_heuristic_failures_total",
    "Heuristic runs that ended in error or timeout.",
    ["heuristic", "status"],
)


def observe_scorecard(card: Scorecard) -> None:
    """Record each heuristic's time and failures from a finished scorecard."""
    observe_timings(card.heuristics)


def observe_timings(results: Iterable[Timing | HeuristicResult]) -> None:
    """Record each heuristic's time and failures from its name, status and time."""
    for result in results:
        HEURISTIC_TIME.labels(result.name).observe(result.elapsed_ms / 1000)
        if result.status in (Status.ERROR, Status.TIMEOUT):
            HEURISTIC_FAILURES.labels(result.name, result.status.value).inc()


def render() -> tuple[bytes, str]:
    """The exposition text of every metric (summed over worker processes when configured)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def metrics_middleware(app: ASGIApp) -> ASGIApp:
    """ASGI middleware counting requests by the matched route's template."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start = time.perf_counter()
        status: dict[str, Any] = {"code": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            route = scope.get("path_template") or "unmatched"
            method = scope.get("method", "")
            REQUESTS.labels(route, method, str(status["code"])).inc()
            LATENCY.labels(route, method).observe(time.perf_counter() - start)

    return middleware
