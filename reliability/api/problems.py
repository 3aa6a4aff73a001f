"""One mapping from errors to RFC 9457 problem-details responses.

Every error a client can cause becomes `application/problem+json` with
`type`, `title`, `status`, `detail`, `instance`, and for validation errors
an `errors` list of `{path, message}` naming the offending field.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotFoundException,
    ValidationException,
)

from reliability.errors import (
    DocumentTooLarge,
    FetchError,
    FetchTimeout,
    InputError,
    PageUnusable,
    ReliabilityError,
    UrlRefused,
)
from reliability.store.base import StoreError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://reliability.invalid/problems/"

TITLES = {
    400: "Bad request",
    401: "Missing or unknown API key",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Deadline exceeded",
}
SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "too-large",
    415: "unsupported-media-type",
    422: "unprocessable",
    429: "rate-limited",
    500: "internal-error",
    502: "bad-gateway",
    503: "unavailable",
    504: "deadline-exceeded",
}

_AT_PATH = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]+)`)?$", re.S)


class ApiProblem(HTTPException):
    """An error to report to the client as problem details."""

    def __init__(
        self,
        status_code: int,
        detail: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        slug: str | None = None,
    ) -> None:
        super().__init__(detail=detail, status_code=status_code, headers=headers)
        self.errors = errors
        self.slug = slug


def problem(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    slug: str | None = None,
) -> Response[dict[str, Any]]:
    """A problem-details response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or SLUGS.get(status, "error")),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _split_path(message: str, prefix: str = "$") -> dict[str, str]:
    """Split msgspec's "... - at `$.a.b`" into a message and a JSON path."""
    m = _AT_PATH.match(message.strip())
    assert m is not None
    path = m.group("path") or prefix
    return {"path": path, "message": m.group("message")}


def _validation_errors(exc: ValidationException) -> list[dict[str, str]]:
    """Field-level errors from Litestar's validation of parameters and bodies."""
    out = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", ""))
        raw_source = item.get("source", "body")
        source = str(getattr(raw_source, "value", raw_source))
        key = str(item.get("key") or "")
        if source == "body":
            # Litestar gives msgspec's "$.a.b" path as the key "a.b".
            out.append({"path": f"$.{key}" if key else "$", "message": message})
        else:
            out.append({"path": f"{source}.{key}", "message": message})
    return out


def to_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """The single exception handler of the app."""
    if isinstance(exc, ApiProblem):
        return problem(
            request,
            exc.status_code,
            exc.detail,
            errors=exc.errors,
            headers=exc.headers,
            slug=exc.slug,
        )
    if isinstance(exc, DocumentTooLarge):
        return problem(
            request, 413, str(exc.message), errors=[{"path": "$.text", "message": exc.message}]
        )
    if isinstance(exc, InputError):
        errors = (
            [_split_path(exc.message)]
            if exc.path is None
            else [{"path": exc.path, "message": exc.message}]
        )
        return problem(request, 400, str(exc), errors=errors)
    if isinstance(exc, FetchError):
        return problem(
            request,
            exc.status,
            exc.message,
            errors=[{"path": "$.url", "message": exc.message}],
            slug=_fetch_slug(exc),
        )
    if isinstance(exc, StoreError):
        log.error("store failure on %s: %s", request.url.path, exc)
        return problem(request, 503, f"the store is unavailable: {exc}")
    if isinstance(exc, ReliabilityError):
        return problem(request, 400, str(exc))
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['path']}: {e['message']}" for e in errors) or exc.detail
        return problem(request, 400, detail, errors=errors, slug="validation")
    if isinstance(exc, NotFoundException):
        return problem(request, 404, f"no resource at {request.url.path}")
    if isinstance(exc, HTTPException):
        status = exc.status_code
        if status == 400 and "JSON" in exc.detail:
            return problem(request, 400, f"malformed JSON: {exc.detail}", slug="malformed-json")
        return problem(request, status, exc.detail, headers=exc.headers)
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return problem(request, 500, "the server failed to handle this request")


def _fetch_slug(exc: FetchError) -> str:
    if isinstance(exc, UrlRefused):
        return "url-refused"
    if isinstance(exc, PageUnusable):
        return "page-unusable"
    if isinstance(exc, FetchTimeout):
        return "fetch-timeout"
    return "fetch-failed"


# Litestar raises RequestEntityTooLarge as a plain HTTPException subclass; the
# generic branch above keeps its 413 status.
HANDLERS = {Exception: to_problem}
