"""Group commit: concurrent `put` calls of one process share a transaction.

An API worker stores documents from many requests at once (one thread
each). Each `put` prepares its document (the story terms) on its own
thread, then hands it to `GroupCommit.submit`. The first caller to find no
write in progress becomes the leader: it writes everything queued, its own
document included, in one transaction, wakes the callers whose documents it
committed, and goes on while more are queued. A caller returns only once
its document's transaction has committed, so "durable before the answer"
holds for each; many concurrent writes cost one commit (and one flush to
disk) between them instead of one each.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reliability.analysis import Analysis
from reliability.document import Document, document_id
from reliability.store.peering import Pending, document_of, prepare

__all__ = ["GroupCommit", "PreparedWrites"]

# At most this many documents per shared transaction, so that no caller's
# answer waits behind an unbounded queue.
MAX_GROUP = 256


@dataclass
class _Ticket:
    pending: Pending
    done: threading.Event = field(default_factory=threading.Event)
    created: bool = False
    error: BaseException | None = None


class GroupCommit:
    """Writes queued documents in shared transactions through `write_many`.

    `write_many(pendings)` stores documents with distinct ids in one
    transaction and returns the ids it created (others were stored already).
    """

    def __init__(self, write_many: Callable[[Sequence[Pending]], set[str]]) -> None:
        self._write_many = write_many
        self._lock = threading.Lock()
        self._queue: list[_Ticket] = []
        self._writing = False

    def submit(self, pending: Pending) -> bool:
        """Store one prepared document; whether it was created now. Returns once committed."""
        ticket = _Ticket(pending)
        with self._lock:
            self._queue.append(ticket)
            lead = not self._writing
            self._writing = True
        if lead:
            self._lead()
        ticket.done.wait()
        if ticket.error is not None:
            raise ticket.error
        return ticket.created

    def _lead(self) -> None:
        """Write what is queued, group after group, until nothing is."""
        while True:
            with self._lock:
                group, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
                if not group:
                    self._writing = False
                    return
            self._write(group)

    def _write(self, group: list[_Ticket]) -> None:
        first: dict[str, _Ticket] = {}
        for ticket in group:  # the same text twice: written once, created for the first
            first.setdefault(ticket.pending.document.doc_id, ticket)
        try:
            created = self._write_many([t.pending for t in first.values()])
        except BaseException as exc:  # every caller of the group gets the failure
            for ticket in group:
                ticket.error = exc
                ticket.done.set()
            return
        for doc_id, ticket in first.items():
            ticket.created = doc_id in created
        for ticket in group:
            ticket.done.set()


class PreparedWrites(abc.ABC):
    """`put` and `put_many` for a backend, on top of its own reads and one write primitive.

    A backend provides `get`, `_stored(ids)` (the stored documents among
    `ids`, by id) and `_write_pending(pendings)` (insert prepared documents
    with distinct ids in one transaction, returning the ids that were new),
    and sets `self._group = GroupCommit(self._write_pending)`.
    """

    _group: GroupCommit

    @abc.abstractmethod
    def get(self, id: str) -> Document | None:
        """The stored document with this id, or None (the backend's read)."""

    @abc.abstractmethod
    def _stored(self, ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents among `ids`, by id."""

    @abc.abstractmethod
    def _write_pending(self, pending: Sequence[Pending]) -> set[str]:
        """Insert prepared documents with distinct ids in one transaction; the ids that were new."""

    def put(self, document: Document | Analysis) -> tuple[Document, bool]:
        """See `DocumentStore.put`. Concurrent puts of this process share a transaction."""
        existing = self.get(document_id(document_of(document).text))
        if existing is not None:
            return existing, False
        pending = prepare(document)  # outside any lock
        if self._group.submit(pending):
            return pending.document, True
        # Another writer stored the same text between our check and our write.
        stored = self.get(pending.document.doc_id)
        if stored is None:  # and it was deleted since: rare, and storing again is correct
            return self.put(document)
        return stored, False

    def put_many(self, documents: Iterable[Document | Analysis]) -> list[tuple[Document, bool]]:
        """See `DocumentStore.put_many`.

        Texts already stored are found first and not analysed; the others'
        terms are computed before the write lock is taken.
        """
        items = list(documents)
        ids = [document_id(document_of(item).text) for item in items]
        known = self._stored(ids)
        pending: dict[str, Pending] = {}
        for doc_id, item in zip(ids, items, strict=True):
            if doc_id not in known and doc_id not in pending:
                pending[doc_id] = prepare(item)
        created = self._write_pending(list(pending.values())) if pending else set()
        raced = [doc_id for doc_id in pending if doc_id not in created]
        if raced:  # stored by another writer between the check and the write
            known.update(self._stored(raced))
        results: list[tuple[Document, bool]] = []
        for doc_id in ids:
            if doc_id in created:
                results.append((pending[doc_id].document, True))
                created.discard(doc_id)  # a text given twice is new the first time only
            elif doc_id in known:
                results.append((known[doc_id], False))
            else:  # given twice here (the first one is new), or deleted again since
                results.append((pending[doc_id].document, False))
        return results
