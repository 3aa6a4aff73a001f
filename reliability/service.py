"""Scoring requests as the API and the command line make them.

A request names documents, what to compare them with and whether to keep
them first:

- `compare="none"`: each document on its own;
- `"together"`: the documents are one story, each scored against the others;
- `"corpus"`: each against the other coverage of its story in the store;
- a list of ids: each against those stored documents.

With `store=True` each document is written to the store (durably) before it
is scored, and scored as stored. `ScoringService.jobs` turns a request into
`Job`s (reading and writing the store, so it blocks); `scorecards` and `ascorecards` score
them, in supervised worker processes when the service has a `Supervisor`
(the API; the command line over many documents), else in the calling
process. Scorecards come back in input order.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from reliability.config import Settings
from reliability.document import Document, check_size
from reliability.engine import Engine, ScoreOptions
from reliability.errors import DocumentTooLarge, ReliabilityError
from reliability.jobs import EncodedCard, Job
from reliability.models import Scorecard
from reliability.workers import Supervisor, Task

if TYPE_CHECKING:
    from reliability.store import DocumentStore

Compare = Literal["none", "together", "corpus"] | list[str]


class DocumentNotFound(ReliabilityError):
    """A request names a stored document that is not in the store."""


class NoStore(ReliabilityError):
    """A request needs the store (`store`, `corpus`, ids) and none was given."""


class ScoringService:
    """Compare modes and store-then-score over one engine, one store and (optionally) a pool."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        store: DocumentStore | None = None,
        supervisor: Supervisor | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store
        self.supervisor = supervisor

    # -- checks (cheap, no I/O) --------------------------------------------------

    def check_text(self, document: Document, path: str) -> None:
        """Raise `DocumentTooLarge` naming `path` when the document's text is over the limit."""
        try:
            check_size(document, self.settings.max_text_bytes)
        except DocumentTooLarge as exc:
            raise DocumentTooLarge(exc.message, path=path) from None

    @staticmethod
    def uses_store(compare: Compare, store: bool) -> bool:
        """Whether a request reads or writes the store (so building its jobs blocks)."""
        return store or compare == "corpus" or isinstance(compare, list)

    # -- the store (blocking) -----------------------------------------------------

    def _store(self) -> DocumentStore:
        if self.store is None:
            raise NoStore("this needs a document store: give one with --db")
        return self.store

    def stored(self, ids: Sequence[str]) -> list[Document]:
        """The stored documents with these ids, in order; `DocumentNotFound` for a missing one."""
        store = self._store()
        docs = []
        for doc_id in ids:
            doc = store.get(doc_id)
            if doc is None:
                raise DocumentNotFound(f"no stored document with id {doc_id!r}")
            docs.append(doc)
        return docs

    def corpus_peers(self, document: Document) -> list[Document]:
        """The other coverage of the document's story in the store."""
        store = self._store()
        server = self.settings.server
        found = store.peers(document, limit=server.peer_limit, window_days=server.peer_window_days)
        return [d for d in (store.get(p.id) for p in found) if d is not None]

    def keep(self, document: Document) -> Document:
        """Write the document to the store; the document as stored."""
        self.check_text(document, "$.text")
        stored, _created = self._store().put(document)
        return stored

    def jobs(
        self,
        documents: Sequence[Document],
        *,
        compare: Compare = "none",
        store: bool = False,
        options: ScoreOptions | None = None,
    ) -> list[Job]:
        """The jobs that score `documents` as asked (blocks on the store when it is used).

        Unknown heuristic names fail before anything is written.
        """
        options = options or ScoreOptions()
        self.engine.plan(options)
        docs = [self.keep(d) for d in documents] if store else list(documents)
        if compare == "together":
            return [
                Job(documents=docs, targets=list(range(len(docs))), together=True, options=options)
            ]
        if isinstance(compare, list):
            peers = self.stored(compare)
            return [Job(documents=[d], targets=[0], peers=peers, options=options) for d in docs]
        if compare == "corpus":
            return [
                Job(documents=[d], targets=[0], peers=self.corpus_peers(d), options=options)
                for d in docs
            ]
        return [Job(documents=[d], targets=[0], options=options) for d in docs]

    # -- scoring ------------------------------------------------------------------

    def scorecards(self, jobs: Sequence[Job]) -> Iterator[Scorecard]:
        """Score the jobs (blocking); scorecards in order. Closing the iterator cancels the rest."""
        if self.supervisor is None:
            for job in jobs:
                yield from self._in_process(job)
            return
        tasks = [self.supervisor.submit(job) for job in jobs]
        try:
            for task in tasks:
                yield from task.results()
        finally:
            for task in tasks:
                task.cancel()

    async def ascorecards(self, jobs: Sequence[Job]) -> AsyncIterator[Scorecard]:
        """Score the jobs in the worker pool without blocking the event loop; in order.

        Cancelling (a client gone, a deadline) or closing early stops the workers' work.
        """
        async with contextlib.aclosing(self.aencoded(jobs)) as cards:
            async for card in cards:
                yield card.decode()

    async def aencoded(self, jobs: Sequence[Job]) -> AsyncGenerator[EncodedCard, None]:
        """`ascorecards`, each scorecard as the JSON its worker encoded, to pass on as it is."""
        supervisor = self.supervisor
        assert supervisor is not None, "scoring without blocking needs a worker pool"
        tasks: list[Task] = [supervisor.submit(job) for job in jobs]
        try:
            for task in tasks:
                for index in task.job.targets:
                    yield await asyncio.wrap_future(task.futures[index])
        finally:
            for task in tasks:
                task.cancel()

    async def ascore(self, jobs: Sequence[Job]) -> list[Scorecard]:
        """Every scorecard of the jobs, in order (see `ascorecards`)."""
        return [card async for card in self.ascorecards(jobs)]

    async def aencode(self, jobs: Sequence[Job]) -> list[EncodedCard]:
        """Every scorecard of the jobs as JSON, in order (see `aencoded`)."""
        return [card async for card in self.aencoded(jobs)]

    def _in_process(self, job: Job) -> Iterator[Scorecard]:
        engine, options = self.engine, job.options
        if job.together:
            analyses = [engine.prepare(d) for d in job.documents]
            for i in job.targets:
                others = analyses[:i] + analyses[i + 1 :]
                yield engine.score(analyses[i], peers=others, options=options)
            return
        peers = [engine.prepare(p) for p in job.peers]
        for i in job.targets:
            yield engine.score(job.documents[i], peers=peers, options=options)

    def score(
        self,
        documents: Sequence[Document],
        *,
        compare: Compare = "none",
        store: bool = False,
        options: ScoreOptions | None = None,
    ) -> list[Scorecard]:
        """Score documents as asked, blocking; the scorecards in input order."""
        jobs = self.jobs(documents, compare=compare, store=store, options=options)
        return list(self.scorecards(jobs))
