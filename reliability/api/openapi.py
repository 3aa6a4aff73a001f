"""Completing the OpenAPI document: model descriptions and a real example for every model.

Litestar takes field descriptions from the models' `Meta(description=...)`
but not a Struct's docstring, so the docstring is copied in here. Examples
are made by running the engine on a sample document at start-up, so every
example is a genuine output of this version, not hand-written JSON that can
drift.
"""

from __future__ import annotations

import inspect
from typing import Any

import msgspec
from litestar import Litestar

from reliability import models
from reliability.api import schemas
from reliability.document import Document, make_document
from reliability.engine import Engine
from reliability.store import base as store_base

_MODULES = (models, schemas, store_base)


def _classes() -> dict[str, type]:
    found: dict[str, type] = {"Document": Document}
    for module in _MODULES:
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, msgspec.Struct):
                found.setdefault(name, obj)
    return found


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
    out: dict[str, Any] = {
        "Document": doc,
        "ScoreRequest": {"document": schemas.EXAMPLE_DOCUMENT, "exclude": [], "compare": "none"},
        "BatchRequest": {"documents": [schemas.EXAMPLE_DOCUMENT], "compare": "together"},
        "Scorecard": card,
        "BatchResponse": schemas.BatchResponse(scorecards=[card]),
        "StoredDocument": schemas.StoredDocument(id=doc.doc_id, created=True, document=doc),
        "DocumentSummary": summary,
        "Page": store_base.Page(items=[summary], next_cursor=None),
        "Health": schemas.Health(status="ok"),
        "Peer": store_base.Peer(id=doc.doc_id, score=7.5, shared=["n:maduro", "k:sanctions"]),
    }
    page_date = schemas.PageDate(
        kind="published", date="2025-11-03", source="metadata", confidence="high"
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


def complete_openapi(app: Litestar, engine: Engine) -> None:
    """Fill in each component schema's description (from its docstring) and example."""
    components = app.openapi_schema.components
    if components is None or components.schemas is None:
        return
    classes = _classes()
    samples = examples(engine)
    for name, schema in components.schemas.items():
        cls = classes.get(name)
        if schema.description is None and cls is not None and cls.__doc__:
            schema.description = inspect.cleandoc(cls.__doc__).split("\n\n")[0]
        if name in samples and not schema.examples:
            schema.examples = [samples[name]]
