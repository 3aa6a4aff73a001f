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
_AT_PATH = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]+)`)?$", re.S)

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


def problem_body(
    status: int,
    detail: str,
    instance: str,
    *,
    errors: list[dict[str, str]] | None = None,
    slug: str | None = None,
) -> dict[str, Any]:
    """The problem-details object for an error answered with `status` at `instance`."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or SLUGS.get(status, "error")),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors:
        body["errors"] = errors
    return body


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
    body = problem_body(status, detail, request.url.path, errors=errors, slug=slug)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


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


def _where(exc: InputError) -> tuple[str, str]:
    """The JSON path (`$…`, `query.<name>`) and message of an input error.

    An error raised below the API with a bare field name or msgspec's
    "… - at `$.a.b`" suffix is read as well as one the API raised with a path.
    """
    m = _AT_PATH.match(exc.message.strip())
    assert m is not None
    message, path = m.group("message"), exc.path or m.group("path") or "$"
    if not path.startswith(("$", "query.", "path.")):
        path = f"$.{path}"
    return path, message


def describe(exc: Exception, instance: str) -> tuple[int, dict[str, Any], dict[str, str] | None]:
    """The status, problem-details body and headers that answer `exc` at `instance`."""
    if isinstance(exc, ApiProblem):
        status = exc.status_code
        return (
            status,
            problem_body(status, exc.detail, instance, errors=exc.errors, slug=exc.slug),
            exc.headers,
        )
    if isinstance(exc, InputError):
        # A too-large text is 413; every other mistake in the input is 400, with its field.
        status = 413 if isinstance(exc, DocumentTooLarge) else 400
        path, message = _where(exc)
        detail = message if path == "$" or status == 413 else f"{path}: {message}"
        errors = [{"path": path, "message": message}]
        return (
            status,
            problem_body(
                status,
                detail,
                instance,
                errors=errors,
                slug=None if status == 413 else "validation",
            ),
            None,
        )
    if isinstance(exc, FetchError):
        errors = [{"path": "$.url", "message": exc.message}]
        return (
            exc.status,
            problem_body(exc.status, exc.message, instance, errors=errors, slug=_fetch_slug(exc)),
            None,
        )
    if isinstance(exc, StoreError):
        log.error("store failure on %s: %s", instance, exc)
        return 503, problem_body(503, f"the store is unavailable: {exc}", instance), None
    if isinstance(exc, ReliabilityError):
        return 400, problem_body(400, str(exc), instance), None
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['path']}: {e['message']}" for e in errors) or exc.detail
        return 400, problem_body(400, detail, instance, errors=errors, slug="validation"), None
    if isinstance(exc, NotFoundException):
        return 404, problem_body(404, f"no resource at {instance}", instance), None
    if isinstance(exc, HTTPException):
        status = exc.status_code
        if status == 400 and "JSON" in exc.detail:
            body = problem_body(
                400, f"malformed JSON: {exc.detail}", instance, slug="malformed-json"
            )
            return 400, body, None
        return status, problem_body(status, exc.detail, instance), exc.headers
    log.exception("unhandled error on %s", instance, exc_info=exc)
    return 500, problem_body(500, "the server failed to handle this request", instance), None


def to_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """The single exception handler of the app."""
    status, body, headers = describe(exc, request.url.path)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


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
