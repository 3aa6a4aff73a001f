"""Request and response bodies of the HTTP API (msgspec Structs, documented in OpenAPI).

Request bodies are decoded strictly (`decode_body`): every JSON value must
have the declared type (`"store": "1"` is refused, not read as true), and an
error's path names the field (`$.document.text`, `$.documents[2].published`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import Meta
from msgspec import inspect as mi

from reliability.api.problems import ApiProblem
from reliability.document import Document
from reliability.engine import ScoreOptions
from reliability.errors import InputError
from reliability.models import Scorecard

T = TypeVar("T")

HeuristicNames = Annotated[
    list[Annotated[str, Meta(max_length=64)]],
    Meta(max_length=100, description="Heuristic names, as listed by GET /v1/heuristics."),
]
Weights = Annotated[
    dict[str, Annotated[float, Meta(ge=0, le=1000)]],
    Meta(
        description="Weights by heuristic name, overriding configuration.",
        examples=[{"hedging": 2.0}],
    ),
]
DocumentIds = Annotated[
    list[Annotated[str, Meta(min_length=1, max_length=200)]],
    Meta(min_length=1, max_length=100, description="Ids of stored documents to compare against."),
]

EXAMPLE_DOCUMENT = {
    "text": "Officials said on Monday that 40 people died. Obviously, the claims are propaganda.",
    "title": "Example",
    "outlet": "Example News",
    "published": "2025-11-03",
    "language": "en",
}


class ScoreRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A document to score, or the URL of a page to fetch and score, and how to score it."""

    document: Annotated[
        Document | None,
        Meta(description="The document: text plus optional metadata. Give this or `url`."),
    ] = None
    url: Annotated[
        Annotated[str, Meta(min_length=1, max_length=2000)] | None,
        Meta(
            description=(
                "An http or https page to fetch, extract and score, instead of `document` "
                "(`https://news.example/2025/11/03/story.html`); the response then also carries "
                "the extracted `document` and a `page` object."
            )
        ),
    ] = None
    include: HeuristicNames | None = None
    exclude: HeuristicNames = []
    weights: Weights = {}
    compare: Annotated[
        Literal["none", "corpus"] | DocumentIds,
        Meta(
            description=(
                "Peers to compare against: `none`; `corpus` (the other coverage of the same "
                "story found in the store); or a list of stored document ids."
            )
        ),
    ] = "none"
    store: Annotated[bool, Meta(description="Also keep the document in the store.")] = False

    def options(self) -> ScoreOptions:
        return ScoreOptions(include=self.include, exclude=self.exclude, weights=self.weights)

    def check_target(self) -> None:
        """Exactly one of `document` and `url` (`TARGET_SCHEMA`); `InputError` otherwise."""
        if self.document is None and self.url is None:
            raise InputError("give a `document` or a `url` to score", path="$.document")
        if self.document is not None and self.url is not None:
            raise InputError("give either a `document` or a `url`, not both", path="$.url")


# What `check_target` enforces, as JSON Schema: exactly one of `document` and `url` is
# given and not null. The OpenAPI document adds it to ScoreRequest.
TARGET_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"required": ["document"], "properties": {"document": {"type": "object"}}},
        {"required": ["url"], "properties": {"url": {"type": "string"}}},
    ]
}


class PageDate(msgspec.Struct, frozen=True, kw_only=True):
    """A date found on a fetched page, where it was found, and how far to trust it."""

    kind: Annotated[
        Literal["published", "modified"], Meta(description="Publication or modification.")
    ]
    date: Annotated[str, Meta(description="ISO 8601 calendar date, in the page's own time zone.")]
    source: Annotated[
        Literal["url", "metadata", "structured-data", "page"],
        Meta(
            description=(
                "`url`; `metadata` (meta tags, microdata); `structured-data` (JSON-LD); "
                "`page`: `<time>` elements and the dateline under the headline."
            )
        ),
    ]
    confidence: Annotated[
        Literal["high", "low"],
        Meta(
            description=(
                "`high` only when no machine-readable source disagrees and one states the day "
                "unambiguously (a time near midnight needs a second source to settle its day); "
                "`low` otherwise, with the reason in `note`. Only a high-confidence "
                "publication date becomes the document's `published`."
            )
        ),
    ]
    field: Annotated[
        str,
        Meta(
            description=(
                "Where exactly the date was found, e.g. `meta article:published_time` or "
                "`JSON-LD NewsArticle.datePublished`."
            )
        ),
    ] = ""
    time: Annotated[
        str | None,
        Meta(description="The date-time as the page states it (ISO 8601, offset when stated)."),
    ] = None
    note: Annotated[
        str | None, Meta(description="Why the date is not trusted, when it is not.")
    ] = None


class FetchReport(msgspec.Struct, frozen=True, kw_only=True):
    """How a page scored by URL was fetched."""

    requested_url: Annotated[str, Meta(description="The URL as requested.")]
    final_url: Annotated[str, Meta(description="The URL after redirects.")]
    redirects: Annotated[list[str], Meta(description="Each URL redirected to, in order.")] = []
    status: Annotated[int, Meta(description="The page's HTTP status.")]
    content_type: Annotated[str, Meta(description="The page's media type.")]
    fetched_at: Annotated[str, Meta(description="When it was fetched (ISO 8601, UTC).")]
    from_cache: Annotated[
        bool, Meta(description="True when this request was served from the page cache.")
    ]
    dates: Annotated[
        list[PageDate], Meta(description="Publication and modification dates found on the page.")
    ] = []


class PageScorecard(Scorecard, frozen=True, kw_only=True):
    """A scorecard for a page scored by URL, with the extracted document its spans point into."""

    document: Annotated[
        Document,
        Meta(description="The document extracted from the page; every span is into its `text`."),
    ]
    page: Annotated[FetchReport, Meta(description="How the page was fetched, and its dates.")]


class BatchRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Several documents to score with the same options."""

    documents: Annotated[
        list[Document], Meta(min_length=1, max_length=1000, description="The documents, in order.")
    ]
    include: HeuristicNames | None = None
    exclude: HeuristicNames = []
    weights: Weights = {}
    compare: Annotated[
        Literal["none", "together", "corpus"],
        Meta(
            description=(
                "`none`: each alone; `together`: the documents are one story and each is "
                "scored against the others; `corpus`: each against its story in the store."
            )
        ),
    ] = "none"
    store: Annotated[bool, Meta(description="Also keep the documents in the store.")] = False

    def options(self) -> ScoreOptions:
        return ScoreOptions(include=self.include, exclude=self.exclude, weights=self.weights)


class BatchResponse(msgspec.Struct, kw_only=True):
    """Scorecards in the order the documents were given."""

    scorecards: list[Scorecard]


class StoredDocument(msgspec.Struct, kw_only=True):
    """A document as kept in the store."""

    id: Annotated[str, Meta(description="The stored document's id.")]
    created: Annotated[
        bool, Meta(description="True when this request stored it; false when it was already there.")
    ]
    document: Annotated[Document, Meta(description="The document as stored.")]


class DocumentBatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Several documents to store in one transaction."""

    documents: Annotated[
        list[Document],
        Meta(min_length=1, max_length=1000, description="The documents, in order."),
    ]


class StoredSummary(msgspec.Struct, kw_only=True):
    """One document of a batch as kept: its id, and whether this request stored it."""

    id: Annotated[str, Meta(description="The stored document's id.")]
    created: Annotated[
        bool, Meta(description="True when this request stored it; false when it was already there.")
    ]


class StoredBatch(msgspec.Struct, kw_only=True):
    """The documents of a batch as kept, in the order given."""

    items: Annotated[list[StoredSummary], Meta(description="One entry per document given.")]
    created: Annotated[int, Meta(ge=0, description="How many of them this request stored.")]


class Health(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Liveness or readiness."""

    status: Annotated[Literal["ok", "unavailable"], Meta(description="`ok` or `unavailable`.")]
    detail: Annotated[str | None, Meta(description="Why it is unavailable.")] = None


class ProblemError(msgspec.Struct, kw_only=True):
    """One invalid field."""

    path: Annotated[str, Meta(description="JSON path (`$.document.text`) or `query.<name>`.")]
    message: Annotated[str, Meta(description="What is wrong with it.")]


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    type: Annotated[str, Meta(description="A URI naming the kind of problem.")]
    title: Annotated[str, Meta(description="A short summary of the kind of problem.")]
    status: Annotated[int, Meta(description="The HTTP status code.")]
    detail: Annotated[str, Meta(description="What went wrong with this request.")]
    instance: Annotated[str, Meta(description="The request path.")]
    errors: Annotated[
        list[ProblemError], Meta(description="The invalid fields, for validation errors.")
    ] = []


def heuristic_name_errors(
    request: ScoreRequest | BatchRequest, installed: Collection[str]
) -> list[dict[str, str]]:
    """One `{path, message}` for each heuristic the request names that is not installed."""
    known = ", ".join(sorted(installed))
    errors = []
    named = [
        *((f"$.include[{i}]", n) for i, n in enumerate(request.include or ())),
        *((f"$.exclude[{i}]", n) for i, n in enumerate(request.exclude)),
        *((f"$.weights.{n}", n) for n in request.weights),
    ]
    for path, name in named:
        if name not in installed:
            errors.append(
                {"path": path, "message": f"no heuristic named {name!r} is installed ({known})"}
            )
    return errors


# -- strict decoding ---------------------------------------------------------------

_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}
_AT = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]+)`)?$", re.S)
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_NAMED_FIELD = re.compile(r"^Object (?:contains unknown|missing required) field `(?P<field>[^`]+)`")
_FIELD_FIRST = re.compile(r"^(?P<field>[a-z_]+)(?P<colon>:\s*|\s)")


def decode_body(body: bytes, model: type[T]) -> T:
    """Decode a JSON request body strictly into `model`.

    No value is coerced: a string where a boolean or a number is declared is an
    error. Every problem raises `InputError` (or a malformed-JSON `ApiProblem`)
    whose path names the offending field. Nesting is bounded by the model, so a
    body nested thousands of levels deep fails at the first level the model does
    not allow instead of exhausting the stack.
    """
    if not body.strip():
        raise InputError("the request has no body: send a JSON object", path="$")
    decoder = _decoders.get(model)
    if decoder is None:
        decoder = _decoders[model] = msgspec.json.Decoder(model)
    try:
        return decoder.decode(body)
    except msgspec.ValidationError as exc:
        path, message = locate(model, str(exc))
        raise InputError(message, path=path) from None
    except msgspec.DecodeError as exc:
        raise ApiProblem(
            400,
            f"malformed JSON: {exc}",
            errors=[{"path": "$", "message": f"malformed JSON: {exc}"}],
            slug="malformed-json",
        ) from None


def locate(model: Any, error: str) -> tuple[str, str]:
    """The JSON path and message of a msgspec validation error, down to the field.

    msgspec reports an unknown, a missing or an invalid field (a `__post_init__`
    check, whose message starts with the field's name) at the object holding it;
    the path returned names the field itself. A value inside a mapping is reported
    at the mapping (msgspec does not say which key).
    """
    m = _AT.match(error.strip())
    assert m is not None
    message, path = m.group("message"), m.group("path") or "$"
    path = path.removesuffix("[...]")
    field = None
    if named := _NAMED_FIELD.match(message):
        field = named.group("field")
    elif (first := _FIELD_FIRST.match(message)) and first.group("field") in _field_names(
        model, path
    ):
        field = first.group("field")
        if first.group("colon").startswith(":"):
            message = message[first.end() :]
    return (f"{path}.{field}" if field else path), message


def _field_names(model: Any, path: str) -> set[str]:
    """The field names of the Struct at `path` in `model`, or none when it is not a Struct."""
    info = _unwrap(mi.type_info(model))
    for name, index in _STEP.findall(path[1:]):
        if name and isinstance(info, mi.StructType):
            found = next((f for f in info.fields if f.encode_name == name), None)
            if found is None:
                return set()
            info = _unwrap(found.type)
        elif index and isinstance(info, mi.ListType | mi.VarTupleType):
            info = _unwrap(info.item_type)
        else:
            return set()
    return {f.encode_name for f in info.fields} if isinstance(info, mi.StructType) else set()


def _unwrap(info: mi.Type) -> mi.Type:
    """The Struct or list inside an `Annotated` or an optional union."""
    while True:
        if isinstance(info, mi.Metadata):
            info = info.type
        elif isinstance(info, mi.UnionType):
            inner = [
                t for t in info.types if isinstance(t, mi.StructType | mi.ListType | mi.Metadata)
            ]
            if not inner:
                return info
            info = inner[0]
        else:
            return info
