"""What the API's handlers share: the services object, its errors and the problem responses.

`Services` is the scoring service (`reliability.service`) as a request sees it:
store access on a thread, heuristic names checked at their field, and the
service's failures turned into problem details by `scoring_errors()`.
`problems()` lists an operation's problem responses for the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import anyio
from litestar.datastructures import State
from litestar.openapi import ResponseSpec

from reliability.api import metrics
from reliability.api.problems import PROBLEM_JSON, ApiProblem
from reliability.api.schemas import BatchRequest, Problem, ScoreRequest, heuristic_name_errors
from reliability.config import Settings
from reliability.document import Document
from reliability.engine import Engine, ScoreOptions
from reliability.jobs import EncodedCard, Job
from reliability.models import Scorecard
from reliability.service import Compare, DocumentNotFound, ScoringService
from reliability.store import DocumentStore
from reliability.workers import DeadlineExceeded, ScoringFailed, Supervisor

T = TypeVar("T")


PROBLEM_DESCRIPTIONS = {
    400: "Malformed JSON, an unknown field, a wrong type or an invalid value.",
    401: "An API key is required and was missing or unknown.",
    404: "No such document.",
    413: "The body or the document's text is over the limit.",
    415: "The body is not JSON.",
    422: "The URL is refused (scheme, or an address that is not public) or its page is unusable "
    "(content type, size, redirects, no text).",
    429: "The API key's rate limit is reached; see Retry-After.",
    502: "The page at the URL could not be fetched (no connection, an error status).",
    503: "The store is unreachable.",
    504: "The request ran past the deadline.",
}
COMMON = (400, 401, 429, 503, 504)


def problems(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the problem responses an operation can give."""
    return {
        code: ResponseSpec(
            data_container=Problem, description=PROBLEM_DESCRIPTIONS[code], media_type=PROBLEM_JSON
        )
        for code in sorted({*COMMON, *codes})
    }


class Services(ScoringService):
    """What every request shares: the settings, the engine, the store and the worker pool."""

    def __init__(
        self, settings: Settings, engine: Engine, store: DocumentStore, supervisor: Supervisor
    ) -> None:
        super().__init__(settings, engine, store, supervisor)
        self.store: DocumentStore = store

    async def run(self, fn: Callable[[], T]) -> T:
        """Run blocking work (store access) on a thread."""
        # abandon_on_cancel: a request past its deadline stops waiting at once.
        return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)

    def check_names(self, request: ScoreRequest | BatchRequest) -> None:
        """Refuse heuristic names that are not installed, each error at its field."""
        installed = list(self.engine.registry.heuristics)
        errors = heuristic_name_errors(request, installed)
        if errors:
            detail = "; ".join(f"{e['path']}: {e['message']}" for e in errors)
            raise ApiProblem(400, detail, errors=errors, slug="validation")

    async def jobs_for(
        self, documents: list[Document], compare: Compare, store: bool, options: ScoreOptions
    ) -> list[Job]:
        """The request's jobs; on a thread when they read or write the store."""
        with scoring_errors():
            if self.uses_store(compare, store):
                return await self.run(
                    lambda: self.jobs(documents, compare=compare, store=store, options=options)
                )
            return self.jobs(documents, compare=compare, store=store, options=options)

    async def score_one(
        self, document: Document, compare: Compare, store: bool, options: ScoreOptions
    ) -> Scorecard:
        return (await self.encode_one(document, compare, store, options)).decode()

    async def encode_one(
        self, document: Document, compare: Compare, store: bool, options: ScoreOptions
    ) -> EncodedCard:
        """The document's scorecard as the JSON its worker encoded."""
        jobs = await self.jobs_for([document], compare, store, options)
        with scoring_errors():
            (card,) = await self.aencode(jobs)
        metrics.observe_timings(card.timings)
        return card


@contextmanager
def scoring_errors() -> Iterator[None]:
    """The scoring service's failures as the API answers them."""
    try:
        yield
    except DocumentNotFound as exc:
        raise ApiProblem(404, str(exc)) from None
    except DeadlineExceeded as exc:
        raise ApiProblem(504, str(exc)) from None
    except ScoringFailed as exc:
        raise ApiProblem(500, f"the document could not be scored: {exc}") from None


def services(state: State) -> Services:
    return state.services
