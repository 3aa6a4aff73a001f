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

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reliability.store.peering import Pending

__all__ = ["GroupCommit"]

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
