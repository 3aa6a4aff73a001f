"""The document-store endpoints: `/v1/documents` (store, list, read, delete, score).

Litestar reads the handlers' annotations at run time, so every name they use is
imported here, not only for type checking.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from reliability.api.problems import ApiProblem
from reliability.api.schemas import DocumentBatch, StoredBatch, StoredDocument, StoredSummary
from reliability.api.services import Services, problems, scoring_errors
from reliability.document import Document
from reliability.engine import ScoreOptions
from reliability.models import Scorecard
from reliability.store import Page
from reliability.store.base import decode_cursor, encode_cursor

# A listing position as the API shows it: `<stored_at>~<id>` of the last item seen, in
# printable ASCII. Every value of this form is a position (the store compares the two
# strings), so no cursor the schema admits is refused.
CURSOR_PATTERN = r"^[!-}]{1,100}~[!-}]{1,200}$"


class DocumentController(Controller):
    """The durable document store."""

    path = "/v1/documents"
    tags = ["documents"]

    @post(
        "",
        operation_id="storeDocument",
        summary="Store a document",
        status_code=201,
        responses={
            200: ResponseSpec(StoredDocument, description="The document was already stored."),
            **problems(413, 415),
        },
    )
    async def create(
        self, data: JSONBody[Document], svc: NamedDependency[Services]
    ) -> Response[StoredDocument]:
        """Keep a document. Idempotent: the same normalised text always gets the same id.

        201 when the document is new, 200 when it was already stored (the first
        stored metadata is kept). The store assigns the id from the text; an
        `id` in the body is not used. The write is durable before the response.
        """

        def put() -> tuple[Document, bool]:
            svc.check_text(data, "$.text")
            return svc.store.put(data)

        doc, created = await svc.run(put)
        body = StoredDocument(id=doc.doc_id, created=created, document=doc)
        return Response(
            body,
            status_code=201 if created else 200,
            headers={"Location": f"/v1/documents/{doc.doc_id}"},
        )

    @post(
        "/bulk",
        operation_id="storeDocuments",
        summary="Store many documents in one transaction",
        status_code=200,
        responses=problems(413, 415),
    )
    async def create_many(
        self, data: JSONBody[DocumentBatch], svc: NamedDependency[Services]
    ) -> StoredBatch:
        """Keep up to 1,000 documents, written in one transaction, durable before the response.

        Idempotent per document, as `POST /v1/documents`; each item says
        whether this request stored it. Every document is checked first: one
        over the size limit fails the whole request (413, its path in the
        error) and nothing is written.
        """

        def put_many() -> list[tuple[Document, bool]]:
            for i, doc in enumerate(data.documents):
                svc.check_text(doc, f"$.documents[{i}].text")
            return svc.store.put_many(data.documents)

        stored = await svc.run(put_many)
        return StoredBatch(
            items=[StoredSummary(id=doc.doc_id, created=created) for doc, created in stored],
            created=sum(created for _, created in stored),
        )

    @get("", operation_id="listDocuments", summary="List stored documents", responses=problems())
    async def list_documents(
        self,
        svc: NamedDependency[Services],
        outlet: FromQuery[str | None] = None,
        published_from: Annotated[
            dt.date | None, Parameter(description="Published on or after this date.")
        ] = None,
        published_to: Annotated[
            dt.date | None, Parameter(description="Published on or before this date.")
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: Annotated[
            str | None,
            Parameter(
                max_length=500,
                pattern=CURSOR_PATTERN,
                description=(
                    "Where to continue: the `next_cursor` of the previous page, "
                    "`<stored_at>~<id>` of the last document it listed."
                ),
            ),
        ] = None,
    ) -> Page:
        """Stored documents, oldest first, a page at a time; pass `next_cursor` back as `cursor`."""

        def page() -> Page:
            found = svc.store.list(
                outlet=outlet,
                published_from=published_from,
                published_to=published_to,
                limit=limit,
                cursor=None if cursor is None else encode_cursor(*cursor.split("~")),
            )
            if found.next_cursor is None:
                return found
            return Page(items=found.items, next_cursor="~".join(decode_cursor(found.next_cursor)))

        return await svc.run(page)

    @get(
        "/{doc_id:str}",
        operation_id="getDocument",
        summary="Get a stored document",
        responses=problems(404),
    )
    async def read(self, doc_id: FromPath[str], svc: NamedDependency[Services]) -> Document:
        """The stored document with this id."""
        with scoring_errors():
            (doc,) = await svc.run(lambda: svc.stored([doc_id]))
        return doc

    @delete(
        "/{doc_id:str}",
        operation_id="deleteDocument",
        summary="Delete a stored document",
        responses=problems(404),
    )
    async def remove(self, doc_id: FromPath[str], svc: NamedDependency[Services]) -> None:
        """Delete the document with this id (204), or 404 when there is none."""
        if not await svc.run(lambda: svc.store.delete(doc_id)):
            raise ApiProblem(404, f"no stored document with id {doc_id!r}")

    @get(
        "/{doc_id:str}/scorecard",
        operation_id="scoreStoredDocument",
        summary="Score a stored document against the current corpus",
        responses=problems(404),
    )
    async def scorecard(self, doc_id: FromPath[str], svc: NamedDependency[Services]) -> Scorecard:
        """Score a stored document against the other coverage of its story in the store."""

        with scoring_errors():
            (doc,) = await svc.run(lambda: svc.stored([doc_id]))
        return await svc.score_one(doc, "corpus", False, ScoreOptions())
