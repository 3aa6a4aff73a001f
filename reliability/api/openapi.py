"""Completing the OpenAPI document: schemas that say what the server enforces, real examples.

Every model's schema is msgspec's own (`msgspec.json.schema_components`),
made from the same types the server decodes with, so every constraint it
enforces is in the document: lengths, ranges, patterns, unknown fields. The
rules checked beyond the types are added to it (`enforced`): a text that is
not blank, an ISO 8601 `published`, exactly one of `document` and `url`, and
the names of the installed heuristics. Examples are made at start-up by
running the engine on a sample document and the error mapping on a bad
request, so every example is a genuine output of this version, not
hand-written JSON that can drift.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi.spec import Example, Operation, PathItem

from reliability import models
from reliability.api import problems, schemas
from reliability.document import Document, make_document
from reliability.engine import Engine
from reliability.errors import InputError
from reliability.store import base as store_base

REF_TEMPLATE = "#/components/schemas/{name}"
# The request that the examples of `Problem` and `ProblemError` answer.
BAD_REQUEST = b'{"document": {"text": "Officials said 40 people died.", "published": "Monday"}}'

_MODULES = (models, schemas, store_base)


def _classes() -> dict[str, type]:
    found: dict[str, type] = {"Document": Document}
    for module in _MODULES:
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, msgspec.Struct):
                found.setdefault(name, obj)
    return found


def invalid_request_problem() -> dict[str, Any]:
    """The problem details the server answers `BAD_REQUEST` with (a genuine 400)."""
    try:
        schemas.decode_body(BAD_REQUEST, schemas.ScoreRequest)
    except InputError as exc:
        return problems.describe(exc, "/v1/scorecards")[1]
    raise AssertionError("the example of an invalid request was accepted")


def examples(engine: Engine) -> dict[str, Any]:
    """One example per model, as JSON-ready values, from a real scoring run."""
    doc = make_document(**schemas.EXAMPLE_DOCUMENT)
    card = engine.score(doc)
    result = next(
        (r for r in card.heuristics if r.findings), card.heuristics[0] if card.heuristics else None
    )
    finding = result.findings[0] if result and result.findings else None
    summary = store_base.DocumentSummary(
        id=doc.doc_id,
        title=doc.title,
        outlet=doc.outlet,
        author=doc.author,
        url=doc.url,
        published=doc.published,
        language=doc.language,
        stored_at="2025-11-03T12:00:00.000000Z",
        length=len(doc.text),
    )
    problem = invalid_request_problem()
    out: dict[str, Any] = {
        "Problem": problem,
        "ProblemError": problem["errors"][0],
        "Document": doc,
        "ScoreRequest": {"document": schemas.EXAMPLE_DOCUMENT, "exclude": [], "compare": "none"},
        "BatchRequest": {"documents": [schemas.EXAMPLE_DOCUMENT], "compare": "together"},
        "Scorecard": card,
        "BatchResponse": schemas.BatchResponse(scorecards=[card]),
        "StoredDocument": schemas.StoredDocument(id=doc.doc_id, created=True, document=doc),
        "DocumentBatch": {"documents": [schemas.EXAMPLE_DOCUMENT]},
        "StoredSummary": schemas.StoredSummary(id=doc.doc_id, created=True),
        "StoredBatch": schemas.StoredBatch(
            items=[schemas.StoredSummary(id=doc.doc_id, created=True)], created=1
        ),
        "DocumentSummary": summary,
        "Page": store_base.Page(items=[summary], next_cursor=None),
        "Health": schemas.Health(status="ok"),
        "Peer": store_base.Peer(id=doc.doc_id, score=7.5, shared=["n:maduro", "k:sanctions"]),
    }
    page_date = schemas.PageDate(
        kind="published",
        date="2025-11-03",
        source="metadata",
        confidence="high",
        field="meta article:published_time",
        time="2025-11-03T08:30:00-05:00",
    )
    report = schemas.FetchReport(
        requested_url="https://news.example/story",
        final_url="https://news.example/2025/11/03/story.html",
        redirects=["https://news.example/2025/11/03/story.html"],
        status=200,
        content_type="text/html",
        fetched_at="2025-11-03T12:00:00+00:00",
        from_cache=False,
        dates=[page_date],
    )
    out["PageDate"] = page_date
    out["FetchReport"] = report
    out["PageScorecard"] = schemas.PageScorecard(
        **msgspec.structs.asdict(card), document=doc, page=report
    )
    if engine.heuristics():
        out["HeuristicInfo"] = engine.heuristics()[0]
    if result is not None:
        out["HeuristicResult"] = result
    contribution = max(card.contributions, key=lambda c: len(c.reasons), default=None)
    if contribution is not None:
        out["Contribution"] = contribution
        if contribution.reasons:
            out["Reason"] = contribution.reasons[0]
    if finding is not None:
        out["Finding"] = finding
        if finding.spans:
            out["Span"] = finding.spans[0]
            span = finding.spans[0]
            out["RelatedSpan"] = models.RelatedSpan(
                document_id="2c0c7d52132dab88",
                start=span.start,
                end=span.end,
                text=span.text,
                role=span.role,
                selector=span.selector,
            )
            if span.selector is not None:
                out["TextQuoteSelector"] = span.selector
    return {name: msgspec.to_builtins(value) for name, value in out.items()}


def _members(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A property's schema and the alternatives of its `anyOf`."""
    yield schema
    yield from schema.get("anyOf", [])


def enforced(components: dict[str, dict[str, Any]], heuristics: list[str]) -> None:
    """Add to msgspec's schemas the rules the server checks beyond the types."""
    document = components["Document"]["properties"]
    # Document.__post_init__: a text of white space only is refused, and so is a
    # `published` that `parse_published` cannot read.
    document["text"].update(minLength=1, pattern=r"\S")
    document["text"]["description"] += " It must hold more than white space."
    document["published"]["anyOf"] = [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "null"},
    ]
    components["ScoreRequest"].update(schemas.TARGET_SCHEMA)
    # Engine.plan: heuristic names must be installed ones.
    for name in ("ScoreRequest", "BatchRequest"):
        properties = components[name]["properties"]
        for field in ("include", "exclude"):
            for member in _members(properties[field]):
                if member.get("type") == "array":
                    member["items"]["enum"] = heuristics
        properties["weights"]["propertyNames"] = {"enum": heuristics}


def component_schemas(names: set[str], heuristics: list[str]) -> dict[str, dict[str, Any]]:
    """msgspec's schema for each named model (and the models they use), as the server enforces."""
    classes = _classes()
    wanted = [cls for name, cls in classes.items() if name in names]
    _, components = msgspec.json.schema_components(wanted, ref_template=REF_TEMPLATE)
    for name, schema in components.items():
        schema.pop("title", None)
        cls = classes.get(name)
        if cls is not None and cls.__doc__:
            schema["description"] = inspect.cleandoc(cls.__doc__).split("\n\n")[0]
        for prop in schema.get("properties", {}).values():
            # msgspec puts the description of an optional field on its non-null alternative.
            if "description" not in prop:
                found = (m["description"] for m in _members(prop) if "description" in m)
                if (description := next(found, None)) is not None:
                    prop["description"] = description
    enforced(components, heuristics)
    return components


def complete_openapi(app: Litestar, engine: Engine) -> None:
    """Replace the component schemas with msgspec's, completed, each with a real example."""
    components = app.openapi_schema.components
    if components is None or components.schemas is None:
        return
    heuristics = [info.name for info in engine.heuristics()]
    faithful = component_schemas(set(components.schemas), heuristics)
    samples = examples(engine)
    for name, schema in faithful.items():
        if name in samples:
            schema["examples"] = [samples[name]]
    components.schemas.update(faithful)  # type: ignore[arg-type]  # plain JSON Schema
    for path, item in (app.openapi_schema.paths or {}).items():
        for operation in _operations(item):
            _problem_examples(operation, path, samples["Problem"])


def _operations(item: PathItem) -> Iterator[Operation]:
    for method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
        if (operation := getattr(item, method, None)) is not None:
            yield operation


def _problem_examples(operation: Operation, path: str, invalid: dict[str, Any]) -> None:
    """Give each problem response an example with its own status (400: a real invalid field)."""
    for code, response in (operation.responses or {}).items():
        media = (getattr(response, "content", None) or {}).get(problems.PROBLEM_JSON)
        if media is None or not code.isdigit():
            continue
        status = int(code)
        if status == 400 and path == "/v1/scorecards":
            body = invalid
        else:
            detail = getattr(response, "description", None) or problems.TITLES.get(status, "")
            body = problems.problem_body(status, detail, path)
        media.examples = {problems.SLUGS.get(status, "problem"): Example(value=body)}
